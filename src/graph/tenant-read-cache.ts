/**
 * A short shared cache of tenant-wide reads: the consent policies (authorizationPolicy,
 * permissionGrantPolicies, adminConsentRequestPolicy), the resource APIs' service principals with
 * their published permissions, and their delegated permission classifications. Every diagnosis
 * reads them and they are the same for everyone, so a burst of questions shares one read instead
 * of multiplying Graph traffic. Per-user and per-app reads (the user, groups, grants, consent
 * requests, sign-ins) are never cached.
 *
 * Freshness: entries live at most `ttlMs` (TENANT_READ_CACHE_SECONDS, at most 60 s); any write the
 * bot makes through Graph empties the cache (src/runtime.ts wires `invalidate` to the client's
 * request hook), and a gathering that started before a write never stores what it read. Only
 * complete successful reads are kept (all pages; no 403s). Per process: each replica warms its own.
 */
import type { ReadPart, ReadResult } from './batch-reader';

const TENANT_WIDE_IDS = new Set(['authorizationPolicy', 'permissionGrantPolicies', 'adminConsentRequestPolicy']);

/** Pure: is this batch part a tenant-wide read that may be shared? */
export function isTenantWideRead(id: string): boolean {
  return TENANT_WIDE_IDS.has(id) || id.startsWith('resource:') || id.startsWith('classifications:');
}

interface Entry {
  url: string;
  storedAt: number;
  result: ReadResult;
}

export interface TenantReadCacheStats {
  hits: number;
  misses: number;
  invalidations: number;
}

export class TenantReadCache {
  private readonly entries = new Map<string, Entry>();
  private currentGeneration = 0;
  readonly stats: TenantReadCacheStats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  /** Changes on every invalidation: a gathering passes the value it started with to `keep`. */
  get generation(): number {
    return this.currentGeneration;
  }

  /** Puts fresh cached results for these parts into `results` (the parts are then not read again). */
  fill(results: Map<string, ReadResult>, parts: readonly ReadPart[]): void {
    if (this.ttlMs <= 0) return;
    const at = this.now();
    for (const part of parts) {
      if (!isTenantWideRead(part.id) || results.has(part.id)) continue;
      const entry = this.entries.get(part.id);
      if (entry && entry.url === part.url && at - entry.storedAt < this.ttlMs) {
        results.set(part.id, entry.result);
        this.stats.hits++;
      } else {
        this.stats.misses++;
      }
    }
  }

  /** Keeps the complete, successful tenant-wide results of a gathering that began at `generation`. */
  keep(results: ReadonlyMap<string, ReadResult>, urls: ReadonlyMap<string, string>, generation: number): void {
    if (this.ttlMs <= 0 || generation !== this.currentGeneration) return;
    const at = this.now();
    for (const [id, result] of results) {
      const url = urls.get(id);
      if (!url || !isTenantWideRead(id) || !result.ok) continue;
      const existing = this.entries.get(id);
      if (existing && existing.result === result) continue;
      this.entries.set(id, { url, storedAt: at, result });
    }
  }

  /** The bot wrote to the tenant: nothing read before may be trusted. */
  invalidate(): void {
    this.currentGeneration++;
    this.stats.invalidations++;
    this.entries.clear();
  }
}
