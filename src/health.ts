/**
 * /healthz: is the bot able to do its job right now? Storage must answer; Graph must be
 * reachable (any HTTP answer counts: this is a network check, not an authorization check).
 * Each probe has a deadline so a hung dependency cannot hang the health endpoint.
 */
export type ProbeStatus = 'ok' | 'error' | 'skipped';
export type Probe = () => Promise<void>;

export interface HealthReport {
  status: 'ok' | 'degraded' | 'stopping';
  version: string;
  mode: string;
  storage: ProbeStatus;
  graph: ProbeStatus;
  /** The doctor's checks (src/doctor), when wired: informational, they do not change `status`. */
  checks?: unknown;
  /** Each watcher's setting and last run (src/watchers/health.ts): informational, never changes `status`. */
  watchers?: unknown;
}

export interface HealthDeps {
  version: string;
  mode: string;
  storage?: Probe;
  graph?: Probe;
  /** The doctor's summary (cached by the caller, see src/doctor/health-summary.ts). */
  checks?: () => Promise<unknown>;
  /** The watchers' state (src/watchers/health.ts). */
  watchers?: () => Promise<unknown>;
  /** Deadline per probe. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3000;

export async function checkHealth(deps: HealthDeps, stopping = false): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const [storage, graph] = await Promise.all([runProbe(deps.storage, timeoutMs), runProbe(deps.graph, timeoutMs)]);
  const healthy = storage !== 'error' && graph !== 'error';
  const report: HealthReport = {
    status: stopping ? 'stopping' : healthy ? 'ok' : 'degraded',
    version: deps.version,
    mode: deps.mode,
    storage,
    graph,
  };
  if (deps.checks) report.checks = await runChecks(deps.checks, timeoutMs);
  if (deps.watchers)
    report.watchers = await runInformational(deps.watchers, timeoutMs, 'watcher state could not be read in time');
  return report;
}

/** The doctor's summary, with a longer deadline than a probe (it makes a few Graph calls when not cached). */
async function runChecks(checks: () => Promise<unknown>, timeoutMs: number): Promise<unknown> {
  return runInformational(checks, timeoutMs * 5, 'checks failed or did not finish in time');
}

async function runInformational(read: () => Promise<unknown>, timeoutMs: number, failure: string): Promise<unknown> {
  let result: unknown = null;
  const status = await runProbe(async () => {
    result = await read();
  }, timeoutMs);
  return status === 'ok' ? result : { ok: false, error: failure };
}

async function runProbe(probe: Probe | undefined, timeoutMs: number): Promise<ProbeStatus> {
  if (!probe) return 'skipped';
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('probe timed out')), timeoutMs);
  });
  try {
    await Promise.race([probe(), deadline]);
    return 'ok';
  } catch {
    return 'error';
  } finally {
    clearTimeout(timer);
  }
}

/** Reachability of the Graph endpoint: any HTTP status means the network path and TLS work. */
export function graphReachability(baseUrl: string, timeoutMs = DEFAULT_TIMEOUT_MS): Probe {
  return async () => {
    const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/v1.0/$metadata`, {
      method: 'HEAD',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
  };
}
