/**
 * Deletes the limit counters of finished windows (src/store/limit-counters-store.ts), which are
 * never read again and would otherwise pile up one row per person, kind and window for ever.
 * Runs soon after start-up and then every hour on every replica; sweeping twice is harmless.
 */
import type { Logger } from '../logger';
import type { Store } from '../store';
import { LONGEST_WINDOW_MS } from './chat-limits';

const HOUR = 60 * 60_000;
/** A counter is kept for the longest window plus an hour: clocks of replicas may differ a little. */
export const COUNTER_KEEP_MS = LONGEST_WINDOW_MS + HOUR;

export interface CounterSweepDeps {
  store: Pick<Store, 'limitCounters'>;
  logger: Logger;
  now: () => Date;
}

/** One pass: deletes counter and lock rows last written more than COUNTER_KEEP_MS ago. */
export async function sweepLimitCounters(deps: CounterSweepDeps): Promise<number> {
  const deleted = await deps.store.limitCounters.sweep(new Date(deps.now().getTime() - COUNTER_KEEP_MS));
  if (deleted > 0) deps.logger.info({ deleted }, 'swept finished limit counters');
  return deleted;
}

export function startCounterSweep(deps: CounterSweepDeps, opts: SweepScheduleOptions = {}): { stop(): void } {
  return startSweepSchedule(() => sweepLimitCounters(deps), deps.logger, 'could not sweep limit counters', opts);
}

export interface SweepScheduleOptions {
  intervalMs?: number;
  firstDelayMs?: number;
}

/**
 * Runs `sweep` soon after start-up and then every hour (by default), never two at once; a failure
 * is logged as `failure` and the next pass tries again. Shared by every sweep of rows nobody reads again.
 */
export function startSweepSchedule(
  sweep: () => Promise<unknown>,
  logger: Logger,
  failure: string,
  opts: SweepScheduleOptions = {},
): { stop(): void } {
  let running = false;
  const tick = (): void => {
    if (running) return;
    running = true;
    sweep()
      .catch((err: unknown) => logger.warn({ err }, failure))
      .finally(() => {
        running = false;
      });
  };
  // Not at the very start: start-up (and a replica restarting in a loop) stays cheap.
  const first = setTimeout(tick, opts.firstDelayMs ?? 5 * 60_000);
  const timer = setInterval(tick, opts.intervalMs ?? HOUR);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
