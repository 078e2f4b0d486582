/**
 * The whole bot for end-to-end tests, wired by src/app.ts as src/index.ts wires it in local mode:
 * the simulator (HTTPS Graph + tokens) loaded with a fixture, Azurite-backed storage, the real
 * TeamsAdapter/teams-ai Application with every feature in FEATURES, restify on a free port, and a
 * fake Bot Connector recording what the bot sends. Activities are built for fixture users.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import type { Store } from '../../src/store';
import { startApp } from '../../src/app';
import { pickGraphClient } from '../../src/local-cloud';
import { simulatorGraphSettings } from '../../src/graph/connect';
import type { Services } from '../../src/services';
import type { User } from '../../src/graph/types';
import { loadFixture, startSimulator, type RunningSimulator } from '../../sim';
import { startTestAzurite, uniquePrefix, type TestAzurite } from './azurite';
import { assertSimCaTrusted } from './sim-ca';
import { startFakeConnector, type FakeConnector } from './connector';
import { standIn } from './stand-in';
import { actionExecuteActivity, BOT_ID, messageActivity, type TeamsActivity } from './teams-activity';

export const DEMO_FIXTURE = path.join(__dirname, '..', 'fixtures', 'tenants', 'demo-contoso.json');
export const ADMIN_CHANNEL_CONVERSATION_ID = '19:admin-approvals@thread.tacv2';
export const CARD_MAC_KEY = 'test-card-mac-key-0123456789abcdef0123456789';

export interface AppHarnessOptions {
  fixture?: string;
  env?: Record<string, string>;
  /** Reuse one Azurite across harnesses (e.g. two replicas in one test). */
  azurite?: TestAzurite;
  /** Reuse one simulator across harnesses (two replicas share one tenant). */
  sim?: RunningSimulator;
  /** Reuse a table prefix, so two replicas share the same tables. */
  storePrefix?: string;
  now?: () => Date;
  /** Reuse a connector (replicas of one bot talk to one Bot Connector). */
  connector?: FakeConnector;
  /** Log level (default debug, so tests can read every line; LOG_LEVEL in `env` still wins). */
  logLevel?: string;
  /**
   * Where log lines go: 'collect' (default) parses each into `logs` for assertions; 'stdout' writes
   * them as the deployed bot does (benchmarks: no parsing cost that production would not pay).
   */
  logs?: 'collect' | 'stdout';
}

export interface AppHarness {
  url: string;
  services: Services;
  sim: RunningSimulator;
  tenantId: string;
  store: Store;
  storePrefix: string;
  azurite: TestAzurite;
  connector: FakeConnector;
  logs: Array<Record<string, unknown>>;
  users: User[];
  /** A fixture user by UPN prefix ("alice") or full UPN or id. */
  user(who: string): User;
  post(activity: object): Promise<{ status: number; body: string; json: unknown }>;
  /** A personal-chat message from a fixture user (same 1:1 conversation id per user). */
  say(who: string, text: string): Promise<{ status: number; activity: TeamsActivity }>;
  /** A channel message in the admin channel from a fixture user (mention already stripped). */
  sayInAdminChannel(who: string, text: string): Promise<{ status: number; activity: TeamsActivity }>;
  /** An Action.Execute click by a fixture user. */
  click(
    who: string,
    verb: string,
    data: Record<string, unknown>,
    opts?: {
      trigger?: 'manual' | 'automatic' | 'absent';
      conversationId?: string;
      replyToId?: string;
      conversationType?: 'personal' | 'channel';
    },
  ): Promise<{ status: number; body: string; json: unknown }>;
  /** Stores the admin channel's conversation reference directly (as the setup command would). */
  useAdminChannel(): Promise<void>;
  stop(): Promise<void>;
}

export function teamsUserId(user: User): string {
  return `29:${user.id}`;
}

export function personalConversationId(user: User): string {
  return `a:personal-${user.id}`;
}

