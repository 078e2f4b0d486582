/**
 * Records that the admins must act: create a request, link the asker to someone else's open request
 * for the same fix, or reuse the asker's own, all with compare-and-set. Then the admin card is
 * posted (or updated). Order matters for "no half-stored request": the request row is written
 * first, the card posted second, and the card's id stored last; if posting fails, the request is
 * still pending (the digest lists requests without a card) and the caller says so.
 */
import { randomUUID } from 'node:crypto';
import { postApprovalCard, updateApprovalCard } from '../approvals/approval-card-posting';
import type { Diagnosis } from '../diagnosis/types';
import type { Services } from '../services';
import { StoreConflictError } from '../store';
import type { ApprovalRequest, Requester } from './model';
import { OPEN_STATES, planRequest } from './plan-request';

export const MAX_JUSTIFICATION_CHARS = 500;

/** What happened to the admin card: the requester is told honestly. */
export type AdminCardOutcome = 'posted' | 'updated' | 'unchanged' | 'no_channel' | 'failed' | 'awaiting_confirmation';

export interface SubmitResult {
  kind: 'created' | 'linked' | 'reused';
  request: ApprovalRequest;
  adminCard: AdminCardOutcome;
}

export interface SubmitInput {
  diagnosis: Diagnosis;
  requester: Requester;
  justification: string | null;
}

export function cleanJustification(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  // eslint-disable-next-line no-control-regex -- control characters never belong in a note to admins
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ').trim().slice(0, MAX_JUSTIFICATION_CHARS).trim();
  return clean === '' ? null : clean;
}

export async function submitRequest(services: Services, input: SubmitInput): Promise<SubmitResult> {
  const appId = input.diagnosis.app?.appId;
  if (!appId) throw new RangeError('a request needs a diagnosed app');
  const justification = cleanJustification(input.justification);
  for (let attempt = 0; ; attempt++) {
    const open = await services.store.requests.listByApp(appId, [...OPEN_STATES]);
    const plan = planRequest({
      existing: open.map((r) => r.value), diagnosis: input.diagnosis, requester: input.requester, justification,
      tenantId: services.tenantId, now: services.now(), newId: randomUUID(),
    });
    try {
      switch (plan.kind) {
        case 'create': {
          // Anyone can paste a link with a made-up client id: an app the tenant does not have
          // reaches the admins only once the person confirms it (addJustification).
          const unconfirmed = !input.diagnosis.app?.servicePrincipalId;
          const request = unconfirmed ? { ...plan.request, awaitingConfirmation: true } : plan.request;
          const etag = await createWithinLimits(services, request);
          if (unconfirmed) return { kind: 'created', request, adminCard: 'awaiting_confirmation' };
          return { kind: 'created', ...(await publish(services, request, etag)) };
        }
        case 'link': {
          const etag = await services.store.requests.replace(plan.request, etagOf(open, plan.request.id));
          return { kind: 'linked', ...(await publish(services, plan.request, etag)) };
        }
        case 'reuse': {
          const own = plan.request;
          const etag = etagOf(open, own.id);
          if (plan.refreshed) {
            const newEtag = await services.store.requests.replace(own, etag);
            return { kind: 'reused', ...(await publish(services, own, newEtag)) };
          }
          const mine = own.requester.aadObjectId.toLowerCase() === input.requester.aadObjectId.toLowerCase();
          if (justification && mine && own.state === 'pending' && own.justification !== justification) {
            const updated = confirmed({ ...own, justification, updatedAt: services.now().toISOString() });
            const newEtag = await services.store.requests.replace(updated, etag);
            return { kind: 'reused', ...(await publish(services, updated, newEtag)) };
          }
          if (own.awaitingConfirmation) return { kind: 'reused', request: own, adminCard: 'awaiting_confirmation' };
          if (!own.adminCard) return { kind: 'reused', ...(await publish(services, own, etag)) };
          return { kind: 'reused', request: own, adminCard: 'unchanged' };
        }
      }
    } catch (err) {
      // Two messages raced (or an admin decided meanwhile): read again and decide again, once.
      if (err instanceof StoreConflictError && attempt === 0) continue;
      throw err;
    }
  }
}

