/**
 * 1:1 messages to requesters after a decision. The chat flow stores each user's personal
 * conversation reference under `user:<aadObjectId>`; without one (the user never spoke to the bot
 * from this install, or storage was reset) a new 1:1 conversation is created (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages) and its
 * reference saved for next time.
 */
import { TurnContext, type Activity, type ChannelAccount, type ConversationParameters } from 'botbuilder';
import type { Requester } from '../requests/model';
import type { Services } from '../services';
import { adminChannel, userConversationKey } from './admin-card';

/** Where proactive messages go out: the Bot Connector of the tenant and the bot's own account. */
export interface ProactiveRoute {
  serviceUrl: string;
  bot: ChannelAccount;
}

/**
 * The route for new 1:1 conversations: the one the click arrived on, else the admin channel's
 * stored reference, else the request's admin card (service URL only).
 */
export async function resolveRoute(services: Services, given: Partial<ProactiveRoute> | null, fallbackServiceUrl: string | null): Promise<ProactiveRoute | null> {
  if (given?.serviceUrl && given.bot?.id) return { serviceUrl: given.serviceUrl, bot: given.bot };
  const channel = (await adminChannel(services))?.reference ?? null;
  const serviceUrl = given?.serviceUrl ?? channel?.serviceUrl ?? fallbackServiceUrl;
  const bot = given?.bot ?? channel?.bot ?? (services.botAppId ? { id: `28:${services.botAppId}`, name: 'Consent Doctor' } : null);
  return serviceUrl && bot ? { serviceUrl, bot } : null;
}

export type SendOutcome = 'sent' | 'created' | 'no_route';

/** Sends `activity` to the requester's personal chat. Throws when the Bot Connector refuses. */
export async function sendToUser(services: Services, user: Requester, activity: Partial<Activity>, route: ProactiveRoute | null): Promise<SendOutcome> {
  const key = userConversationKey(user.aadObjectId);
  const stored = await services.store.conversations.get(key);
  if (stored?.conversation?.id && stored.serviceUrl) {
    await services.adapter.continueConversationAsync(services.botAppId, stored, async (ctx) => {
      await ctx.sendActivity(activity);
    });
    return 'sent';
  }
  if (!route) return 'no_route';
  const parameters: ConversationParameters = {
    isGroup: false,
    bot: route.bot,
    members: [{ id: user.teamsUserId, name: user.displayName }],
    tenantId: services.tenantId,
    channelData: { tenant: { id: services.tenantId } },
  };
  await services.adapter.createConversationAsync(services.botAppId, 'msteams', route.serviceUrl, '', parameters, async (ctx) => {
    const reference = TurnContext.getConversationReference(ctx.activity);
    await services.store.conversations.save(key, { ...reference, user: { id: user.teamsUserId, name: user.displayName, aadObjectId: user.aadObjectId } });
    await ctx.sendActivity(activity);
  });
  return 'created';
}
