/**
 * `@Consent Doctor digest` in the admins' channel posts a digest now, in reply to the message.
 * Only there: the digest names requesters and apps, and the admins' channel is where the approval
 * cards with the same details already are. Anyone in that channel may ask (reading is low risk;
 * every decision is still authorised per click). Elsewhere the bot says where to ask.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { adminChannel, channelIdOf } from '../../approvals/approval-card-posting';
import type { BotApplication } from '../bot';
import { composeDigest, digestMessage } from '../../digest/send';
import { activityOf } from '../messenger';
import { expireOverdueSafely } from '../../digest/expire-requests';
import { turnLogger } from '../turn-logger';
import type { Services } from '../../services';
import { runSafely } from './failures';

export const NOT_HERE_TEXT =
  "I post the digest in the admins' channel only. Mention me there with **digest** to get one now.";
export const NO_CHANNEL_TEXT =
  "No admins' channel is set up yet. In the channel where admins should get approval cards and digests, mention me with **use this channel for approvals**.";

/** "digest" as the whole message, after Teams' mention removal; tolerant of case, spaces and a final "!" or ".". */
export function isDigestCommand(text: string | undefined | null): boolean {
  if (typeof text !== 'string' || text.length > 100) return false;
  return /^digest$/.test(
    text
      .replace(/<at>[^<]{0,200}<\/at>/gi, ' ')
      .trim()
      .toLowerCase()
      .replace(/[\s.!?]+$/g, ''),
  );
}

const isChannelDigest = async (context: TurnContext): Promise<boolean> =>
  context.activity.type === ActivityTypes.Message &&
  context.activity.conversation?.conversationType !== 'personal' &&
  isDigestCommand(context.activity.text);

/** The channel the activity was posted in (Teams puts it in channelData; the conversation id carries it too). */
function channelOf(context: TurnContext): string {
  const data = context.activity.channelData as { channel?: { id?: unknown } } | undefined;
  return typeof data?.channel?.id === 'string' ? data.channel.id : channelIdOf(context.activity.conversation?.id ?? '');
}

async function onDigest(context: TurnContext, services: Services): Promise<void> {
  const channel = await adminChannel(services);
  if (!channel) {
    await context.sendActivity(NO_CHANNEL_TEXT);
    return;
  }
  if (channelIdOf(channel.reference.conversation?.id ?? '') !== channelOf(context)) {
    await context.sendActivity(NOT_HERE_TEXT);
    return;
  }
  await context.sendActivity({ type: ActivityTypes.Typing });
  const now = services.now();
  await expireOverdueSafely(services, now);
  const digest = await composeDigest(services, now);
  await context.sendActivity(activityOf(digestMessage(digest)));
}

export function digestFeature(app: BotApplication, services: Services): void {
  app.activity(isChannelDigest, async (context) => {
    await runSafely(context, turnLogger(context, services.logger), 'digest command', () => onDigest(context, services));
  });
}
