/**
 * The watchers' clock (docs/watchers.md): every WATCH_INTERVAL_SECONDS, on every replica, one run of the
 * Entra request watcher and one of sign-in help. Storage claims make each card and each message
 * happen once however many replicas run. Each run's outcome is stored (the last one per watcher) for
 * /healthz and `consent-doctor doctor`. tick() can be called directly, so tests never wait for time.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Services } from '../services';
import { startSweepSchedule } from '../limits/counter-sweep';
import { runEntraWatch, type EntraWatchResult } from './entra-watch';
import { sweepHelpDays } from './help-day-sweep';
import { runSignInWatch, type SignInWatchResult } from './signin-watch';

export interface WatchTick {
  entra: EntraWatchResult;
  signIns: SignInWatchResult;
}

export interface WatchersOptions {
  /** Run the interval timer (default true). Tests set false and call tick(). */
  timer?: boolean;
  /** Tick once at start (default true). */
  runOnStart?: boolean;
  replicaId?: string;
  onTick?: (tick: WatchTick) => void;
}

export interface Watchers {
  /** One run of both watchers; ticks of one replica never overlap. Never throws. */
  tick(): Promise<WatchTick>;
  stop(): void;
}

export function startWatchers(services: Services, options: WatchersOptions = {}): Watchers {
  const replicaId = options.replicaId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = services.logger.child({ component: 'watchers', replicaId });
  let chain: Promise<unknown> = Promise.resolve();
  const once = async (): Promise<WatchTick> => {
    const entra = await runEntraWatch(services, replicaId);
    const signIns = await runSignInWatch(services, replicaId);
    for (const run of [entra.run, signIns.run]) {
      await services.store.watch
        .recordRun(run)
        .catch((err: unknown) => log.warn({ err, watcher: run.watcher }, 'could not record the watcher run'));
    }
    return { entra, signIns };
  };
  const tick = (): Promise<WatchTick> => {
    const run = chain.then(once);
    chain = run.catch(() => undefined);
    return run.then((result) => {
      const summary = {
        entra: result.entra.run.status,
        posted: result.entra.posted,
        signIns: result.signIns.run.status,
        messaged: result.signIns.messaged,
      };
      // A quiet run every minute is not news; a run that posted, messaged or took the baseline is.
      const news =
        result.entra.posted > 0 ||
        result.entra.overflow > 0 ||
        result.entra.baseline !== null ||
        result.signIns.messaged > 0;
      if (news) log.info(summary, 'watchers ran');
      else log.debug(summary, 'watchers ran');
      options.onTick?.(result);
      return result;
    });
  };
  const { entraRequests, signIns, intervalSeconds } = services.config.watchers;
  const anyOn = entraRequests || signIns;
  const timer =
    options.timer === false || !anyOn
      ? null
      : setInterval(() => {
          void tick();
        }, intervalSeconds * 1000);
  timer?.unref();
  if (anyOn && options.runOnStart !== false) void tick();
  // Sign-in help leaves one row per person and day: past days are swept (hourly, like the limit counters).
  const sweep =
    options.timer === false || !signIns
      ? null
      : startSweepSchedule(() => sweepHelpDays(services), log, 'could not sweep sign-in help rows');
  log.info({ entraRequests, signIns, intervalSeconds }, anyOn ? 'watchers started' : 'watchers are off');
  return {
    tick,
    stop: () => {
      if (timer) clearInterval(timer);
      sweep?.stop();
    },
  };
}
