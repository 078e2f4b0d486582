/**
 * Records that the admins must act: create a request, link the asker to someone else's open request
 * for the same fix, or reuse the asker's own (decided in submit-plan.ts, written through the
 * transition path with compare-and-set). Then the admin card is
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
import { OPEN_STATES } from './plan-request';
import { cleanJustification, decideAdminCard, decideNote, decideSubmit, type NoteRefusal } from './submit-plan';
import { changeRequest, decideAndWrite, type TransitionPorts } from './transition-path';
import { transitionPortsFor } from './transition-ports';

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

export async function submitRequest(services: Services, input: SubmitInput): Promise<SubmitResult> {
  const appId = input.diagnosis.app?.appId;
  if (!appId) throw new RangeError('a request needs a diagnosed app');
  const justification = cleanJustification(input.justification);
  const ports = transitionPortsFor(services);
  // A new request is stored within its requester's limits.
  const rows = ports.rows;
  const limited: TransitionPorts = {
    ...ports,
    rows: {
      get: (id) => rows.get(id),
      replace: (request, etag) => rows.replace(request, etag),
      create: (request) => createWithinLimits(services, request),
    },
  };
  const change = await decideAndWrite(
    limited,
    () => services.store.requests.listByApp(appId, [...OPEN_STATES]),
    (open) =>
      decideSubmit({ ...input, justification, tenantId: services.tenantId, now: services.now(), newId: randomUUID() })(
        open,
      ),
  );
  if (change.kind === 'kept') {
    const { request, etag, adminCard } = change.as;
    // Asked again about a request that waits without a card: post it if a channel is known by now. Every
    // repeat asks, and the channel's setup posts waiting requests itself, so a recent read of it will do.
    if (adminCard === 'publish')
      return { kind: 'reused', ...(await publish(services, request, etag, { recentChannel: true })) };
    return { kind: 'reused', request, adminCard };
  }
  if (!change.as.publish) return { kind: change.as.kind, request: change.request, adminCard: 'awaiting_confirmation' };
  return { kind: change.as.kind, ...(await publish(services, change.request, change.etag)) };
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

/** Posts the card if the request has none yet, else updates it. Never throws: a failure is logged and reported as "failed". */
export async function publish(
  services: Services,
  request: ApprovalRequest,
  etag: string,
  opts: { recentChannel?: boolean } = {},
): Promise<{ request: ApprovalRequest; adminCard: AdminCardOutcome }> {
  try {
    if (request.adminCard) {
      await updateApprovalCard(services, request);
      return { request, adminCard: 'updated' };
    }
    const posted = await postApprovalCard(services, request, { recent: opts.recentChannel });
    if (!posted.adminCard) return { request, adminCard: 'no_channel' };
    return { request: await storeAdminCard(services, { value: request, etag }, posted.adminCard), adminCard: 'posted' };
  } catch (err) {
    services.logger.error(
      { err, requestId: request.id },
      'could not post or update the approval card; the request stays pending',
    );
    return { request, adminCard: 'failed' };
  }
}

/** Saves where the card was posted; if the row changed meanwhile, onto the fresh copy. */
async function storeAdminCard(
  services: Services,
  postedFor: { value: ApprovalRequest; etag: string },
  card: NonNullable<ApprovalRequest['adminCard']>,
): Promise<ApprovalRequest> {
  const change = await changeRequest(
    transitionPortsFor(services),
    postedFor.value.id,
    decideAdminCard(card, postedFor.etag),
    postedFor,
  );
  if (change.kind === 'kept') {
    if (change.as.kind === 'gone') throw new StoreConflictError('etag_mismatch', `request ${postedFor.value.id}`);
    return change.as.request;
  }
  // Someone else changed it (a link, a decision): show that on the card just posted.
  if (change.as === 'merged') await updateApprovalCard(services, change.request);
  return change.request;
}

export type JustificationResult =
  { kind: 'saved'; request: ApprovalRequest; adminCard: AdminCardOutcome } | NoteRefusal;

/** The requester's note for the admins, added to their pending request (CAS) and shown on the admin card. */
export async function addJustification(
  services: Services,
  requestId: string,
  aadObjectId: string,
  text: unknown,
): Promise<JustificationResult> {
  const change = await changeRequest(
    transitionPortsFor(services),
    requestId,
    decideNote(aadObjectId, cleanJustification(text), services.now()),
  );
  if (change.kind === 'kept') return change.as;
  return { kind: 'saved', ...(await publish(services, change.request, change.etag)) };
}
