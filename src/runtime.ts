/**
 * Builds the Services every feature receives, and turns FEATURES into the bot's route
 * registrations. Shared by src/index.ts and the end-to-end harness so tests run the same wiring.
 */
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { BotFeature } from './bot';
import type { Config } from './config';
import { FEATURES } from './features';
import { createGraphClient } from './graph/client';
import { factsConnection } from './graph/facts-connection';
import type { Logger } from './logger';
import type { Services } from './services';
import type { Store } from './store';

/** Where the bot's own Graph identity signs in and which Graph it calls. */
export interface GraphSettings {
  clientId: string;
  clientSecret: string;
  /** Authority host without the tenant: https://login.microsoftonline.com or the simulator's URL. */
  authorityUrl: string;
  /** https://graph.microsoft.com or the simulator's URL (no version). */
  baseUrl: string;
}

export class GraphSettingsError extends Error {
  readonly code = 'GRAPH_SETTINGS';
}

/** Production: the configured Graph identity. Only client secrets are supported for Graph today. */
export function graphSettingsFromConfig(config: Config): GraphSettings {
  const { clientId, credential, authorityUrl, baseUrl } = config.graph;
  if (!clientId || credential?.kind !== 'secret') {
    throw new GraphSettingsError('GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or BOT_ID and BOT_PASSWORD) are required for Graph');
  }
  return { clientId, clientSecret: credential.secret, authorityUrl, baseUrl };
}

export interface BuildServicesInput {
  config: Config;
  tenantId: string;
  adapter: TeamsAdapter;
  store: Store;
  graph: GraphSettings;
  logger: Logger;
  signInBaseUrl?: string | null;
  now?: () => Date;
}

export function buildServices(input: BuildServicesInput): Services {
  const { config, tenantId, graph } = input;
  const connection = createGraphClient({
    tenantId,
    clientId: graph.clientId,
    clientSecret: graph.clientSecret,
    authorityUrl: `${graph.authorityUrl.replace(/\/+$/, '')}/${tenantId}`,
    graphBaseUrl: graph.baseUrl,
  });
  return {
    config,
    tenantId,
    botAppId: config.bot.appId,
    adapter: input.adapter,
    store: input.store,
    graph: factsConnection(connection, graph.baseUrl),
    cardKey: Buffer.from(config.cardMacKey, 'utf8'),
    signInBaseUrl: input.signInBaseUrl ?? null,
    logger: input.logger,
    now: input.now ?? (() => new Date()),
  };
}

export function featuresFor(services: Services): BotFeature[] {
  return FEATURES.map((feature) => (app) => feature(app, services));
}
