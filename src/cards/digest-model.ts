/** Requests and Entra consent requests -> digest view model. Pure; the digest module supplies `now`. */
import type { AdminConsentRequestPolicy, AppConsentRequest } from '../graph/types';
import type { ApprovalRequest } from '../requests/model';
import { type ChangeContext, changeTitle, toChangeView } from './changes';

export interface DigestPendingItem {
  requestId: string;
  requester: string;
  appName: string;
  proposedFix: string;
  createdAt: string;
  expiresAt: string | null;
  /** Deep link to the admin card's thread (see links.teamsMessageUrl). */
  threadUrl: string | null;
  /** An approval whose fix failed (its Graph error code): it waits to be approved again or denied. */
  failedWith?: string;
}

export interface DigestEntraItem {
  appName: string;
  appId: string;
  requester: string;
  createdAt: string;
  expiresAt: string | null;
  /** The bot (or someone) already granted what was asked: the Entra request only needs closing. */
  alreadyGranted: boolean;
}

export interface DigestViewModel {
  now: string;
  pending: DigestPendingItem[];
  entra: DigestEntraItem[];
  /** Items expiring within this many days are listed under "Expiring soon". */
  expiringSoonDays: number;
  /** How to see everything, e.g. 'Mention me with "pending" to see every request.' */
  seeAllText: string;
  /**
   * A note under the title about Entra's queue (markdown, untrusted parts already escaped): requests
   * decided here that Entra still lists, or why the queue could not be read. When it could not be
   * read, the Entra total and section say so instead of claiming "0" and "Nothing here".
   */
  entraNote?: { kind: 'decided_here' | 'unreadable'; text: string };
}

export function toDigestPendingItem(
  request: ApprovalRequest,
  threadUrl: string | null,
  expiresAt: string | null = null,
  ctx: ChangeContext = {},
): DigestPendingItem {
  const first = request.diagnosis.remedies
    .map((r) => toChangeView(r, ctx))
    .find((c) => c !== null && c.kind !== 'manual');
  return {
    requestId: request.id,
    requester: request.requester.displayName,
    appName: request.diagnosis.app?.displayName ?? request.appDisplayName,
    proposedFix: first ? changeTitle(first) : 'No automatic fix: see the card',
    createdAt: request.createdAt,
    expiresAt,
    threadUrl,
    ...(request.state === 'failed' ? { failedWith: request.outcome?.error ?? 'unknown error' } : {}),
  };
}

function addDays(iso: string, days: number): string | null {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

/** One item per InProgress user request (Graph returns the parent with all its children). */
export function toDigestEntraItems(
  requests: AppConsentRequest[],
  policy: Pick<AdminConsentRequestPolicy, 'requestDurationInDays'> | null,
  isAlreadyGranted: (appId: string) => boolean,
): DigestEntraItem[] {
  const duration = policy?.requestDurationInDays ?? 0;
  return requests.flatMap((r) =>
    r.userConsentRequests
      .filter((u) => u.status === 'InProgress')
      .map((u) => ({
        appName: r.appDisplayName,
        appId: r.appId,
        requester: u.createdBy.user.displayName ?? u.createdBy.user.userPrincipalName ?? u.createdBy.user.id,
        createdAt: u.createdDateTime,
        expiresAt: duration > 0 ? addDays(u.createdDateTime, duration) : null,
        alreadyGranted: isAlreadyGranted(r.appId),
      })),
  );
}
