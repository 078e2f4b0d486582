/**
 * Posting the approval card: finds the admins' channel (stored by the channel command or set in the
 * configuration), posts the card there as a new thread when a request is created, and updates it in
 * place when the request changes (a person linked, a justification added, a decision taken). The
 * card itself comes from src/cards/approval.ts.
 *
 * Everyone in the channel gets the approver view: Teams user ids of approvers are not known in
 * general, so a per-user `refresh` cannot be targeted (refresh.userIds, max 60). Buttons are shown,
 * and each click is authorised live in Graph by the approval handler, so an observer's click is
 * refused there; showing a button grants nothing.
 */
import { approvalCard, signCardData, toApprovalViewModel, type AdaptiveCard } from '../cards';
import type { ConversationAddress } from '../ports/messenger';
import type { ApprovalRequest } from '../requests/model';
import type { Services } from '../services';
import { updateRequesterCards } from '../requests/requester-cards';
import type { RecentMaxAge, StoredConversationReference } from '../store/conversations-store';

/** conversations keys */
export const ADMIN_CHANNEL_KEY = 'admin-channel';
export const SERVICE_URL_KEY = 'service-url';
export const userConversationKey = (aadObjectId: string): string => `user:${aadObjectId}`;

export type AdminChannelSource = 'command' | 'config';

/**
 * How old a read of the admin channel's reference may be where every message asks (`recent`,
 * src/store/conversations-store.ts getRecent): a stored channel 5 s, "not set up" 3 s, both dropped at
 * once by this replica's own setup, so a bot with no channel yet does not read the table on every
 * message. It decides the answer's wording, and whether asking again about a request that is waiting
 * without a card tries to post it now (the channel's setup posts the waiting requests itself, so that
 * retry may be a few seconds late). Posting a new request's card, updating cards, the digest, the
 * watchers and the commands always read fresh, so a channel chosen on another replica gets the next
 * new card at once.
 */
export const ADMIN_CHANNEL_READ_MAX_AGE: RecentMaxAge = { found: 5_000, absent: 3_000 };

export interface AdminChannel {
  reference: ConversationAddress;
  source: AdminChannelSource;
}

/** A channel conversation id without the thread suffix (";messageid=..."): posts there start new threads. */
export function channelIdOf(conversationId: string): string {
  return conversationId.split(';')[0];
}

function usable(
  ref: StoredConversationReference | null,
): ref is StoredConversationReference & { serviceUrl: string; conversation: { id: string } } {
  return (
    !!ref &&
    typeof ref.serviceUrl === 'string' &&
    ref.serviceUrl !== '' &&
    typeof ref.conversation?.id === 'string' &&
    ref.conversation.id !== ''
  );
}

/**
 * Where approval cards go: the channel chosen with "use this channel for approvals", else
 * ADMIN_CHANNEL_ID with the Bot Connector URL seen on the latest activity. null = not set up yet.
 */
export async function adminChannel(services: Services, opts: { recent?: boolean } = {}): Promise<AdminChannel | null> {
  const read = (key: string) =>
    opts.recent
      ? services.store.conversations.getRecent(key, ADMIN_CHANNEL_READ_MAX_AGE)
      : services.store.conversations.get(key);
  const stored = await read(ADMIN_CHANNEL_KEY);
  if (usable(stored)) return { reference: stored, source: 'command' };
  const channelId = services.config.adminChannelId;
  if (!channelId) return null;
  const seen = await read(SERVICE_URL_KEY);
  if (!seen?.serviceUrl) return null;
  return {
    source: 'config',
    reference: {
      channelId: 'msteams',
      serviceUrl: seen.serviceUrl,
      conversation: {
        id: channelId,
        isGroup: true,
        conversationType: 'channel',
        tenantId: services.tenantId,
        name: 'approvals',
      },
      ...(seen.bot ? { bot: seen.bot } : {}),
    },
  };
}

export function buildApprovalCard(services: Services, request: ApprovalRequest): AdaptiveCard {
  return approvalCard(toApprovalViewModel(request, signCardData(request.id, services.cardKey)), 'approver');
}

/**
 * Posts the request's card as a new thread in the admin channel and returns the request with
 * `adminCard` set (the caller stores it with CAS). Without an admin channel the request is returned
 * unchanged (adminCard stays null): it waits, and the digest lists it. Connector failures throw.
 * `recent`: the channel as read at most ADMIN_CHANNEL_READ_MAX_AGE ago (a retry; see there).
 */
export async function postApprovalCard(
  services: Services,
  request: ApprovalRequest,
  opts: { recent?: boolean } = {},
): Promise<ApprovalRequest> {
  const channel = await adminChannel(services, opts);
  if (!channel) return request;
  const conversationId = channelIdOf(channel.reference.conversation?.id ?? '');
  const reference: ConversationAddress = {
    ...channel.reference,
    conversation: {
      ...(channel.reference.conversation ?? { isGroup: true, name: 'approvals', conversationType: 'channel' }),
      id: conversationId,
    },
  };
  const activityId = await services.messenger.send(
    reference,
    { kind: 'card', card: buildApprovalCard(services, request) },
    { newThread: true },
  );
  if (!activityId) throw new Error('the Bot Connector accepted the approval card without returning its id');
  return { ...request, adminCard: { conversationId, activityId, serviceUrl: reference.serviceUrl ?? '' } };
}

/**
 * Re-renders the request's card where it was posted (state, linked people, justification, outcome).
 * A request whose card was never posted has nothing to update: returns false.
 */
export async function updateApprovalCard(services: Services, request: ApprovalRequest): Promise<boolean> {
  // The answer cards in people's chats follow every state change too (never fails this update).
  await updateRequesterCards(services, request).catch((err: unknown) =>
    services.logger.warn({ err, requestId: request.id }, 'could not update the answer cards'),
  );
  const posted = request.adminCard;
  if (!posted) return false;
  const channel = await adminChannel(services);
  const reference: ConversationAddress = {
    channelId: 'msteams',
    ...(channel?.reference.bot ? { bot: channel.reference.bot } : {}),
    serviceUrl: posted.serviceUrl,
    conversation: {
      id: posted.conversationId,
      isGroup: true,
      conversationType: 'channel',
      tenantId: services.tenantId,
      name: 'approvals',
    },
  };
  await services.messenger.updateCard(reference, posted.activityId, buildApprovalCard(services, request));
  return true;
}
