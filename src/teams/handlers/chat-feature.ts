/**
 * The user's side of the bot: every personal-chat message (commands first, else a question about an
 * app), the user card buttons (sendToAdmins, checkAgain, chooseApp, withdraw) and the admin-channel
 * setup command. Routes only: the work is in the sibling dialogs.
 */
import { ActivityTypes, TurnContext } from 'botbuilder';
import { HELP_TEXT, type BotApplication } from '../bot';
import { SERVICE_URL_KEY, userConversationKey } from '../../approvals/approval-card-posting';
import { turnLogger } from '../turn-logger';
import { typingWhileSlow } from '../typing-indicator';
import { limitText } from '../../limits/limit-text';
import { refusalLogFor } from '../../limits/refusal-log';
import type { Services } from '../../services';
import { handleUseChannel } from './admin-channel';
import { SHAREPOINT_PERMISSION_ANSWER } from './help';
import { cardMessage, chatUser, handleQuestion, NO_IDENTITY_TEXT, type ChatUser } from './ask';
import { handleCancel, withdrawAction } from './cancel';
import { checkAgainAction } from './check-again';
import { chooseAction } from './choose';
import { parseCommand, type Command } from './commands';
import { describeFailure, runSafely } from './failures';
import { invokeTriggerOf } from './invoke-trigger';
import { sendToAdminsAction } from './send-to-admins';
import { statusAnswer } from './status';
import type { AdaptiveCard } from '../../cards';

const isPersonalMessage = async (context: TurnContext): Promise<boolean> =>
  context.activity.type === ActivityTypes.Message && context.activity.conversation?.conversationType === 'personal';

const isChannelSetup = async (context: TurnContext): Promise<boolean> =>
  context.activity.type === ActivityTypes.Message &&
  context.activity.conversation?.conversationType !== 'personal' &&
  parseCommand(context.activity.text)?.kind === 'use_channel';

/** Proactive messages need the latest Bot Connector URL and each person's 1:1 conversation. */
async function rememberConversation(context: TurnContext, services: Services, user: ChatUser | null): Promise<void> {
  const { activity } = context;
  if (!activity.serviceUrl) return;
  try {
    await services.store.conversations.saveIfChanged(SERVICE_URL_KEY, {
      serviceUrl: activity.serviceUrl,
      channelId: activity.channelId,
      bot: activity.recipient,
    });
    if (user && activity.conversation?.conversationType === 'personal') {
      const reference = { ...TurnContext.getConversationReference(activity), activityId: undefined };
      await services.store.conversations.saveIfChanged(userConversationKey(user.aadObjectId), reference);
    }
  } catch (err) {
    // Not worth failing the person's question over: the next message tries again.
    turnLogger(context, services.logger).warn({ err }, 'could not store the conversation reference');
  }
}

/**
 * The person's (and the tenant's) message limit, and for a question its diagnosis's too (counted together,
 * src/limits/chat-limits.ts `question`): the words to answer with when reached.
 */
async function messageLimit(
  context: TurnContext,
  services: Services,
  user: ChatUser,
  isQuestion: boolean,
): Promise<string | null> {
  try {
    const { limits } = services;
    const hit = await (isQuestion ? limits?.question(user.aadObjectId) : limits?.message(user.aadObjectId));
    if (!hit) return null;
    refusalLogFor(services.logger).refused(`limit_${hit.kind}_${hit.scope}`, {
      userAadObjectId: user.aadObjectId,
      limit: hit.limit,
    });
    return limitText(hit);
  } catch (err) {
    return describeFailure(err, context, turnLogger(context, services.logger), 'message limit');
  }
}

async function onPersonalMessage(context: TurnContext, services: Services): Promise<void> {
  const user = chatUser(context);
  // Bookkeeping off the answer's path: stored while the answer is worked out, done within the turn.
  const remembered = rememberConversation(context, services, user);
  try {
    await answerPersonalMessage(context, services, user);
  } finally {
    await remembered;
  }
}

async function answerPersonalMessage(context: TurnContext, services: Services, user: ChatUser | null): Promise<void> {
  const logger = turnLogger(context, services.logger);
  if (!user) {
    await context.sendActivity(NO_IDENTITY_TEXT);
    return;
  }
  const text = (context.activity.text ?? '').trim();
  const command = parseCommand(text);
  const limited = await messageLimit(context, services, user, command === null);
  if (limited) {
    await context.sendActivity(limited);
    return;
  }
  const typing = typingWhileSlow(context, (err) => logger.warn({ err }, 'could not send the typing indicator'));
  try {
    await answerWorkedOn(context, services, user, text, command);
  } finally {
    await typing.stop();
  }
}

