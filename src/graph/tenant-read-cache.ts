/**
 * A short shared cache of tenant-wide reads: the consent policies (authorizationPolicy,
 * permissionGrantPolicies, adminConsentRequestPolicy), the resource APIs' service principals with
 * their published permissions, their delegated permission classifications, and the list of the
 * tenant's apps that intake matches a question's words against. Every diagnosis
 * reads them and they are the same for everyone, so a burst of questions shares one read instead
 * of multiplying Graph traffic. Per-user and per-app reads (the user, groups, grants, consent
 * requests, sign-ins) are never cached.
 *
 * Freshness: entries live at most `ttlMs` (TENANT_READ_CACHE_SECONDS, at most 60 s); any write the
 * bot makes through Graph empties the cache (src/runtime.ts wires `invalidate` to the client's
 * request hook), and a gathering that started before a write never stores what it read. Only
 * complete successful reads are kept (all pages; no 403s). Per process: each replica warms its own.
 *
 * A burst arrives before anything is cached, so reads in flight are shared too: a gathering that
 * needs a tenant-wide read another one is already making waits for it, but only when it is
 * making no such read itself (so no two gatherings ever wait for each other).
 */
import type { ReadPart, ReadResult } from './batch-reader';

/**
 * servicePrincipalList: the tenant's apps, which intake matches a question's words against;
 * servicePrincipal: the diagnosed app's own service principal (the same object for everyone who
 * asks about that app; its grants and assignments are per-app reads and never cached);
 * consentAdmins: who holds the consent-granting directory roles (only used to name people).
 */
const TENANT_WIDE_IDS = new Set([
  'authorizationPolicy',
  'permissionGrantPolicies',
  'adminConsentRequestPolicy',
  'servicePrincipalList',
  'servicePrincipal',
  'consentAdmins',
]);

/** Pure: is this batch part a tenant-wide read that may be shared? */
export function isTenantWideRead(id: string): boolean {
  return TENANT_WIDE_IDS.has(id) || id.startsWith('resource:') || id.startsWith('classifications:');
}

/**
 * Pure: a successful read whose collection has no further page, or a 404 (the resource API is not
 * in this tenant: e.g. Exchange Online's classifications where Exchange has no service principal),
 * which is as much the tenant's state as a found object and would otherwise be read on every message.
 */
function isComplete(result: ReadResult | undefined): result is ReadResult {
  if (!result) return false;
  if (!result.ok) return result.status === 404;
  const body = result.body;
  return !(
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Record<string, unknown>)['@odata.nextLink'] === 'string'
  );
}

/** One entry per read and URL: the service principals of several apps are cached side by side. */
const entryKey = (id: string, url: string): string => `${id} ${url}`;
/** Bounds the cache when many different apps are asked about within one TTL. */
const MAX_ENTRIES = 2_000;

/**
 * Pure: an app not (yet) in the tenant is not remembered: someone consenting creates its service
 * principal at any moment, and the next question must see it.
 */
function isWorthKeeping(id: string, result: ReadResult): boolean {
  return id !== 'servicePrincipal' || (result.ok && result.items.length > 0);
}

interface Entry {
  url: string;
  storedAt: number;
  result: ReadResult;
}

interface InFlight {
  url: string;
  owner: TenantReadSession;
  done: Promise<ReadResult | null>;
  resolve: (result: ReadResult | null) => void;
}

export interface TenantReadCacheStats {
  hits: number;
  /** Reads another gathering was making, waited for instead of made again. */
  shared: number;
  misses: number;
  invalidations: number;
}

