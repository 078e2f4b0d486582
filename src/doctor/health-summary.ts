/**
 * The doctor's verdict for /healthz: computed at most once a minute (Graph and storage are not
 * called on every probe), concurrent callers share one run, and only check ids and statuses are
 * shown (the details stay in `consent-doctor doctor`, /healthz may be reachable by anyone).
 */
import type { CheckStatus, DoctorReport } from './checks';

export interface HealthChecksSummary {
  ok: boolean;
  checkedAt: string;
  /** Check id -> status, e.g. {"permission:Policy.Read.All": "fail", "storage": "ok"}. */
  items: Record<string, CheckStatus>;
}

export function summarize(report: DoctorReport, at: Date): HealthChecksSummary {
  return {
    ok: report.ok,
    checkedAt: at.toISOString(),
    items: Object.fromEntries(report.checks.map((c) => [c.id, c.status])),
  };
}

export function cachedChecks(
  run: () => Promise<DoctorReport>,
  opts: { ttlMs?: number; now?: () => Date } = {},
): () => Promise<HealthChecksSummary> {
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = opts.now ?? (() => new Date());
  let last: HealthChecksSummary | null = null;
  let lastAt = 0;
  let inFlight: Promise<HealthChecksSummary> | null = null;
  return () => {
    const t = now();
    if (last && t.getTime() - lastAt < ttlMs) return Promise.resolve(last);
    inFlight ??= run()
      .then((report) => {
        last = summarize(report, t);
        lastAt = t.getTime();
        return last;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}
