/**
 * The Messenger port (src/ports/messenger.ts) over the Bot Connector: proactive sends, updates and
 * new 1:1 chats through the TeamsAdapter, with the bot's own app id.
 */
import { CardFactory, MessageFactory, TurnContext, type Activity, type ConversationParameters } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { AdaptiveCard } from '../cards';
import type { Messenger, OutgoingMessage } from '../ports/messenger';

/** The activity for a message: a card attachment (with its preview), or text. */
export function activityOf(message: OutgoingMessage): Partial<Activity> {
  if (message.kind === 'card') {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
    return message.summary === undefined ? activity : { ...activity, summary: message.summary };
  }
  return message.textFormat
    ? { type: 'message', text: message.text, textFormat: message.textFormat }
    : MessageFactory.text(message.text);
}

function cardActivity(card: AdaptiveCard): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

export function teamsMessenger(adapter: TeamsAdapter, botAppId: string): Messenger {
  return {
    send: async (to, message, options = {}) => {
      let id: string | null = null;
      await adapter.continueConversationAsync(botAppId, to, async (ctx) => {
        if (options.newThread) {
          // botbuilder makes every proactive send a reply to the continuation's random id; a post without
          // replyToId (sendToConversation) is what starts a new thread in a channel.
          ctx.onSendActivities(async (_ctx, activities, next) => {
            for (const a of activities) delete a.replyToId;
            return next();
          });
        }
        id = (await ctx.sendActivity(activityOf(message)))?.id ?? null;
      });
      return id;
    },
    updateCard: async (to, activityId, card) => {
      await adapter.continueConversationAsync(botAppId, to, async (ctx) => {
        await ctx.updateActivity({ ...cardActivity(card), id: activityId });
      });
    },
    openPersonalChat: async ({ route, person, tenantId, onOpened, message }) => {
      const parameters: ConversationParameters = {
        isGroup: false,
        bot: route.bot,
        members: [{ id: person.teamsUserId, name: person.displayName }],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      };
      await adapter.createConversationAsync(botAppId, 'msteams', route.serviceUrl, '', parameters, async (ctx) => {
        await onOpened(TurnContext.getConversationReference(ctx.activity));
        await ctx.sendActivity(activityOf(message));
      });
    },
  };
}
