/**
 * An approval request: one user, one app, one diagnosis, one decision.
 * State machine (docs/architecture.md#approval-model):
 *   pending -> approving -> approved | failed
 *   pending -> denied | expired | withdrawn
 *   failed -> approving | denied (an approver clicks again; remedies are idempotent)
 * Every change is decided by a pure function and written by src/requests/transition-path.ts with
 * compare-and-set on the stored row's ETag, so each transition happens once.
 */
import type { Diagnosis, Remedy } from '../diagnosis/types';

export const REQUEST_STATES = ['pending', 'approving', 'approved', 'failed', 'denied', 'expired', 'withdrawn'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export type ApprovalScope = 'everyone' | 'user';

export interface Requester {
  /** Entra object id (activity.from.aadObjectId) */
  aadObjectId: string;
  /** Teams user id (activity.from.id, "29:...") for 1:1 messages and card refresh */
  teamsUserId: string;
  displayName: string;
  userPrincipalName: string | null;
}

export interface ApprovalRequest {
  id: string;
  tenantId: string;
  state: RequestState;
  createdAt: string;
  updatedAt: string;
  requester: Requester;
  /** Other users who asked about the same app while this was pending (linked, not duplicated). */
  linkedRequesters: Requester[];
  justification: string | null;
  appId: string;
  appDisplayName: string;
  diagnosis: Diagnosis;
  /** Remedies chosen at approval time (everyone or user-only plan). */
  decision: {
    by: { aadObjectId: string; displayName: string } | null;
    at: string | null;
    scope: ApprovalScope | null;
    reason: string | null;
    /**
     * The exact writes fixed at the Approve click: the stored plan plus the scopes the approver
     * confirmed and the role they picked (validated against the plan). Absent on older rows: the plan is used.
     */
    remedies?: Remedy[];
  };
  /** What the fix did: each remedy's outcome, in order. */
  outcome: {
    steps: Array<{
      remedy: Remedy;
      status: 'done' | 'already_done' | 'failed' | 'skipped';
      graphRequestId: string | null;
      error: string | null;
    }>;
    verified: boolean | null;
    error: string | null;
  } | null;
  /**
   * An app the tenant does not have: stored, but no admin card and no digest entry until the
   * requester confirms with a note (src/requests/submit.ts). Absent on older rows = confirmed.
   */
  awaitingConfirmation?: boolean;
  /** Where the admin card was posted, for updates. */
  adminCard: { conversationId: string; activityId: string; serviceUrl: string } | null;
  /**
   * The answer cards this request produced in people's 1:1 chats (the requester's, linked
   * people's), updated on every state change so no card keeps saying "waiting". Absent on rows
   * written before it existed.
   */
  requesterCards?: RequesterCardRef[];
  /**
   * Entra admin-consent requests (userConsentRequests) this request stands for: posted by the
   * watcher (src/watchers) or linked to a chat request for the same fix. Graph cannot close them,
   * so the card links to Entra after a decision. Absent on rows written before it existed.
   */
  entraRequests?: EntraRequestRef[];
}

/** One person's request in Entra's admin consent workflow, as Graph returned it. */
export interface EntraRequestRef {
  /** userConsentRequest id: the key (one per requester of an app). */
  userConsentRequestId: string;
  /** The parent appConsentRequest id. */
  appConsentRequestId: string;
  requesterId: string;
  requesterName: string;
  reason: string | null;
  /** The scopes Entra recorded for the app (pendingScopes display names). */
  scopes: string[];
  createdDateTime: string;
}

export interface RequesterCardRef {
  conversationId: string;
  activityId: string;
  serviceUrl: string;
  /** Whose chat it is: the card is rendered for them (only the requester may add a note). */
  viewerAadObjectId: string;
}

/** Who an audit entry names: a person, or the bot itself (null id). */
export interface AuditActor {
  aadObjectId: string | null;
  displayName: string | null;
}

/** The bot itself, in the audit trail. */
export const BOT_AUDIT_ACTOR: AuditActor = { aadObjectId: null, displayName: 'Consent Doctor' };

export interface AuditEntry {
  requestId: string;
  at: string;
  actor: AuditActor;
  action: string;
  detail: string;
  graphRequestId: string | null;
  result: 'ok' | 'refused' | 'error';
}

/** An audit entry before it is stamped with its time. */
export interface AuditInput {
  requestId: string;
  actor: AuditActor;
  action: string;
  detail: string;
  graphRequestId?: string | null;
  result: AuditEntry['result'];
}
