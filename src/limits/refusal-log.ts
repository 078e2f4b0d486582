/**
 * One log line per refused request, with a reason code, and never a flood: per reason, the first
 * `perMinute` refusals of each minute are logged; the rest are counted and reported as one
 * "refusals suppressed" line when the minute is over. Anyone who can reach the port can make the
 * bot refuse things, so a refusal must cost a bounded amount of log, whatever the rate.
 */
import type { Logger } from '../logger';

export const REFUSED_MSG = 'refused';
export const SUPPRESSED_MSG = 'refusals suppressed';
const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  logged: number;
  suppressed: number;
}

export interface RefusalLogOptions {
  /** Lines per reason per minute before sampling starts (LOG_REFUSALS_PER_MINUTE). */
  perMinute: number;
  now?: () => number;
}

export class RefusalLog {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(
    private readonly logger: Logger,
    private readonly options: RefusalLogOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Logs (or counts) one refusal. `msg` defaults to "refused"; fields must be short values only. */
  refused(reason: string, fields: Record<string, unknown> = {}, msg: string = REFUSED_MSG): void {
    const at = this.now();
    let window = this.windows.get(reason);
    if (window && at - window.startedAt >= WINDOW_MS) {
      this.report(reason, window);
      window = undefined;
    }
    if (!window) {
      window = { startedAt: at, logged: 0, suppressed: 0 };
      this.windows.set(reason, window);
    }
    if (window.logged < this.options.perMinute) {
      window.logged++;
      this.logger.warn({ ...fields, reason }, msg);
      return;
    }
    window.suppressed++;
    this.scheduleFlush();
  }

  /** Reports every finished window's suppressed count (also called by the timer). */
  flush(force = false): void {
    const at = this.now();
    for (const [reason, window] of this.windows) {
      if (force || at - window.startedAt >= WINDOW_MS) {
        this.report(reason, window);
        this.windows.delete(reason);
      }
    }
    if (this.timer && [...this.windows.values()].every((w) => w.suppressed === 0)) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Stops the timer, reporting what is still counted. */
  close(): void {
    this.flush(true);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private report(reason: string, window: Window): void {
    if (window.suppressed > 0) {
      this.logger.warn({ reason, suppressed: window.suppressed, windowSeconds: WINDOW_MS / 1000 }, SUPPRESSED_MSG);
    }
  }

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), WINDOW_MS / 4);
    // Never keeps the process alive on its own.
    this.timer.unref();
  }
}

const PER_LOGGER = new WeakMap<Logger, RefusalLog>();
export const DEFAULT_REFUSALS_PER_MINUTE = 20;

/** The one RefusalLog of a logger (the adapter and the HTTP edge share it). */
export function refusalLogFor(logger: Logger, perMinute = DEFAULT_REFUSALS_PER_MINUTE): RefusalLog {
  let found = PER_LOGGER.get(logger);
  if (!found) {
    found = new RefusalLog(logger, { perMinute });
    PER_LOGGER.set(logger, found);
  }
  return found;
}

/** Untrusted values in a refusal line: strings only, and short. */
export function shortId(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 120) : undefined;
}
