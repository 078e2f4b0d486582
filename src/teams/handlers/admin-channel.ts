/**
 * "@Consent Doctor use this channel for approvals", said in a team channel by someone Entra would
 * let grant consent (checked live in Graph) or a member of the approver group: approval cards are
 * posted there from now on. Requests that were waiting without a channel are posted right away.
 */
import { TurnContext, type ConversationReference } from 'botbuilder';
import { ADMIN_CHANNEL_KEY, channelIdOf } from '../../approvals/approval-card-posting';
import { Auditor } from '../../approvals/audit';
import { readApproverFacts } from '../../graph/approver-facts';
import { isRecord } from '../../graph/errors';
import { authorizeApprover } from '../../requests/authorize';
import { publish } from '../../requests/submit';
import type { Services } from '../../services';
import { chatUser, NO_IDENTITY_TEXT } from './ask';

/** Requests waiting without a card, posted when the channel is chosen (the rest is in the digest). */
const MAX_BACKLOG_POSTS = 20;

/** The reference to store: the channel itself, not the thread the command was said in. */
export function channelReference(activity: TurnContext['activity']): Partial<ConversationReference> {
  const ref = TurnContext.getConversationReference(activity);
  const channelData: unknown = activity.channelData;
  const channel =
    isRecord(channelData) && isRecord(channelData.channel) && typeof channelData.channel.id === 'string'
      ? channelData.channel.id
      : null;
  const id = channel ?? channelIdOf(ref.conversation?.id ?? '');
  return {
    ...ref,
    activityId: undefined,
    conversation: { ...(ref.conversation as ConversationReference['conversation']), id },
  };
}

/** Posts the pending requests that have no card yet; returns how many it posted. */
async function postWaitingRequests(services: Services): Promise<number> {
  const waiting = (await services.store.requests.listByState(['pending']))
    .filter((r) => r.value.adminCard === null)
    .slice(0, MAX_BACKLOG_POSTS);
  let posted = 0;
  for (const row of waiting) {
    const result = await publish(services, row.value, row.etag);
    if (result.adminCard === 'posted') posted++;
  }
  return posted;
}

export async function handleUseChannel(context: TurnContext, services: Services): Promise<string> {
  const user = chatUser(context);
  if (!user) return NO_IDENTITY_TEXT;
  if (context.activity.conversation?.conversationType !== 'channel') {
    return 'Please say this in the team channel where approval requests should go, mentioning me: **@Consent Doctor use this channel for approvals**.';
  }
  const facts = await readApproverFacts(services.graph, user.aadObjectId, services.config.approverGroupId);
  const auth = authorizeApprover(facts);
  const actor = { aadObjectId: user.aadObjectId, displayName: user.displayName || null };
  if (!auth.allowed) {
    services.logger.warn({ aadObjectId: user.aadObjectId }, 'refused to set the admin channel: not an approver');
    return `Sorry, I cannot use this channel for approvals on your word. ${auth.reason}`;
  }
  const reference = channelReference(context.activity);
  await services.store.conversations.save(ADMIN_CHANNEL_KEY, reference);
  await new Auditor(services.store, services.now, services.logger).record({
    requestId: 'admin-channel',
    actor,
    action: 'set_admin_channel',
    detail: `approval cards go to ${reference.conversation?.id ?? 'unknown'} (${auth.basis})`,
    result: 'ok',
  });
  const posted = await postWaitingRequests(services);
  const backlog =
    posted > 0
      ? ` ${posted === 1 ? 'One request was' : `${posted} requests were`} already waiting: I posted ${posted === 1 ? 'it' : 'them'} below.`
      : '';
  return `Done: I will post approval requests in this channel from now on (you are allowed as ${auth.basis}).${backlog}`;
}
