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
import type { Versioned } from '../store';
import { GroupCommit } from '../store/group-commit';
import { keep, write, type RowDecision } from './row-change';
import { changeRequest } from './transition-path';
import { transitionPortsFor } from './transition-ports';
import type { AdaptiveCard } from '../cards';
import type { ConversationAddress } from '../ports/messenger';

/** A request keeps the few most recent answer cards; older ones are left as they are. */
export const MAX_REQUESTER_CARDS = 6;

/** Adds a card reference (pure): no duplicates, newest last, capped. */
function withRequesterCard(cards: readonly RequesterCardRef[] | undefined, ref: RequesterCardRef): RequesterCardRef[] {
  const others = (cards ?? []).filter(
    (c) => !(c.activityId === ref.activityId && c.conversationId === ref.conversationId),
  );
  return [...others, ref].slice(-MAX_REQUESTER_CARDS);
}

/** The card list with `refs` added, written over the row it was decided on (pure); a request gone is left alone. */
function decideCardRefs(
  refs: readonly RequesterCardRef[],
): (row: Versioned<ApprovalRequest> | null) => RowDecision<null, null> {
  return (row) => {
    if (!row) return keep(null);
    const cards = refs.reduce<RequesterCardRef[]>(
      (list, ref) => withRequesterCard(list, ref),
      row.value.requesterCards ?? [],
    );
    return write({ ...row.value, requesterCards: cards }, row.etag, null);
  };
}

interface CardToRemember {
  services: Services;
  ref: RequesterCardRef;
}

/** One group commit per requests store (per bot): concurrent answers about one request share a write. */
const commits = new WeakMap<object, GroupCommit<CardToRemember, void>>();

/**
 * Stores where an answer card for the request was posted. Cards answered while the request's row
 * is being written are added together in the next write (src/store/group-commit.ts: a burst of
 * people asking about one app), which takes the transition path like every change to a request,
 * starting from the row as this process last saw it (usually just now: the message submitted the
 * request), so it costs no read unless another replica wrote since.
 */
export function rememberRequesterCard(services: Services, requestId: string, ref: RequesterCardRef): Promise<void> {
  let commit = commits.get(services.store.requests);
  if (!commit) commits.set(services.store.requests, (commit = new GroupCommit(storeCardRefs)));
  return commit.add(requestId, { services, ref });
}

async function storeCardRefs(requestId: string, cards: CardToRemember[]): Promise<void[]> {
  const { services } = cards[0];
  const seen = services.store.requests.lastSeen(requestId) ?? undefined;
  const decide = decideCardRefs(cards.map((c) => c.ref));
  await changeRequest(transitionPortsFor(services), requestId, decide, seen);
  return cards.map(() => undefined);
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
