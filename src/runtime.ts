/**
 * Builds the Services every feature receives (src/app.ts wires them to the Teams edge).
 */
import type { Config } from './config';
import { connectGraph, type GraphSettings } from './graph/connect';
import { factsConnection } from './graph/facts-connection';
import { ChatLimits } from './limits/chat-limits';
import { chargeGraphBudget } from './limits/graph-budget';
import { TenantReadCache } from './graph/tenant-read-cache';
import type { Logger } from './logger';
import type { Messenger } from './ports/messenger';
import type { Services } from './services';
import type { Store } from './store';

export interface BuildServicesInput {
  config: Config;
  tenantId: string;
  messenger: Messenger;
  store: Store;
  graph: GraphSettings;
  logger: Logger;
  signInBaseUrl?: string | null;
  now?: () => Date;
}

export function buildServices(input: BuildServicesInput): Services {
  const { config, tenantId, graph } = input;
  const tenantReads = new TenantReadCache(config.limits.tenantReadCacheSeconds * 1000);
  const connection = connectGraph(graph, tenantId, {
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
    messenger: input.messenger,
    store: input.store,
    graph: { ...factsConnection(connection, graph.baseUrl), tenantReads },
    cardKey: Buffer.from(config.cardMacKey, 'utf8'),
    signInBaseUrl: input.signInBaseUrl ?? null,
    logger: input.logger,
    limits: new ChatLimits(input.store, config.limits, tenantId, now),
    now,
  };
}