/** A personal message past the limits: a command's answer, else the question's. */
async function answerWorkedOn(
  context: TurnContext,
  services: Services,
  user: ChatUser,
  text: string,
  command: Command | null,
): Promise<void> {
  await runSafely(context, turnLogger(context, services.logger), 'personal message', async () => {
    switch (command?.kind) {
      case 'help':
        await context.sendActivity({ type: ActivityTypes.Message, text: HELP_TEXT, textFormat: 'markdown' });
        return;
      case 'sharepoint_permission':
        await context.sendActivity({
          type: ActivityTypes.Message,
          text: SHAREPOINT_PERMISSION_ANSWER,
          textFormat: 'markdown',
        });
        return;
      case 'status':
        await context.sendActivity(cardMessage(await statusAnswer(services, user.aadObjectId)));
        return;
      case 'cancel': {
        const answer = await handleCancel(services, user);
        await context.sendActivity({ type: ActivityTypes.Message, text: answer.text, textFormat: answer.textFormat });
        if (answer.card) await context.sendActivity(cardMessage(answer.card));
        return;
      }
      case 'use_channel':
        await context.sendActivity(await handleUseChannel(context, services));
        return;
      case undefined:
        await handleQuestion(context, services, user, text);
    }
  });
}

type CardHandler = (
  context: TurnContext,
  services: Services,
  user: ChatUser,
  data: unknown,
) => Promise<AdaptiveCard | string>;

export const NOT_A_CLICK_TEXT = 'Nothing was done: press the button on the card to go ahead.';

/**
 * Only a person's own click may act (docs/architecture.md#approval-model). User cards carry no `refresh`, so an automatic
 * trigger is not ours; an absent one is a click (invoke-trigger.ts).
 */
function isManualClick(context: TurnContext): boolean {
  return invokeTriggerOf(context.activity.value) === 'manual';
}

/** Card buttons: who clicked is checked, failures become a friendly message with a correlation id. */
function cardAction(services: Services, what: string, handler: CardHandler) {
  return async (
    context: TurnContext,
    _state: unknown,
    data: Record<string, unknown>,
  ): Promise<AdaptiveCard | string> => {
    if (!isManualClick(context)) return NOT_A_CLICK_TEXT;
    const user = chatUser(context);
    if (!user) return NO_IDENTITY_TEXT;
    try {
      return await handler(context, services, user, data);
    } catch (err) {
      return describeFailure(err, context, turnLogger(context, services.logger), what);
    }
  };
}

/** Teams installed the app for a person: its installationUpdate arrives in their 1:1 chat. */
const isPersonalInstall = (context: TurnContext): boolean =>
  context.activity.type === ActivityTypes.InstallationUpdate &&
  context.activity.conversation?.conversationType === 'personal' &&
  String(context.activity.action ?? '')
    .toLowerCase()
    .startsWith('add');

export function chatFeature(app: BotApplication, services: Services): void {
  // The 1:1 chat is known from the install on (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages),
  // so a proactive message (help after a failed sign-in) reaches a person who never typed to the bot.
  app.turn('beforeTurn', async (context) => {
    if (isPersonalInstall(context)) await rememberConversation(context, services, chatUser(context));
    return true;
  });
  app.activity(isChannelSetup, async (context) => {
    await rememberConversation(context, services, null);
    await runSafely(context, turnLogger(context, services.logger), 'admin channel setup', async () => {
      await context.sendActivity(await handleUseChannel(context, services));
    });
  });
  app.activity(isPersonalMessage, (context) => onPersonalMessage(context, services));
  app.adaptiveCards.actionExecute('sendToAdmins', cardAction(services, 'send to admins', sendToAdminsAction));
  app.adaptiveCards.actionExecute('checkAgain', cardAction(services, 'check again', checkAgainAction));
  app.adaptiveCards.actionExecute('chooseApp', cardAction(services, 'choose app', chooseAction));
  app.adaptiveCards.actionExecute(
    'withdraw',
    cardAction(services, 'withdraw', (_context, s, user, data) => withdrawAction(s, user, data)),
  );
}
