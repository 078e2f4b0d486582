/**
 * 1:1 messages to requesters after a decision. The chat flow stores each user's personal
 * conversation reference under `user:<aadObjectId>`; without one (the user never spoke to the bot
 * from this install, or storage was reset) a new 1:1 conversation is created (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages) and its
 * reference saved for next time.
 */
import type { OutgoingMessage, PersonalChatRoute } from '../ports/messenger';
import type { Requester } from '../requests/model';
import type { Services } from '../services';
import { adminChannel, userConversationKey } from './approval-card-posting';

/** Where proactive messages go out: the Bot Connector of the tenant and the bot's own account. */
export type ProactiveRoute = PersonalChatRoute;

/**
 * The route for new 1:1 conversations: the one the click arrived on, else the admin channel's
 * stored reference, else the request's admin card (service URL only).
 */
export async function resolveRoute(
  services: Services,
  given: Partial<ProactiveRoute> | null,
  fallbackServiceUrl: string | null,
): Promise<ProactiveRoute | null> {
  if (given?.serviceUrl && given.bot?.id) return { serviceUrl: given.serviceUrl, bot: given.bot };
  const channel = (await adminChannel(services))?.reference ?? null;
  const serviceUrl = given?.serviceUrl ?? channel?.serviceUrl ?? fallbackServiceUrl;
  const bot =
    given?.bot ??
    channel?.bot ??
    (services.botAppId ? { id: `28:${services.botAppId}`, name: 'Consent Doctor' } : null);
  return serviceUrl && bot ? { serviceUrl, bot } : null;
}

export type SendOutcome = 'sent' | 'created' | 'no_route';

/** Sends `message` to the requester's personal chat. Throws when the Bot Connector refuses. */
export async function sendToUser(
  services: Services,
  user: Requester,
  message: OutgoingMessage,
  route: ProactiveRoute | null,
): Promise<SendOutcome> {
  const key = userConversationKey(user.aadObjectId);
  const stored = await services.store.conversations.get(key);
  if (stored?.conversation?.id && stored.serviceUrl) {
    await services.messenger.send(stored, message);
    return 'sent';
  }
  if (!route) return 'no_route';
  await services.messenger.openPersonalChat({
    route,
    person: user,
    tenantId: services.tenantId,
    onOpened: (reference) =>
      services.store.conversations.save(key, {
        ...reference,
        user: { id: user.teamsUserId, name: user.displayName, aadObjectId: user.aadObjectId },
      }),
    message,
  });
  return 'created';
}
