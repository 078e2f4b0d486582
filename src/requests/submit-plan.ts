/**
 * What recording "the admins must act" writes, as pure decisions over the rows as stored now:
 * a new request, the asker linked to someone else's open request for the same fix (planRequest),
 * the asker's own request refreshed or given their note, or nothing. src/requests/submit.ts reads,
 * writes them with compare-and-set through the transition path, and posts or updates the admin card.
 */
import type { Versioned } from '../store/repository';
import type { ApprovalRequest, EntraRequestRef } from './model';
import { planRequest, type PlanInput } from './plan-request';
import { etagAmong, keep, write, type RowDecision } from './row-change';

export const MAX_JUSTIFICATION_CHARS = 500;

// eslint-disable-next-line no-control-regex -- control characters never belong in a note to admins
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function cleanJustification(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const clean = text.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, MAX_JUSTIFICATION_CHARS).trim();
  return clean === '' ? null : clean;
}

/** The requester has confirmed: the request may reach the admins. */
export function confirmed(request: ApprovalRequest): ApprovalRequest {
  const { awaitingConfirmation: _awaiting, ...rest } = request;
  return rest;
}

/** planRequest's input without the rows: those come from each read. `justification` is already cleaned. */
export type SubmitFacts = Omit<PlanInput, 'existing'>;

/** What the submission wrote; `publish`: the admin card is posted or updated next (not for an unconfirmed app). */
export interface SubmitWritten {
  kind: 'created' | 'linked' | 'reused';
  publish: boolean;
}

/** The asker's own open request, unchanged: `publish` when it has no admin card yet. */
export interface SubmitKept {
  request: ApprovalRequest;
  etag: string;
  adminCard: 'awaiting_confirmation' | 'unchanged' | 'publish';
}

/** `open`: the open requests for the diagnosed app, as read. */
export function decideSubmit(
  facts: SubmitFacts,
): (open: ReadonlyArray<Versioned<ApprovalRequest>>) => RowDecision<SubmitWritten, SubmitKept> {
  return (open) => {
    const plan = planRequest({ ...facts, existing: open.map((r) => r.value) });
    switch (plan.kind) {
      case 'create': {
        // Anyone can paste a link with a made-up client id: an app the tenant does not have
        // reaches the admins only once the person confirms it (decideNote).
        const unconfirmed = !facts.diagnosis.app?.servicePrincipalId;
        const request = unconfirmed ? { ...plan.request, awaitingConfirmation: true } : plan.request;
        return write(request, null, { kind: 'created', publish: !unconfirmed });
      }
      case 'link':
        return write(plan.request, etagAmong(open, plan.request.id), { kind: 'linked', publish: true });
      case 'reuse': {
        const own = plan.request;
        const etag = etagAmong(open, own.id);
        if (plan.refreshed) return write(own, etag, { kind: 'reused', publish: true });
        const mine = own.requester.aadObjectId.toLowerCase() === facts.requester.aadObjectId.toLowerCase();
        const { justification } = facts;
        if (justification && mine && own.state === 'pending' && own.justification !== justification) {
          return write(confirmed({ ...own, justification, updatedAt: facts.now.toISOString() }), etag, {
            kind: 'reused',
            publish: true,
          });
        }
        if (own.awaitingConfirmation) return keep({ request: own, etag, adminCard: 'awaiting_confirmation' });
        return keep({ request: own, etag, adminCard: own.adminCard ? 'unchanged' : 'publish' });
      }
    }
  };
}

export type NoteRefusal =
  | { kind: 'not_found' }
  | { kind: 'not_yours'; request: ApprovalRequest }
  | { kind: 'closed'; request: ApprovalRequest }
  | { kind: 'empty'; request: ApprovalRequest };

/**
 * The requester's note for the admins (`justification` already cleaned) on their pending request.
 * Linked people share the request but not its note: only the person who asked first writes it.
 * The note is also the confirmation an unconfirmed request waits for.
 */
export function decideNote(
  aadObjectId: string,
  justification: string | null,
  now: Date,
): (row: Versioned<ApprovalRequest> | null) => RowDecision<'saved', NoteRefusal> {
  return (row) => {
    if (!row) return keep({ kind: 'not_found' });
    const request = row.value;
    if (request.requester.aadObjectId.toLowerCase() !== aadObjectId.toLowerCase())
      return keep({ kind: 'not_yours', request });
    if (request.state !== 'pending') return keep({ kind: 'closed', request });
    if (!justification) return keep({ kind: 'empty', request });
    return write(confirmed({ ...request, justification, updatedAt: now.toISOString() }), row.etag, 'saved');
  };
}

/**
 * Where the admin card was just posted, saved on the request. `postedOn`: the ETag the card was
 * posted for; a row changed since (a link, a decision) is `merged`, so the card just posted must be
 * redrawn. A row that already has another card keeps it (the one just posted is left as it is).
 */
export function decideAdminCard(
  card: NonNullable<ApprovalRequest['adminCard']>,
  postedOn: string,
): (
  row: Versioned<ApprovalRequest> | null,
) => RowDecision<'as_posted' | 'merged', { kind: 'gone' } | { kind: 'has_card'; request: ApprovalRequest }> {
  return (row) => {
    if (!row) return keep({ kind: 'gone' });
    if (row.value.adminCard) return keep({ kind: 'has_card', request: row.value });
    return write({ ...row.value, adminCard: card }, row.etag, row.etag === postedOn ? 'as_posted' : 'merged');
  };
}

/** The request standing for one more Entra admin-consent request (none twice). */
export function withEntraRef(request: ApprovalRequest, ref: EntraRequestRef): ApprovalRequest {
  const refs = request.entraRequests ?? [];
  if (refs.some((r) => r.userConsentRequestId.toLowerCase() === ref.userConsentRequestId.toLowerCase())) return request;
  return { ...request, entraRequests: [...refs, ref] };
}

const standsFor = (r: ApprovalRequest, id: string): boolean =>
  (r.entraRequests ?? []).some((e) => e.userConsentRequestId.toLowerCase() === id.toLowerCase());

/**
 * An Entra admin-consent request becomes a request, or joins one, by planRequest's rules (the same as
 * for chat); one already standing for it is kept. Entra itself recorded the request, so the app is
 * real: no confirmation step as for a typed id.
 */
export function decideEntraSubmit(
  facts: SubmitFacts,
  ref: EntraRequestRef,
): (open: ReadonlyArray<Versioned<ApprovalRequest>>) => RowDecision<'created' | 'linked' | 'reused', ApprovalRequest> {
  return (open) => {
    const already = open.find((r) => standsFor(r.value, ref.userConsentRequestId));
    if (already) return keep(already.value);
    const plan = planRequest({ ...facts, existing: open.map((r) => r.value) });
    if (plan.kind === 'create') return write(withEntraRef(plan.request, ref), null, 'created');
    const request = withEntraRef({ ...plan.request, updatedAt: facts.now.toISOString() }, ref);
    return write(request, etagAmong(open, plan.request.id), plan.kind === 'link' ? 'linked' : 'reused');
  };
}
