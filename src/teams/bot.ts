/**
 * The teams-ai Application: routes only, no business logic (docs/architecture.md). Feature modules
 * (src/teams/handlers/: chat, approvals, digest) register their routes through `features`; the help fallback is
 * registered last because teams-ai dispatches to the first matching route.
 */
import { ActivityTypes, type Storage, type TurnContext } from 'botbuilder';
// Deep imports: the package index also loads teams-ai's AI stack (openai, tokenizers, ~36 MB)
// that this bot never uses.
import { Application } from '@microsoft/teams-ai/lib/Application';
import { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import { TurnStateStoredWhereUsed } from './turn-state';
import { isFromConfiguredTenant, activityTenantId } from './tenant-guard';
import type { Logger } from '../logger';
import { turnLogger } from './turn-logger';
import { helpFor, PERSONAL_HELP, welcomeFor, type Place } from './handlers/help';

export type BotApplication = Application<TurnState>;
export type TurnOutcome = 'handled' | 'unhandled' | 'refused';

export interface BotDeps {
  adapter: TeamsAdapter;
  storage: Storage;
  /** Empty in local mode (Bot Framework auth off). */
  botAppId: string;
  /** The one tenant this bot serves; activities from any other are refused. */
  tenantId: string;
  logger: Logger;
}

export interface Bot {
  app: BotApplication;
  /** Entry point for every incoming activity (src/teams/server.ts). */
  handleTurn(context: TurnContext): Promise<TurnOutcome>;
}

/** The personal-chat help (the channel has its own: src/teams/handlers/help.ts). */
export const HELP_TEXT = PERSONAL_HELP;

/** Conversation state kept by the welcome: this installation has had it. */
interface WelcomeState {
  welcomed?: boolean;
}

/** `routes`: each feature bound to its services (src/teams/features.ts featuresFor), registered in order. */
export function createBot(deps: BotDeps, routes: ReadonlyArray<(app: BotApplication) => void> = []): Bot {
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    storage: deps.storage,
    // Typing indicators are per feature (slow Graph calls), not for every activity.
    startTypingTimer: false,
    longRunningMessages: false,
    removeRecipientMention: true,
    // Stored state is read only by the activities that use it (a message would cost two Blob reads).
    turnStateFactory: () => new TurnStateStoredWhereUsed(),
  });

  app.message(/^\s*(help|\?)\s*$/i, async (context) => {
    await context.sendActivity(helpActivity(placeOf(context)));
  });
  // A welcome where the app is installed: the personal chat, or the team (its General channel).
  // Once per installation: the Agents Playground sends "add" again on every page reload, so the
  // conversation remembers it was welcomed until the app is removed.
  app.activity('installationUpdate', async (context, state) => {
    const action = String(context.activity.action ?? '').toLowerCase();
    if (action === 'add' || action === 'add-upgrade') {
      const conversation = state.conversation as WelcomeState;
      if (conversation.welcomed === true) return;
      conversation.welcomed = true;
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: welcomeFor(placeOf(context)),
        textFormat: 'markdown',
      });
    } else if (action === 'remove' || action === 'remove-upgrade') {
      delete (state.conversation as WelcomeState).welcomed;
    }
  });
  for (const register of routes) register(app);
  // Fallback: in personal chat, anything not understood gets the help answer.
  app.activity(ActivityTypes.Message, async (context) => {
    if (context.activity.conversation?.conversationType === 'personal')
      await context.sendActivity(helpActivity('personal'));
  });

  return {
    app,
    handleTurn: async (context) => {
      // Checked before app.run so a foreign tenant never loads or writes turn state.
      if (!isFromConfiguredTenant(context.activity, deps.tenantId)) {
        turnLogger(context, deps.logger).warn(
          { activityTenantId: activityTenantId(context.activity), expectedTenantId: deps.tenantId },
          'refused activity from another tenant',
        );
        if (context.activity.type === ActivityTypes.Invoke) {
          await context.sendActivity({
            type: ActivityTypes.InvokeResponse,
            value: { status: 403, body: { error: 'tenant_not_allowed' } },
          });
        }
        return 'refused';
      }
      return (await app.run(context)) ? 'handled' : 'unhandled';
    },
  };
}

function placeOf(context: TurnContext): Place {
  const type = context.activity.conversation?.conversationType;
  return type === 'channel' ? 'channel' : 'personal';
}

function helpActivity(place: Place): { type: string; text: string; textFormat: string } {
  return { type: ActivityTypes.Message, text: helpFor(place), textFormat: 'markdown' };
}
