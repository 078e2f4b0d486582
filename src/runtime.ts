/**
 * Builds the Services every feature receives, and turns FEATURES into the bot's route
 * registrations. Shared by src/index.ts and the end-to-end harness so tests run the same wiring.
 */
import { readFileSync } from 'node:fs';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { BotFeature } from './bot';
import type { Config } from './config';
import { FEATURES } from './features';
import { createGraphClient } from './graph/client';
import { factsConnection } from './graph/facts-connection';
import { ChatLimits } from './limits/chat-limits';
import { chargeGraphBudget } from './limits/graph-budget';
import { TenantReadCache } from './graph/tenant-read-cache';
import type { Logger } from './logger';
import type { Services } from './services';
import type { Store } from './store';

/** Where the bot's own Graph identity signs in and which Graph it calls. */
export interface GraphSettings {
  clientId: string;
  /** One of the two. */
  clientSecret?: string;
  clientCertificate?: { thumbprint: string; privateKey: string };
  /** Authority host without the tenant: https://login.microsoftonline.com or the simulator's URL. */
  authorityUrl: string;
  /** https://graph.microsoft.com or the simulator's URL (no version). */
  baseUrl: string;
}

export class GraphSettingsError extends Error {
  readonly code = 'GRAPH_SETTINGS';
}

/** Production: the configured Graph identity, with a client secret or a certificate. */
export function graphSettingsFromConfig(config: Config, readKey: (path: string) => string = (p) => readFileSync(p, 'utf8')): GraphSettings {
  const { clientId, credential, authorityUrl, baseUrl } = config.graph;
  if (!clientId || !credential) {
    throw new GraphSettingsError('GRAPH_CLIENT_ID and a credential (GRAPH_CLIENT_SECRET, or the bot\'s BOT_PASSWORD or certificate) are required for Graph');
  }
  if (credential.kind === 'secret') return { clientId, clientSecret: credential.secret, authorityUrl, baseUrl };
  let privateKey: string;
  try {
    privateKey = readKey(credential.keyFile);
  } catch (err) {
    throw new GraphSettingsError(`BOT_CERT_KEY_FILE: cannot read the certificate's private key at ${credential.keyFile} (${err instanceof Error ? err.message : String(err)})`);
  }
  return { clientId, clientCertificate: { thumbprint: credential.thumbprint, privateKey }, authorityUrl, baseUrl };
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
  const tenantReads = new TenantReadCache(config.limits.tenantReadCacheSeconds * 1000);
  const connection = createGraphClient({
    tenantId,
    clientId: graph.clientId,
    clientSecret: graph.clientSecret,
    clientCertificate: graph.clientCertificate,
    authorityUrl: `${graph.authorityUrl.replace(/\/+$/, '')}/${tenantId}`,
    graphBaseUrl: graph.baseUrl,
    beforeRequest: ({ parts, write }) => {
      // The bot's own write: policies or resource apps read before may have changed.
      if (write) tenantReads.invalidate();
      chargeGraphBudget(parts, write);
    },
  });
  const now = input.now ?? (() => new Date());
  return {
    config,
    tenantId,
    botAppId: config.bot.appId,
    adapter: input.adapter,
    store: input.store,
    graph: { ...factsConnection(connection, graph.baseUrl), tenantReads },
    cardKey: Buffer.from(config.cardMacKey, 'utf8'),
    signInBaseUrl: input.signInBaseUrl ?? null,
    logger: input.logger,
    limits: new ChatLimits(input.store, config.limits, tenantId, now),
    now,
  };
}

export function featuresFor(services: Services): BotFeature[] {
  return FEATURES.map((feature) => (app) => feature(app, services));
}
