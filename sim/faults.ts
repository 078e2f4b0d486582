/**
 * Faults on demand, per tenant: latency per round trip, throttling (429 with a possibly fractional
 * Retry-After), unavailability (503) and replication lag on grant listings. Configured by the
 * fixture's `faults` or at run time (PUT /_sim/tenants/{id}/faults, RunningSimulator.setFaults).
 */
import type { FixtureFaults } from './fixture';
import { GraphHttpError } from './errors';

export type InjectedFault = GraphHttpError;

export class FaultState {
  private config: FixtureFaults = {};
  private throttleRemaining = 0;
  private unavailableRemaining = 0;
  private dropRemaining = 0;

  constructor(
    faults: FixtureFaults | undefined,
    private readonly random: () => number = Math.random,
  ) {
    this.set(faults ?? {});
  }

  /** Replaces the configuration and re-arms the counters. */
  set(faults: FixtureFaults): void {
    this.config = structuredClone(faults ?? {});
    this.throttleRemaining = this.config.throttle?.count ?? 0;
    this.unavailableRemaining = this.config.unavailable?.count ?? 0;
    this.dropRemaining = this.config.connectionDrop?.count ?? 0;
  }

  /** Whether the request to `path` loses its connection instead of an answer (consumes one drop). */
  dropsConnection(path: string): boolean {
    const d = this.config.connectionDrop;
    if (!d || this.dropRemaining <= 0 || !matches(d.pathPattern, path)) return false;
    this.dropRemaining--;
    return true;
  }

  get current(): FixtureFaults {
    const out = structuredClone(this.config);
    if (out.throttle?.count !== undefined) out.throttle.count = this.throttleRemaining;
    if (out.unavailable?.count !== undefined) out.unavailable.count = this.unavailableRemaining;
    if (out.connectionDrop?.count !== undefined) out.connectionDrop.count = this.dropRemaining;
    return out;
  }

  get latencyMs(): number {
    return Math.max(0, this.config.latencyMs ?? 0);
  }

  get duplicateGrantAnswer(): 'badRequest' | 'conflict' {
    return this.config.duplicateGrantAnswer === 'conflict' ? 'conflict' : 'badRequest';
  }

  get grantReplicationLagMs(): number {
    return Math.max(0, this.config.grantReplicationLagMs ?? 0);
  }

  /**
   * Decides whether the Graph request to `path` (e.g. "/v1.0/users/x?$select=id") is answered with a
   * fault, consuming one unit of a counted fault. Returns the error to answer with, or null.
   */
  check(path: string): InjectedFault | null {
    const u = this.config.unavailable;
    if (u && this.unavailableRemaining > 0 && matches(u.pathPattern, path)) {
      this.unavailableRemaining--;
      const headers: Record<string, string> = {};
      if (u.retryAfterSeconds !== undefined) headers['Retry-After'] = String(u.retryAfterSeconds);
      return new GraphHttpError(
        503,
        'serviceNotAvailable',
        'The service is temporarily unavailable. Please retry.',
        headers,
      );
    }
    const t = this.config.throttle;
    if (t && matches(t.pathPattern, path)) {
      const byCount = this.throttleRemaining > 0;
      const byRate = !byCount && (t.rate ?? 0) > 0 && this.random() < (t.rate ?? 0);
      if (byCount || byRate) {
        if (byCount) this.throttleRemaining--;
        const retryAfter = t.retryAfterSeconds ?? 1;
        // Graph's throttling answer: 429 TooManyRequests "Please retry again later." with Retry-After
        // (learn.microsoft.com/graph/throttling).
        return new GraphHttpError(429, 'TooManyRequests', 'Please retry again later.', {
          'Retry-After': String(retryAfter),
        });
      }
    }
    return null;
  }
}

function matches(pattern: string | undefined, path: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern, 'i').test(path);
  } catch {
    return path.toLowerCase().includes(pattern.toLowerCase());
  }
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
