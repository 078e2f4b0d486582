/**
 * The whole app, wired once: storage, the Teams edge (its Messenger), the services every feature
 * receives, and the bot's routes behind /api/messages. src/index.ts and the test harnesses start
 * the bot through here, so tests run the wiring that production runs.
 */
import type { Config } from './config';
import type { GraphSettings } from './graph/connect';
import type { HealthDeps } from './health';
import type { Logger } from './logger';
import { buildServices } from './runtime';
import type { Services } from './services';
import { openStore, type Store } from './store';
import { createTeamsEdge, type RunningServer } from './teams/edge';
import type { Routes } from './teams/feature';
import { featuresFor } from './teams/features';

export interface StorageLocation {
  connectionString: string;
  /** Prefix for table and container names (tests sharing one Azurite). */
  prefix?: string;
}

interface AppBase {
  config: Config;
  /** The one tenant this bot serves. */
  tenantId: string;
  logger: Logger;
  storage: StorageLocation;
  /** /healthz's probes, given the opened store. */
  health(store: Store): HealthDeps | Promise<HealthDeps>;
  /** Runs after storage is open and before the server listens (e.g. presetting the admins' channel). */
  beforeListen?(store: Store): Promise<void>;
}

export interface AppInput extends AppBase {
  graph: GraphSettings;
  /** Local mode: the simulator's sign-in page, so cards can link to it. */
  signInBaseUrl?: string | null;
  now?: () => Date;
}

export interface RunningApp {
  services: Services;
  store: Store;
  server: RunningServer;
}

/** Every feature (chat, approvals, digest) on the bot, listening. */
export async function startApp(input: AppInput): Promise<RunningApp> {
  const { config, tenantId, logger } = input;
  const store = await openStore(input.storage.connectionString, { prefix: input.storage.prefix });
  const edge = createTeamsEdge(config, logger);
  const services = buildServices({
    config,
    tenantId,
    messenger: edge.messenger,
    store,
    graph: input.graph,
    logger,
    signInBaseUrl: input.signInBaseUrl,
    now: input.now,
  });
  const server = await listen(input, store, edge.start, featuresFor(services));
  return { services, store, server };
}

export interface BareBotInput extends AppBase {
  /** The only routes (before the help fallback): no feature, no Graph. */
  routes: readonly Routes[];
}

/** The bot with only the given routes: the Teams edge itself (auth, limits, logging, shutdown). */
export async function startBareBot(input: BareBotInput): Promise<{ store: Store; server: RunningServer }> {
  const store = await openStore(input.storage.connectionString, { prefix: input.storage.prefix });
  const server = await listen(input, store, createTeamsEdge(input.config, input.logger).start, input.routes);
  return { store, server };
}

async function listen(
  input: AppBase,
  store: Store,
  start: ReturnType<typeof createTeamsEdge>['start'],
  routes: readonly Routes[],
): Promise<RunningServer> {
  await input.beforeListen?.(store);
  return start({ tenantId: input.tenantId, turnState: input.storage, routes, health: await input.health(store) });
}
