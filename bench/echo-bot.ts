/**
 * The floor of the stack: an echo bot built from the same parts as Consent Doctor (restify and
 * src/teams/server.ts, teams-ai's TeamsAdapter and Application, turn state in the same Azure Blob storage,
 * pino logging at the deployed level) that answers every message with one static Adaptive Card.
 * What it costs per message is what any Teams bot on this stack pays before doing anything useful,
 * so the benchmark reports the bot's CPU per message as a ratio to it (README's "Benchmarks").
 */
// As the bot loads it (src/teams/edge.ts): teams-ai without botbuilder-dialogs' prompts.
import '../src/teams/lazy-dialogs';
import { ActivityTypes, CardFactory, MessageFactory } from 'botbuilder';
import { Application } from '@microsoft/teams-ai/lib/Application';
import { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createAdapter, startServer, type RunningServer } from '../src/teams/server';
import { createTurnStateStorage } from '../src/teams/turn-state';

/** A fixed card: the echo bot does no templating, only what sending a card costs. */
const ECHO_CARD = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Echo', weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: 'The same stack as Consent Doctor, with nothing to work out.', wrap: true },
  ],
};

export interface EchoBotOptions {
  tenantId: string;
  storageConnectionString: string;
  /** Same container naming as src/store (`<prefix>turnstate`), so the echo bot's state lives apart. */
  storePrefix: string;
  cardMacKey: string;
}

export async function startEchoBot(opts: EchoBotOptions): Promise<RunningServer> {
  const config = loadConfig(
    {
      CONSENT_DOCTOR_MODE: 'local',
      PORT: '0',
      BOT_TENANT_ID: opts.tenantId,
      STORAGE_CONNECTION_STRING: opts.storageConnectionString,
      CARD_MAC_KEY: opts.cardMacKey,
      LOG_LEVEL: 'info',
    },
    { version: '0.0.0-echo' },
  );
  const logger = createLogger({ level: config.logLevel });
  const adapter = createAdapter(config, logger);
  const app = new Application<TurnState>({
    adapter,
    botAppId: config.bot.appId,
    storage: createTurnStateStorage(opts.storageConnectionString, `${opts.storePrefix.toLowerCase()}turnstate`),
    startTypingTimer: false,
    longRunningMessages: false,
    removeRecipientMention: true,
    turnStateFactory: () => new TurnState(),
  });
  app.activity(ActivityTypes.Message, async (context) => {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(ECHO_CARD)));
  });
  return startServer({
    config,
    adapter,
    logger,
    bot: { app, handleTurn: async (context) => ((await app.run(context)) ? 'handled' : 'unhandled') },
    health: { version: config.version, mode: config.mode },
  });
}
