/**
 * Putting a digest together from storage and Graph, and posting it to the admins' channel.
 */
import { adminChannel, channelIdOf } from '../approvals/approval-card-posting';
import type { ConversationAddress, OutgoingMessage } from '../ports/messenger';
import type { Services } from '../services';
import { buildDigest, type Digest } from './build';
import { readEntraQueue } from './entra-reads';
import { handledFrom, withoutHandled, type HandledEntraRequests } from './entra-handled';
import type { EntraQueue } from './entra-requests';
import type { ApprovalRequest } from '../requests/model';
import { DECIDABLE_STATES } from '../requests/state-machine';
import { expireOverdueSafely } from './expire-requests';

async function entraQueue(services: Services): Promise<EntraQueue> {
  try {
    return await readEntraQueue(services.graph);
  } catch (err) {
    services.logger.error({ err }, 'reading the Entra consent request queue failed');
    return { ok: false, reason: 'an unexpected error occurred while reading Microsoft Graph', permission: null };
  }
}

/**
 * The bot's requests that stand for Entra requests (src/watchers): the pending ones are already in
 * hand; the others are read by the request ids the watcher recorded. A storage hiccup here only
 * means the digest may list such a request twice, so it never stops the digest.
 */
async function handledEntraRequests(
  services: Services,
  pending: readonly ApprovalRequest[],
): Promise<HandledEntraRequests> {
  try {
    const claims = await services.store.watch.entraRequests();
    const inHand = new Set(pending.map((p) => p.id));
    const ids = [...new Set(claims.map((c) => c.requestId).filter((id): id is string => !!id && !inHand.has(id)))];
    const others = (await Promise.all(ids.map((id) => services.store.requests.get(id)))).flatMap((r) =>
      r ? [r.value] : [],
    );
    return handledFrom([...pending, ...others]);
  } catch (err) {
    services.logger.warn({ err }, 'could not read which Entra requests the bot carries');
    return handledFrom(pending);
  }
}

/** Reads the requests still to decide (pending, failed) and Entra's queue (in parallel) and builds the card. */
export async function composeDigest(services: Services, now: Date): Promise<Digest> {
  const [rows, entraRead] = await Promise.all([
    services.store.requests.listByState([...DECIDABLE_STATES]),
    entraQueue(services),
  ]);
  const pending = rows.map((p) => p.value);
  const { queue: entra, decidedHere } = withoutHandled(entraRead, await handledEntraRequests(services, pending));
  return buildDigest({
    now,
    tenantId: services.tenantId,
    pending,
    entra,
    requestExpiryDays: services.config.requestExpiryDays,
    decidedHereInEntra: decidedHere,
  });
}

export function digestMessage(digest: Digest): OutgoingMessage {
  return { kind: 'card', card: digest.card, summary: digest.preview };
}

/** The admins' channel as a reference that starts a new thread there; null when not set up yet. */
export async function adminChannelReference(services: Services): Promise<ConversationAddress | null> {
  const channel = await adminChannel(services);
  const conversation = channel?.reference.conversation;
  if (!channel || !conversation?.id) return null;
  return { ...channel.reference, conversation: { ...conversation, id: channelIdOf(conversation.id) } };
}

/**
 * Posts to the channel and returns the new message's id. Throws when the Bot Connector refuses, and
 * also when it answers without an id (a refused send can come back that way): the caller must not
 * count the digest as posted.
 */
export async function postToChannel(
  services: Services,
  reference: ConversationAddress,
  message: OutgoingMessage,
): Promise<string> {
  const id = await services.messenger.send(reference, message);
  if (!id) throw new Error('the Bot Connector did not confirm the digest post (no message id)');
  return id;
}

export type SendNowResult = { status: 'sent'; activityId: string; digest: Digest } | { status: 'no_channel' };

/** Expires overdue requests, then posts a digest to the admins' channel now (no slot involved). */
export async function sendDigestNow(services: Services): Promise<SendNowResult> {
  const reference = await adminChannelReference(services);
  if (!reference) return { status: 'no_channel' };
  const now = services.now();
  await expireOverdueSafely(services, now);
  const digest = await composeDigest(services, now);
  const activityId = await postToChannel(services, reference, digestMessage(digest));
  return { status: 'sent', activityId, digest };
}
