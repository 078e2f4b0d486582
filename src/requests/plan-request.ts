/**
 * Where a new "an admin must act" diagnosis goes: the asker's own open request for the app (reuse),
 * another person's open request whose tenant-wide fix also fixes this asker (link), or a new
 * request (create). Pure: the caller reads the open requests and writes the result with CAS.
 */
import type { Diagnosis, Remedy } from '../diagnosis/types';
import type { ApprovalRequest, Requester } from './model';
import { applyEvent, type RequestEvent } from './state-machine';

/** States in which a request is still open for the same app (a new one would duplicate it). */
export const OPEN_STATES = ['pending', 'approving'] as const;

export type RequestPlan =
  /** `refreshed`: the request now carries this newer diagnosis (to be stored and its card updated). */
  | { kind: 'reuse'; request: ApprovalRequest; refreshed?: boolean }
  | { kind: 'link'; request: ApprovalRequest; event: Extract<RequestEvent, { type: 'link_requester' }> }
  | { kind: 'create'; request: ApprovalRequest };

export interface PlanInput {
  /** Open requests for this app (any requester), oldest first. */
  existing: ApprovalRequest[];
  diagnosis: Diagnosis;
  requester: Requester;
  justification: string | null;
  tenantId: string;
  now: Date;
  /** Id for a new request (random, URL-safe). */
  newId: string;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const isOpen = (r: ApprovalRequest): boolean => (OPEN_STATES as readonly string[]).includes(r.state);

export function involves(request: ApprovalRequest, aadObjectId: string): boolean {
  return [request.requester, ...request.linkedRequesters].some((r) => same(r.aadObjectId, aadObjectId));
}

/** True when `mine` is made redundant by `theirs` (both tenant-wide). */
function covered(mine: Remedy, theirs: readonly Remedy[]): boolean {
  switch (mine.kind) {
    case 'create_service_principal':
      return theirs.some((t) => t.kind === 'create_service_principal' && same(t.appId, mine.appId));
    case 'grant_delegated': {
      if (mine.consentType !== 'AllPrincipals') return false;
      const wanted = mine.scopes.map((s) => s.toLowerCase());
      return theirs.some(
        (t) =>
          t.kind === 'grant_delegated' &&
          t.consentType === 'AllPrincipals' &&
          same(t.clientAppId, mine.clientAppId) &&
          same(t.resourceAppId, mine.resourceAppId) &&
          wanted.every((s) => t.scopes.some((x) => x.toLowerCase() === s)),
      );
    }
    case 'admin_consent_url':
      // Tenant-wide admin consent for the same app is what their request asks for too.
      return theirs.some(
        (t) => t.kind === 'admin_consent_url' || (t.kind === 'grant_delegated' && t.consentType === 'AllPrincipals'),
      );
    case 'assign_user':
    case 'manual':
      // Per-person changes and human steps are never covered by someone else's request.
      return false;
  }
}

/** Whether approving `request` for everyone would also fix the person this diagnosis is about. */
function everyonePlanCovers(request: ApprovalRequest, diagnosis: Diagnosis): boolean {
  if (!diagnosis.app || !same(request.appId, diagnosis.app.appId)) return false;
  const mine = diagnosis.remedies;
  if (mine.length === 0) return false;
  return mine.every((r) => covered(r, request.diagnosis.remedies));
}

export function newRequest(input: PlanInput): ApprovalRequest {
  const { diagnosis, requester, now } = input;
  if (!diagnosis.app) throw new RangeError('a request needs a diagnosed app');
  const at = now.toISOString();
  return {
    id: input.newId,
    tenantId: input.tenantId,
    state: 'pending',
    createdAt: at,
    updatedAt: at,
    requester,
    linkedRequesters: [],
    justification: input.justification,
    appId: diagnosis.app.appId,
    appDisplayName: diagnosis.app.displayName,
    diagnosis,
    decision: { by: null, at: null, scope: null, reason: null },
    outcome: null,
    adminCard: null,
  };
}

export function planRequest(input: PlanInput): RequestPlan {
  const appId = input.diagnosis.app?.appId ?? null;
  const open = input.existing.filter((r) => isOpen(r) && appId !== null && same(r.appId, appId));
  const own = open.find((r) => involves(r, input.requester.aadObjectId));
  if (own) {
    // The app was not in the tenant and now is (added through Entra's admin consent link, say): the
    // request takes the fresh diagnosis, so the normal plan applies to it from now on.
    const appeared =
      own.state === 'pending' &&
      !own.diagnosis.app?.servicePrincipalId &&
      !!input.diagnosis.app?.servicePrincipalId &&
      same(own.requester.aadObjectId, input.requester.aadObjectId);
    if (appeared && input.diagnosis.app) {
      return {
        kind: 'reuse',
        refreshed: true,
        request: {
          ...own,
          diagnosis: input.diagnosis,
          appDisplayName: input.diagnosis.app.displayName,
          updatedAt: input.now.toISOString(),
        },
      };
    }
    return { kind: 'reuse', request: own };
  }
  // A request already being applied for its requester only will not fix anyone else.
  // An unconfirmed request (src/requests/submit.ts) is its requester's alone until they confirm it.
  const shared = open.find(
    (r) => r.decision.scope !== 'user' && !r.awaitingConfirmation && everyonePlanCovers(r, input.diagnosis),
  );
  if (shared) {
    const event = { type: 'link_requester' as const, requester: input.requester, at: input.now.toISOString() };
    return { kind: 'link', request: applyEvent(shared, event), event };
  }
  return { kind: 'create', request: newRequest(input) };
}
