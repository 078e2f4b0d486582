/**
 * Cards that stay true: every answer card a request produced in someone's 1:1 chat is remembered on
 * the request (message id + conversation) and redrawn on each state change, so a card never keeps
 * saying "waiting" or offering "Send to admins" once an admin has decided.
 */
import { toNoticeViewModel } from '../cards/notice';
import { requestNextStep } from './next-step';
import { buildAnswerCard } from '../cards/answer-card';
import { signInLinkFor } from '../diagnosis/sign-in-link';
import type { ApprovalRequest, RequesterCardRef } from './model';
import type { Services } from '../services';
import { StoreConflictError, type Versioned } from '../store';
import type { AdaptiveCard } from '../cards';
import type { ConversationAddress } from '../ports/messenger';

/** A request keeps the few most recent answer cards; older ones are left as they are. */
export const MAX_REQUESTER_CARDS = 6;

/** Adds a card reference (pure): no duplicates, newest last, capped. */
export function withRequesterCard(
  cards: readonly RequesterCardRef[] | undefined,
  ref: RequesterCardRef,
): RequesterCardRef[] {
  const others = (cards ?? []).filter(
    (c) => !(c.activityId === ref.activityId && c.conversationId === ref.conversationId),
  );
  return [...others, ref].slice(-MAX_REQUESTER_CARDS);
}

interface CardWaiter {
  ref: RequesterCardRef;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Per request: answer cards waiting for the write in flight, and which requests are being written. */
interface CardQueue {
  waiting: Map<string, CardWaiter[]>;
  writing: Set<string>;
}

/** One queue per requests store (per bot): concurrent answers about one request share a write. */
const queues = new WeakMap<object, CardQueue>();

function queueOf(services: Services): CardQueue {
  let queue = queues.get(services.store.requests);
  if (!queue) queues.set(services.store.requests, (queue = { waiting: new Map(), writing: new Set() }));
  return queue;
}

/**
 * Stores where an answer card for the request was posted. Group commit: cards answered while the
 * request's row is being written are added together in the next write, instead of each reading,
 * writing and losing the compare-and-set to the others (a burst of people asking about one app).
 */
export function rememberRequesterCard(services: Services, requestId: string, ref: RequesterCardRef): Promise<void> {
  const queue = queueOf(services);
  return new Promise<void>((resolve, reject) => {
    const waiting = queue.waiting.get(requestId);
    if (waiting) waiting.push({ ref, resolve, reject });
    else queue.waiting.set(requestId, [{ ref, resolve, reject }]);
    if (!queue.writing.has(requestId)) void writeWaiting(services, queue, requestId);
  });
}

async function writeWaiting(services: Services, queue: CardQueue, requestId: string): Promise<void> {
  queue.writing.add(requestId);
  try {
    for (let batch = take(queue, requestId); batch.length > 0; batch = take(queue, requestId)) {
      try {
        await storeCardRefs(
          services,
          requestId,
          batch.map((w) => w.ref),
        );
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  } finally {
    queue.writing.delete(requestId);
  }
}

function take(queue: CardQueue, requestId: string): CardWaiter[] {
  const batch = queue.waiting.get(requestId) ?? [];
  queue.waiting.delete(requestId);
  return batch;
}

/**
 * Compare-and-set, one retry. The row as this process last saw it (usually just now: the message
 * submitted the request) is tried first with its ETag, saving a read; if it changed since, that
 * write loses like any stale one and the row is read again.
 */
async function storeCardRefs(services: Services, requestId: string, refs: RequesterCardRef[]): Promise<void> {
  const seen = services.store.requests.lastSeen(requestId);
  if (seen && (await addCardRefs(services, seen, refs))) return;
  for (let attempt = 0; attempt < 2; attempt++) {
    const row = await services.store.requests.get(requestId);
    if (!row || (await addCardRefs(services, row, refs))) return;
  }
}

/** One compare-and-set of the card list; false when the row changed since it was read. */
async function addCardRefs(
  services: Services,
  row: Versioned<ApprovalRequest>,
  refs: RequesterCardRef[],
): Promise<boolean> {
  const cards = refs.reduce<RequesterCardRef[]>(
    (list, ref) => withRequesterCard(list, ref),
    row.value.requesterCards ?? [],
  );
  try {
    await services.store.requests.replace({ ...row.value, requesterCards: cards }, row.etag);
    return true;
  } catch (err) {
    if (!(err instanceof StoreConflictError)) throw err;
    return false;
  }
}

/** The answer card as it should read now, for the person whose chat holds it. */
export function currentAnswerCard(
  services: Services,
  request: ApprovalRequest,
  viewerAadObjectId: string,
): AdaptiveCard {
  const card = buildAnswerCard({
    diagnosis: request.diagnosis,
    step: requestNextStep(request, false),
    request,
    viewerAadObjectId,
    cardKey: services.cardKey,
    signInUrl: signInLinkFor(services.signInBaseUrl, request.diagnosis),
    changes:
      toNoticeViewModel(request)?.kind === 'approved'
        ? (toNoticeViewModel(request) as { changes: string[] }).changes
        : undefined,
  });
  return card;
}

/** Redraws every remembered answer card; a card that cannot be updated is logged and skipped. */
export async function updateRequesterCards(services: Services, request: ApprovalRequest): Promise<number> {
  let updated = 0;
  for (const ref of request.requesterCards ?? []) {
    const reference: ConversationAddress = {
      channelId: 'msteams',
      serviceUrl: ref.serviceUrl,
      conversation: {
        id: ref.conversationId,
        isGroup: false,
        conversationType: 'personal',
        tenantId: services.tenantId,
        name: '',
      },
    };
    try {
      await services.messenger.updateCard(
        reference,
        ref.activityId,
        currentAnswerCard(services, request, ref.viewerAadObjectId),
      );
      updated++;
    } catch (err) {
      services.logger.warn({ err, requestId: request.id }, 'could not update an answer card in a 1:1 chat');
    }
  }
  return updated;
}