/**
 * Stores a new request if its requester is within their limits (open requests, new requests per
 * day): counted and stored under the requester's lock, so concurrent messages on any replica
 * cannot both pass the last free place.
 */
async function createWithinLimits(services: Services, request: ApprovalRequest): Promise<string> {
  const { limits } = services;
  const create = () => services.store.requests.create(request);
  if (!limits) return create();
  const requesterId = request.requester.aadObjectId.toLowerCase();
  return services.store.limitCounters.withLock(`new-request|${requesterId}`, 30_000, async () => {
    const open = await services.store.requests.listByRequester(request.requester.aadObjectId, [...OPEN_STATES]);
    await limits.newRequest(requesterId, open.length);
    return create();
  });
}

/** The requester has confirmed: the request may reach the admins. */
function confirmed(request: ApprovalRequest): ApprovalRequest {
  const { awaitingConfirmation: _awaiting, ...rest } = request;
  return rest;
}

function etagOf(rows: Array<{ value: ApprovalRequest; etag: string }>, id: string): string {
  const row = rows.find((r) => r.value.id === id);
  if (!row) throw new RangeError(`request ${id} was not among those read`);
  return row.etag;
}

/** Posts the card if the request has none yet, else updates it. Never throws: a failure is logged and reported as "failed". */
export async function publish(services: Services, request: ApprovalRequest, etag: string): Promise<{ request: ApprovalRequest; adminCard: AdminCardOutcome }> {
  try {
    if (request.adminCard) {
      await updateApprovalCard(services, request);
      return { request, adminCard: 'updated' };
    }
    const posted = await postApprovalCard(services, request);
    if (!posted.adminCard) return { request, adminCard: 'no_channel' };
    return { request: await storeAdminCard(services, posted, etag), adminCard: 'posted' };
  } catch (err) {
    services.logger.error({ err, requestId: request.id }, 'could not post or update the approval card; the request stays pending');
    return { request, adminCard: 'failed' };
  }
}

/** Saves where the card was posted; if the row changed meanwhile, onto the fresh copy. */
async function storeAdminCard(services: Services, posted: ApprovalRequest, etag: string): Promise<ApprovalRequest> {
  try {
    await services.store.requests.replace(posted, etag);
    return posted;
  } catch (err) {
    if (!(err instanceof StoreConflictError)) throw err;
    const fresh = await services.store.requests.get(posted.id);
    if (!fresh) throw err;
    const merged = { ...fresh.value, adminCard: fresh.value.adminCard ?? posted.adminCard };
    await services.store.requests.replace(merged, fresh.etag);
    // Someone else changed it (a link, a decision): show that on the card just posted.
    if (merged.adminCard === posted.adminCard) await updateApprovalCard(services, merged);
    return merged;
  }
}

export type JustificationResult =
  | { kind: 'saved'; request: ApprovalRequest; adminCard: AdminCardOutcome }
  | { kind: 'not_found' }
  | { kind: 'not_yours'; request: ApprovalRequest }
  | { kind: 'closed'; request: ApprovalRequest }
  | { kind: 'empty'; request: ApprovalRequest };

/** The requester's note for the admins, added to their pending request (CAS) and shown on the admin card. */
export async function addJustification(services: Services, requestId: string, aadObjectId: string, text: unknown): Promise<JustificationResult> {
  const justification = cleanJustification(text);
  for (let attempt = 0; ; attempt++) {
    const row = await services.store.requests.get(requestId);
    if (!row) return { kind: 'not_found' };
    const request = row.value;
    // Linked people share the request but not its note: only the person who asked first writes it.
    if (request.requester.aadObjectId.toLowerCase() !== aadObjectId.toLowerCase()) return { kind: 'not_yours', request };
    if (request.state !== 'pending') return { kind: 'closed', request };
    if (!justification) return { kind: 'empty', request };
    // The note is the confirmation an unconfirmed request waits for.
    const updated = confirmed({ ...request, justification, updatedAt: services.now().toISOString() });
    try {
      const etag = await services.store.requests.replace(updated, row.etag);
      return { kind: 'saved', ...(await publish(services, updated, etag)) };
    } catch (err) {
      if (err instanceof StoreConflictError && attempt === 0) continue;
      throw err;
    }
  }
}
