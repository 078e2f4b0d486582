/**
 * The Teams edge as the rest of the app sees it: a Messenger for messages outside a turn, and
 * `start`, which puts the bot's routes behind /api/messages. Everything Bot Framework (adapter,
 * teams-ai Application, restify, turn state in Blob storage) is made here and stays here.
 */
// First: teams-ai's Application below must find botbuilder-dialogs' stand-in (src/teams/lazy-dialogs.ts).
import './lazy-dialogs';
import type { Config } from '../config';
import type { HealthDeps } from '../health';
import type { Logger } from '../logger';
import type { Messenger } from '../ports/messenger';
import { createBot } from './bot';
import type { Routes } from './feature';
import { teamsMessenger } from './messenger';
import { createAdapter, startServer, type RunningServer } from './server';
import { turnStateStorageFor } from './turn-state';

export interface EdgeStart {
  /** The one tenant this bot serves. */
  tenantId: string;
  /** Where turn state lives: the store's connection string and table prefix. */
  turnState: { connectionString: string; prefix?: string };
  /** Registered in order, before the help fallback. */
  routes: readonly Routes[];
  health: HealthDeps;
}

export interface TeamsEdge {
  messenger: Messenger;
  start(input: EdgeStart): Promise<RunningServer>;
}

export function createTeamsEdge(config: Config, logger: Logger): TeamsEdge {
  const adapter = createAdapter(config, logger);
  return {
    messenger: teamsMessenger(adapter, config.bot.appId),
    start: async ({ tenantId, turnState, routes, health }) => {
      const storage = turnStateStorageFor(turnState.connectionString, turnState.prefix);
      const bot = createBot({ adapter, storage, botAppId: config.bot.appId, tenantId, logger }, routes);
      return startServer({ config, adapter, bot, logger, health });
    },
  };
}

export type { RunningServer } from './server';