export class TenantReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, InFlight>();
  private currentGeneration = 0;
  readonly stats: TenantReadCacheStats = { hits: 0, shared: 0, misses: 0, invalidations: 0 };

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get generation(): number {
    return this.currentGeneration;
  }

  /** One facts gathering's use of the cache. */
  session(): TenantReadSession {
    return new TenantReadSession(this, this.currentGeneration);
  }

  /** The bot wrote to the tenant: nothing read before may be trusted. */
  invalidate(): void {
    this.currentGeneration++;
    this.stats.invalidations++;
    this.entries.clear();
  }

  /** @internal */ fresh(id: string, url: string): ReadResult | null {
    const entry = this.entries.get(entryKey(id, url));
    if (!entry || this.now() - entry.storedAt >= this.ttlMs) return null;
    return entry.result;
  }

  /** @internal */ flight(id: string): InFlight | undefined {
    return this.inFlight.get(id);
  }

  /** @internal */ claim(id: string, url: string, owner: TenantReadSession): void {
    let resolve: (result: ReadResult | null) => void = () => undefined;
    const done = new Promise<ReadResult | null>((r) => {
      resolve = r;
    });
    this.inFlight.set(id, { url, owner, done, resolve });
  }

  /** @internal */ settle(id: string, owner: TenantReadSession, result: ReadResult | null, generation: number): void {
    const flight = this.inFlight.get(id);
    if (flight?.owner === owner) {
      this.inFlight.delete(id);
      flight.resolve(result);
    }
    if (result && isComplete(result) && flight && generation === this.currentGeneration) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(entryKey(id, flight.url), { url: flight.url, storedAt: this.now(), result });
    }
  }
}

export class TenantReadSession {
  private readonly owned = new Set<string>();

  constructor(
    private readonly cache: TenantReadCache,
    private readonly generation: number,
  ) {}

  /**
   * Puts cached (or, when this gathering reads none itself, shared in-flight) results for these
   * parts into `results`; the parts left without a result are this gathering's to read.
   */
  async fill(results: Map<string, ReadResult>, parts: readonly ReadPart[]): Promise<void> {
    if (this.cache.ttlMs <= 0) return;
    const waits: Array<{ id: string; flight: InFlight }> = [];
    const toClaim: ReadPart[] = [];
    for (const part of parts) {
      if (!isTenantWideRead(part.id) || results.has(part.id) || this.owned.has(part.id)) continue;
      const cached = this.cache.fresh(part.id, part.url);
      if (cached) {
        results.set(part.id, cached);
        this.cache.stats.hits++;
        continue;
      }
      const flight = this.cache.flight(part.id);
      if (flight && flight.url === part.url && flight.owner !== this) waits.push({ id: part.id, flight });
      else toClaim.push(part);
    }
    // Waiting while owning a read could wait in a circle: whoever reads anything reads everything it needs.
    if (toClaim.length > 0 || this.owned.size > 0) {
      for (const part of [...toClaim, ...waits.map((w) => parts.find((p) => p.id === w.id) as ReadPart)])
        this.claimOrRead(part);
      return;
    }
    for (const { id, flight } of waits) {
      const result = await flight.done;
      if (result && isComplete(result)) {
        results.set(id, result);
        this.cache.stats.shared++;
      } else {
        this.cache.stats.misses++;
      }
    }
  }

  /** After each round: hands complete results to whoever waits for them, and caches them. */
  publish(results: ReadonlyMap<string, ReadResult>): void {
    for (const id of [...this.owned]) {
      const result = results.get(id);
      if (!result) continue;
      if (!result.ok || isComplete(result)) {
        this.cache.settle(id, this, isComplete(result) && isWorthKeeping(id, result) ? result : null, this.generation);
        this.owned.delete(id);
      }
    }
  }

  /** At the end (also on failure): nobody may be left waiting for this gathering. */
  finish(results: ReadonlyMap<string, ReadResult>): void {
    this.publish(results);
    for (const id of this.owned) this.cache.settle(id, this, null, this.generation);
    this.owned.clear();
  }

  private claimOrRead(part: ReadPart): void {
    this.cache.stats.misses++;
    // Only one owner per read; a second reader just reads (the result is cached by the owner).
    if (!this.cache.flight(part.id)) {
      this.cache.claim(part.id, part.url, this);
      this.owned.add(part.id);
    }
  }
}
