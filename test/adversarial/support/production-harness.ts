/**
 * The in-process bot in production mode: real Bot Framework JWT checks against the simulator, which
 * plays the channel (issuer, OpenID metadata and keys, the botframework.com token endpoint). Started
 * in beforeAll, stopped in afterAll; call at the top level of a suite, after any hook that must run
 * before it (console spies).
 */
import { loadFixture, startSimulator, type RunningSimulator } from '../../../sim';
import type { TenantFixture } from '../../../sim/fixture';
import { botFrameworkEnv } from '../../../sim/identity/bot-framework-client';
import { DEMO_FIXTURE, startAppHarness, type AppHarness } from '../../helpers/app-harness';
import { standIn } from '../../helpers/stand-in';

export interface ProductionHarness {
  fixture: TenantFixture;
  /** The bot's app registration in the demo tenant. */
  bot: TenantFixture['clients'][number];
  sim: RunningSimulator;
  h: AppHarness;
}

export function useProductionHarness(
  opts: { env?: Record<string, string>; logLevel?: string } = {},
): ProductionHarness {
  const fixture = loadFixture(DEMO_FIXTURE);
  const bot = fixture.clients[0];
  const sim = standIn<RunningSimulator>('the simulator is not running: use it inside tests or hooks');
  const h = standIn<AppHarness>('the production-mode bot is not running: use it inside tests or hooks');
  let running: { sim?: RunningSimulator; h?: AppHarness } = {};
  beforeAll(async () => {
    const s = await startSimulator({ fixtures: [fixture] });
    running = { sim: s };
    sim.set(s);
    const harness = await startAppHarness({
      sim: s,
      logLevel: opts.logLevel,
      env: {
        CONSENT_DOCTOR_MODE: 'production',
        HOST: '127.0.0.1',
        BOT_ID: bot.appId,
        BOT_PASSWORD: bot.secret,
        ...opts.env,
        ...botFrameworkEnv(s.url),
      },
    });
    running.h = harness;
    h.set(harness);
  });
  afterAll(async () => {
    await running.h?.stop();
    await running.sim?.close();
  });
  return { fixture, bot, sim: sim.value, h: h.value };
}
