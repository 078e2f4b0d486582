/**
 * The bot under measurement, alone in its process: the same wiring as the end-to-end harness
 * (restify, teams-ai, every feature, Azurite storage) with logs at the deployed level written to
 * stdout, Graph and tokens from a simulator in another process, and replies sent to a Bot
 * Connector the benchmark runs in its own process. Driven over IPC (bench/bot-protocol.ts);
 * activities arrive over HTTP on /api/messages as in production.
 */
import { readFileSync } from 'node:fs';
import type { RunningSimulator } from '../sim';
import { loadFixture } from '../sim/load-fixture';
import { CARD_MAC_KEY, startAppHarness, type AppHarness } from '../test/helpers/app-harness';
import { uniquePrefix } from '../test/helpers/azurite';
import type { FakeConnector } from '../test/helpers/connector';
import { createRequest, settle } from '../test/integration/approvals/helpers';
import type { BotCommand, BotGraphStats, BotMemory, BotRequest, BotResponse } from './bot-protocol';
import { countOutgoingHttp, outgoingHttpCounts } from './http-count';
import { startEchoBot } from './echo-bot';
import type { RunningServer } from '../src/teams/server';

const MB = 1024 * 1024;
countOutgoingHttp();

/** The simulator runs elsewhere: only its URL is usable from here. */
function simulatorAt(url: string): RunningSimulator {
  const elsewhere = (what: string) => (): never => {
    throw new Error(`${what} is not available: the simulator runs in another process`);
  };
  return {
    url,
    port: Number(new URL(url).port),
    caPath: process.env.NODE_EXTRA_CA_CERTS ?? '',
    tenantIds: [],
    authorityUrl: (tenantId) => `${url}/${tenantId}`,
    tenant: elsewhere('tenant()'),
    log: elsewhere('log()'),
    clearLog: elsewhere('clearLog()'),
    setFaults: elsewhere('setFaults()'),
    addTenant: elsewhere('addTenant()'),
    issueUserToken: elsewhere('issueUserToken()'),
    issueAppToken: elsewhere('issueAppToken()'),
    close: async () => {},
  };
}

/** The connector runs in the benchmark's process: the bot only needs its URL. */
function connectorAt(serviceUrl: string): FakeConnector {
  return {
    serviceUrl,
    calls: [],
    sentMessages: () => [],
    waitFor: () => Promise.reject(new Error('the connector runs in the benchmark process')),
    close: async () => {},
  };
}

let sampledPeak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
}, 50);
sampler.unref();

function memory(): BotMemory {
  const rss = process.memoryUsage.rss();
  sampledPeak = Math.max(sampledPeak, rss);
  let peak = sampledPeak;
  try {
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
  } catch {
    /* no /proc: the sampled peak stands */
  }
  const cpu = process.cpuUsage();
  return {
    peakMb: Math.round((peak / MB) * 10) / 10,
    rssMb: Math.round((rss / MB) * 10) / 10,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}

let harness: AppHarness | null = null;
let echo: RunningServer | null = null;

/** Shared Azurite (bench/run.ts starts one for every bot process, so replicas can share tables). */
function sharedStorage(): string {
  const connectionString = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!connectionString)
    throw new Error('TEST_STORAGE_CONNECTION_STRING is not set: the echo bot needs the shared Azurite');
  return connectionString;
}

function graphStats(): BotGraphStats {
  if (!harness && echo) return { requests: 0, roundTrips: 0 };
  const stats = started().services.graph.stats;
  return { requests: stats?.requests ?? 0, roundTrips: stats?.roundTrips ?? 0 };
}

function started(): AppHarness {
  if (!harness) throw new Error('the bot is not started');
  return harness;
}

async function handle(cmd: BotCommand): Promise<unknown> {
  switch (cmd.op) {
    case 'start': {
      if (cmd.kind === 'echo') {
        const tenantId = loadFixture(cmd.fixture).tenant.id;
        echo = await startEchoBot({
          tenantId,
          storageConnectionString: sharedStorage(),
          storePrefix: cmd.storePrefix ?? uniquePrefix('echo'),
          cardMacKey: CARD_MAC_KEY,
        });
        return { url: echo.url, tenantId };
      }
      harness = await startAppHarness({
        fixture: cmd.fixture,
        sim: simulatorAt(cmd.simUrl),
        connector: connectorAt(cmd.serviceUrl),
        logLevel: 'info',
        logs: 'stdout',
        env: cmd.env,
        storePrefix: cmd.storePrefix,
      });
      return { url: harness.url, tenantId: harness.tenantId };
    }
    case 'graphStats':
      return graphStats();
    case 'httpCounts':
      return outgoingHttpCounts();
    case 'useAdminChannel':
      return started().useAdminChannel();
    case 'createRequest': {
      const request = await createRequest(started(), cmd.who, cmd.appText);
      return { id: request.id, adminCardActivityId: request.adminCard?.activityId ?? null };
    }
    case 'settle':
      return settle(started());
    case 'memory':
      return memory();
    case 'stop': {
      const h = harness;
      const e = echo;
      harness = null;
      echo = null;
      await h?.stop();
      await e?.close();
      return memory();
    }
  }
}

const send = (message: BotResponse) => process.send?.(message);

process.on('message', (message: BotRequest) => {
  handle(message).then(
    (result) => send({ seq: message.seq, ok: true, result: result ?? null }),
    (err: unknown) => send({ seq: message.seq, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
// The benchmark went away: stop rather than linger.
process.on('disconnect', () => {
  void Promise.allSettled([harness?.stop(), echo?.close()]).finally(() => process.exit(0));
});
if (!process.send) {
  process.stderr.write('bench/bot-process.ts is started by the benchmarks (IPC), not by hand\n');
  process.exit(2);
}
