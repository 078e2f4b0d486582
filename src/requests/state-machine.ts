/**
 * Request state transitions as a pure function. src/requests/transition-path.ts applies the result
 * with an ETag compare-and-set, so a transition that is legal here still happens at most once.
 */
import type { Remedy } from '../diagnosis/types';
import type { ApprovalRequest, ApprovalScope, Requester, RequestState } from './model';
import { oneClickRemedy } from './one-click';

type Actor = { aadObjectId: string; displayName: string };
type Outcome = NonNullable<ApprovalRequest['outcome']>;

export type RequestEvent =
  | { type: 'start_approval'; by: Actor; scope: ApprovalScope; at: string; remedies?: Remedy[] }
  | { type: 'complete'; outcome: Outcome; at: string }
  | { type: 'fail'; outcome: Outcome; at: string }
  | { type: 'deny'; by: Actor; reason: string; at: string }
  | { type: 'expire'; at: string }
  | { type: 'withdraw'; by: Actor; at: string }
  | { type: 'link_requester'; requester: Requester; at: string };

/**
 * States an approver can decide (Approve / Deny). A failed approval can be clicked again: every
 * remedy reads the tenant first and is idempotent, so a second attempt writes only what is missing,
 * and the store's compare-and-set still lets only one decision through.
 */
export const DECIDABLE_STATES: readonly RequestState[] = ['pending', 'failed'];

const ALLOWED_FROM: Record<RequestEvent['type'], readonly RequestState[]> = {
  start_approval: DECIDABLE_STATES,
  complete: ['approving'],
  fail: ['approving'],
  deny: DECIDABLE_STATES,
  expire: ['pending'],
  withdraw: ['pending'],
  link_requester: ['pending', 'approving'],
};

export class TransitionError extends Error {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly from: RequestState,
    readonly event: RequestEvent['type'],
  ) {
    super(`A request that is ${from} cannot take "${event}".`);
    this.name = 'TransitionError';
  }
}

export function canApply(request: ApprovalRequest, event: RequestEvent['type']): boolean {
  return ALLOWED_FROM[event].includes(request.state);
}

export function applyEvent(request: ApprovalRequest, event: RequestEvent): ApprovalRequest {
  if (!canApply(request, event.type)) throw new TransitionError(request.state, event.type);
  const base = { ...request, updatedAt: event.at };
  switch (event.type) {
    case 'start_approval':
      // A new attempt (after a failure too) starts without an outcome: it gets its own.
      return {
        ...base,
        state: 'approving',
        outcome: null,
        decision: {
          by: event.by,
          at: event.at,
          scope: event.scope,
          reason: null,
          ...(event.remedies ? { remedies: event.remedies } : {}),
        },
      };
    case 'complete':
      return { ...base, state: 'approved', outcome: event.outcome };
    case 'fail':
      return { ...base, state: 'failed', outcome: event.outcome };
    case 'deny':
      return { ...base, state: 'denied', decision: { by: event.by, at: event.at, scope: null, reason: event.reason } };
    case 'expire':
      return { ...base, state: 'expired' };
    case 'withdraw':
      return {
        ...base,
        state: 'withdrawn',
        decision: { by: event.by, at: event.at, scope: null, reason: 'withdrawn by requester' },
      };
    case 'link_requester': {
      const known = [request.requester, ...request.linkedRequesters].some(
        (r) => r.aadObjectId === event.requester.aadObjectId,
      );
      return known ? request : { ...base, linkedRequesters: [...request.linkedRequesters, event.requester] };
    }
  }
}

/**
 * The remedies an approval of the given scope performs: the writes fixed at the click when there are
 * some (unless `fresh`: a new decision on a failed request starts again from the plan), else the stored plan's writes. An app that is not in the tenant gets none: adding a foreign
 * app and granting it in one click would skip the review Entra's consent screen gives (publisher,
 * verification, permissions); the admin consent link does that instead, and once the enterprise app
 * exists the request is diagnosed again and the normal plan applies.
 */
export function remediesFor(request: ApprovalRequest, scope: ApprovalScope, fresh = false): Remedy[] {
  if (!fresh && request.decision.remedies && request.decision.scope === scope)
    return request.decision.remedies.filter(isWrite);
  if (!appInTenant(request)) return [];
  const plan = scope === 'everyone' ? request.diagnosis.remedies : request.diagnosis.userOnlyRemedies;
  const appId = request.appId.toLowerCase();
  return plan
    .filter(isWrite)
    .filter((r) => !(r.kind === 'create_service_principal' && r.appId.toLowerCase() === appId))
    .map((r) => oneClickRemedy(r, request.diagnosis));
}

function isWrite(r: Remedy): boolean {
  return r.kind === 'create_service_principal' || r.kind === 'grant_delegated' || r.kind === 'assign_user';
}

/** Whether the request's app had an enterprise app (service principal) in the tenant when diagnosed. */
export function appInTenant(request: ApprovalRequest): boolean {
  return !!request.diagnosis.app?.servicePrincipalId;
}

/** Whether an approver may Approve or Deny a request in this state (pending, or a failed approval). */
export function isDecidable(state: RequestState): boolean {
  return DECIDABLE_STATES.includes(state);
}
