/**
 * What a suite's bots share, set up once per suite: the simulator loaded with the demo tenant (Graph,
 * Entra and the Bot Framework's channel), one Azurite and the fake Bot Connector. Bots are started
 * through it, in process (`harness`) or as real processes (`startBot`), and are stopped before the
 * peers after the suite. Call `usePeers()` at the top level of a suite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture, startSimulator, type RunningSimulator } from '../../../sim';
import type { TenantFixture } from '../../../sim/fixture';
import { mintChannelToken } from '../../../sim/identity/bot-framework-client';
import {
  ADMIN_CHANNEL_CONVERSATION_ID,
  DEMO_FIXTURE,
  startAppHarness,
  teamsUserId,
  type AppHarness,
  type AppHarnessOptions,
} from '../../helpers/app-harness';
import { startTestAzurite, type TestAzurite } from '../../helpers/azurite';
import { startFakeConnector, type FakeConnector } from '../../helpers/connector';
import { assertSimCaTrusted } from '../../helpers/sim';
import { standIn } from '../../helpers/stand-in';
import { actionExecuteActivity, type TeamsActivity } from '../../helpers/teams-activity';
import { startBotProcess, type BotProcess } from './bot-process';

export interface PeersOptions {
  /**
   * An in-process bot on the default (unprefixed) tables the bot processes use, with the admins'
   * channel stored: it creates requests exactly as the chat flow would and reads storage afterwards.
   */
  sharedTables?: Pick<AppHarnessOptions, 'logLevel'>;
}

export interface Peers {
  fixture: TenantFixture;
  /** The bot's app registration in the demo tenant. */
  bot: TenantFixture['clients'][number];
  sim: RunningSimulator;
  azurite: TestAzurite;
  connector: FakeConnector;
  /** The in-process bot on the shared tables (options.sharedTables). */
  h: AppHarness;
  /** An in-process bot on these peers. */
  harness(opts?: Omit<AppHarnessOptions, 'sim' | 'azurite' | 'connector'>): Promise<AppHarness>;
  /**
   * The bot as a real process on these peers. By default every process of the suite uses one data
   * directory (a restarted bot finds what the killed one left); `ownDataDir` gives it a fresh one.
   */
  startBot(opts?: { env?: Record<string, string>; ownDataDir?: boolean }): Promise<BotProcess>;
  /** POSTs an activity to a bot process as the Bot Framework does: with a channel token the simulator minted. */
  postToBot(bot: BotProcess, activity: object): Promise<Response>;
  /** An Action.Execute click by a fixture user on a card in the admins' channel. */
  adminChannelClick(who: string, verb: string, data: Record<string, unknown>): TeamsActivity;
}

export function usePeers(options: PeersOptions = {}): Peers {
  const fixture = loadFixture(DEMO_FIXTURE);
  const bot = fixture.clients[0];
  const sim = standIn<RunningSimulator>('the simulator is not running: use it inside tests or hooks');
  const azurite = standIn<TestAzurite>('Azurite is not running: use it inside tests or hooks');
  const connector = standIn<FakeConnector>('the connector is not running: use it inside tests or hooks');
  const h = standIn<AppHarness>('no in-process bot: pass usePeers({ sharedTables }) and use it inside tests or hooks');
  const stops: Array<() => Promise<void>> = [];
  const dirs: string[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'consent-doctor-adversarial-'));
    dirs.push(dir);
    return dir;
  };
  let sharedDataDir: string | undefined;
  const running = new Set<BotProcess>();
  const harness: Peers['harness'] = async (opts = {}) => {
    const started = await startAppHarness({
      ...opts,
      sim: sim.value,
      azurite: azurite.value,
      connector: connector.value,
    });
    stops.push(() => started.stop());
    return started;
  };

  beforeAll(async () => {
    assertSimCaTrusted();
    const s = await startSimulator({ fixtures: [fixture] });
    stops.push(() => s.close());
    sim.set(s);
    const a = await startTestAzurite();
    stops.push(() => a.stop());
    azurite.set(a);
    const c = await startFakeConnector();
    stops.push(() => c.close());
    connector.set(c);
    if (options.sharedTables) {
      const shared = await harness({ storePrefix: '', ...options.sharedTables });
      h.set(shared);
      await shared.useAdminChannel();
    }
  });

  afterAll(async () => {
    for (const p of [...running]) await p.stop();
    for (const stop of stops.reverse()) await stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  return {
    fixture,
    bot,
    sim: sim.value,
    azurite: azurite.value,
    connector: connector.value,
    h: h.value,
    harness,
    async startBot({ env, ownDataDir } = {}) {
      const p = await startBotProcess({
        sim: sim.value,
        bot,
        tenantId: fixture.tenant.id,
        storageConnectionString: azurite.value.connectionString,
        dataDir: ownDataDir ? dataDir() : (sharedDataDir ??= dataDir()),
        env,
      });
      running.add(p);
      p.child.once('exit', () => running.delete(p));
      return p;
    },
    async postToBot(target, activity) {
      const token = await mintChannelToken(sim.value.url, {
        audience: bot.appId,
        serviceUrl: connector.value.serviceUrl,
      });
      return fetch(`${target.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(activity),
      });
    },
    adminChannelClick(who, verb, data) {
      const user = h.value.user(who);
      return actionExecuteActivity({
        serviceUrl: connector.value.serviceUrl,
        tenantId: fixture.tenant.id,
        verb,
        data,
        conversationType: 'channel',
        conversationId: ADMIN_CHANNEL_CONVERSATION_ID,
        channelId: ADMIN_CHANNEL_CONVERSATION_ID,
        userId: teamsUserId(user),
        userAadObjectId: user.id,
        userName: user.displayName,
      });
    },
  };
}