export async function startAppHarness(opts: AppHarnessOptions = {}): Promise<AppHarness> {
  const fixturePath = opts.fixture ?? DEMO_FIXTURE;
  const fixture = loadFixture(fixturePath);
  const tenantId = fixture.tenant.id;
  const azurite = opts.azurite ?? (await startTestAzurite());
  const sim = opts.sim ?? (await startSimulator({ fixtures: [fixture] }));
  const connector = opts.connector ?? (await startFakeConnector());
  const storePrefix = opts.storePrefix ?? uniquePrefix();

  const config = loadConfig(
    {
      CONSENT_DOCTOR_MODE: 'local',
      PORT: '0',
      BOT_TENANT_ID: tenantId,
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      CARD_MAC_KEY,
      LOG_LEVEL: opts.logLevel ?? 'debug',
      // Tests about other things write with the bot's own permissions; approve-delegated* set 'delegated'.
      APPROVAL_WRITES: 'app',
      ...opts.env,
    },
    { version: '0.0.0-test' },
  );

  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          logs.push({ raw: line });
        }
      }
      done();
    },
  });
  const logger = createLogger({
    level: config.logLevel,
    destination: opts.logs === 'stdout' ? undefined : destination,
  });
  const client = pickGraphClient(fixture);
  const { services, store, server } = await startApp({
    config,
    tenantId,
    logger,
    storage: { connectionString: azurite.connectionString, prefix: storePrefix },
    graph: simulatorGraphSettings(sim.url, client),
    signInBaseUrl: `${sim.url}/${tenantId}`,
    now: opts.now,
    health: (opened) => ({ version: config.version, mode: config.mode, storage: opened.ping }),
  });

  const users = fixture.users;
  const user = (who: string): User => {
    const w = who.toLowerCase();
    const found = users.find(
      (u) =>
        u.id === who ||
        u.userPrincipalName.toLowerCase() === w ||
        u.userPrincipalName.toLowerCase().startsWith(`${w}@`),
    );
    if (!found) throw new Error(`no fixture user "${who}"`);
    return found;
  };
  const post = async (activity: object) => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const body = await res.text();
    let json: unknown = null;
    try {
      json = body ? JSON.parse(body) : null;
    } catch {
      json = null;
    }
    return { status: res.status, body, json };
  };
  const from = (u: User) => ({ userId: teamsUserId(u), userAadObjectId: u.id, userName: u.displayName });

  return {
    url: server.url,
    services,
    sim,
    tenantId,
    store,
    storePrefix,
    azurite,
    connector,
    logs,
    users,
    user,
    post,
    say: async (who, text) => {
      const u = user(who);
      const activity = messageActivity({
        serviceUrl: connector.serviceUrl,
        tenantId,
        text,
        conversationId: personalConversationId(u),
        ...from(u),
      });
      const res = await post(activity);
      return { status: res.status, activity };
    },
    sayInAdminChannel: async (who, text) => {
      const u = user(who);
      const activity = messageActivity({
        serviceUrl: connector.serviceUrl,
        tenantId,
        text,
        conversationType: 'channel',
        conversationId: ADMIN_CHANNEL_CONVERSATION_ID,
        channelId: ADMIN_CHANNEL_CONVERSATION_ID,
        ...from(u),
      });
      const res = await post(activity);
      return { status: res.status, activity };
    },
    click: async (who, verb, data, o = {}) => {
      const u = user(who);
      const conversationType =
        o.conversationType ??
        (o.conversationId && o.conversationId !== ADMIN_CHANNEL_CONVERSATION_ID ? 'personal' : 'channel');
      const conversationId = o.conversationId ?? ADMIN_CHANNEL_CONVERSATION_ID;
      return post(
        actionExecuteActivity({
          serviceUrl: connector.serviceUrl,
          tenantId,
          verb,
          data,
          trigger: o.trigger,
          replyToId: o.replyToId,
          conversationType,
          conversationId,
          ...(conversationType === 'channel' ? { channelId: ADMIN_CHANNEL_CONVERSATION_ID } : {}),
          ...from(u),
        }),
      );
    },
    useAdminChannel: async () => {
      await store.conversations.save('admin-channel', {
        activityId: undefined,
        bot: { id: BOT_ID, name: 'Consent Doctor' },
        channelId: 'msteams',
        conversation: {
          id: ADMIN_CHANNEL_CONVERSATION_ID,
          conversationType: 'channel',
          isGroup: true,
          tenantId,
          name: 'Approvals',
        },
        serviceUrl: connector.serviceUrl,
      });
    },
    stop: async () => {
      await server.close();
      if (!opts.connector) await connector.close();
      if (!opts.sim) await sim.close();
      if (!opts.azurite) await azurite.stop();
    },
  };
}

/** Options for another replica of `first`'s bot: the same simulator, storage tables and Bot Connector. */
export function replicaOf(first: AppHarness): Pick<AppHarnessOptions, 'sim' | 'azurite' | 'storePrefix' | 'connector'> {
  return { sim: first.sim, azurite: first.azurite, storePrefix: first.storePrefix, connector: first.connector };
}

export interface UseAppHarnessOptions extends AppHarnessOptions {
  /** Store the admins' channel before the first test (suites about approvals need it). */
  adminChannel?: boolean;
}

/**
 * The whole bot for one suite: started in beforeAll (checking first that this process trusts the
 * simulator's CA), stopped in afterAll. The returned object stands for the running harness inside
 * tests and hooks. `options` may be a function, called in beforeAll, when they depend on something
 * made first (a fixture file, another harness's simulator for a second replica).
 */
export function useAppHarness(
  options: UseAppHarnessOptions | (() => UseAppHarnessOptions | Promise<UseAppHarnessOptions>) = {},
): AppHarness {
  const harness = standIn<AppHarness>(
    'the app harness is not running: use it inside tests or hooks (useAppHarness starts it in beforeAll)',
  );
  let running: AppHarness | undefined;
  beforeAll(async () => {
    assertSimCaTrusted();
    const opts = typeof options === 'function' ? await options() : options;
    running = await startAppHarness(opts);
    harness.set(running);
    if (opts.adminChannel) await running.useAdminChannel();
  });
  afterAll(async () => {
    await running?.stop();
  });
  return harness.value;
}
