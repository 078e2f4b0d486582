/**
 * Starts the bot's Teams edge with a test's own routes (src/app.ts startBareBot: real TeamsAdapter,
 * teams-ai Application, restify, Azurite-backed storage) on a free port, with a fake Bot Connector for
 * replies and the log lines captured for assertions.
 */
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startBareBot } from '../../src/app';
import type { Store } from '../../src/store';
import type { Routes } from '../../src/teams/feature';
import type { Probe } from '../../src/health';
import { startTestAzurite, uniquePrefix, type TestAzurite } from './azurite';
import { startFakeConnector, type FakeConnector } from './connector';

export const TEST_TENANT_ID = 'e6c3fbc6-0a2a-4424-bd0f-0ab1bdd37b0b';

export interface HarnessOptions {
  tenantId?: string;
  /** Routes to register (a test's own), as features bound to their services are. */
  features?: Routes[];
  /** Extra/overriding configuration variables. */
  env?: Record<string, string>;
  graphProbe?: Probe;
  /** Reuse an Azurite across harnesses in one file. */
  azurite?: TestAzurite;
}

export interface BotHarness {
  url: string;
  config: Config;
  store: Store;
  connector: FakeConnector;
  /** Parsed log lines, in order. */
  logs: Array<Record<string, unknown>>;
  post(activity: object): Promise<{ status: number; body: string }>;
  /** Graceful server close only (stop accepting, finish in-flight turns). */
  closeServer(): Promise<void>;
  /** Everything: server, fake connector, and the Azurite this harness started. */
  stop(): Promise<void>;
}

export async function startBotHarness(opts: HarnessOptions = {}): Promise<BotHarness> {
  const tenantId = opts.tenantId ?? TEST_TENANT_ID;
  const azurite = opts.azurite ?? (await startTestAzurite());
  const connector = await startFakeConnector();
  const config = loadConfig(
    {
      CONSENT_DOCTOR_MODE: 'local',
      PORT: '0',
      BOT_TENANT_ID: tenantId,
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      CARD_MAC_KEY: 'test-card-mac-key-0123456789abcdef0123456789',
      LOG_LEVEL: 'debug',
      APPROVAL_WRITES: 'app',
      ...opts.env,
    },
    { version: '0.0.0-test' },
  );

  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: config.logLevel, destination });
  const { store, server } = await startBareBot({
    config,
    tenantId,
    logger,
    storage: { connectionString: azurite.connectionString, prefix: uniquePrefix() },
    routes: opts.features ?? [],
    health: (opened) => ({ version: config.version, mode: config.mode, storage: opened.ping, graph: opts.graphProbe }),
  });

  return {
    url: server.url,
    config,
    store,
    connector,
    logs,
    post: async (activity) => {
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      return { status: res.status, body: await res.text() };
    },
    closeServer: () => server.close(),
    stop: async () => {
      await server.close();
      await connector.close();
      if (!opts.azurite) await azurite.stop();
    },
  };
}
