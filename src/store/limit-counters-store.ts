/**
 * Fixed-window counters shared by every replica (the limits in src/limits/). One partition per
 * counter and window ("messages|user|<id>|<window start>"), one row per shard. A hit adds one to
 * a shard with compare-and-set on its ETag (insert when absent), then sums the partition's
 * shards. Hot counters (the whole tenant) use several shards so concurrent hits rarely collide;
 * a person's counter has one. Rows of past windows are never read again; `sweep` deletes them
 * (src/limits/counter-sweep.ts runs it).
 *
 * Cost per hit (the bot counts every message and diagnosis): one write when this process wrote the
 * row last (its ETag is remembered), plus one read of the partition for a sharded counter; hits
 * arriving together on one row share a single write (both through src/store/group-commit.ts). The
 * counts stay exact: a stale ETag loses the compare-and-set like any other racer and the row is
 * read again.
 */
import { odata, type TableClient } from '@azure/data-tables';
import { StoreConflictError, StoreError } from './errors';
import { deleteMatching } from './delete-matching';
import { GroupCommit, LastSeenRows } from './group-commit';
import { TableRepository, encodeKey } from './repository';

interface CounterRow {
  count: number;
}

interface LockRow {
  /** Epoch ms after which another holder may take the lock over (its holder died). */
  until: number;
}

const LOCK_PARTITION = 'lock';
/** How long to wait for a lock before giving up (the caller then asks the person to retry). */
const LOCK_WAIT_MS = 10_000;

/** Compare-and-set attempts before giving up; the caller then refuses (fails closed). */
const MAX_ATTEMPTS = 8;

export class LimitContentionError extends StoreError {
  constructor(counter: string) {
    super('conflict', `counter ${counter} is too contended to count right now`);
    this.name = 'LimitContentionError';
  }
}

export class LimitCountersStore {
  private readonly repo: TableRepository<CounterRow>;
  private readonly locks: TableRepository<LockRow>;
  /** Per shard row: the count and ETag this process last wrote or read (a hint, checked by the ETag). */
  private readonly known = new LastSeenRows<CounterRow>(MAX_KNOWN_SHARDS);
  /** Per shard row: hits arriving while one is being written are counted together in the next write. */
  private readonly hits = new GroupCommit<ShardRow, number>((key, rows) => this.countTogether(key, rows));

  private readonly homeShard: number;

  constructor(
    client: TableClient,
    private readonly random: () => number = Math.random,
  ) {
    this.homeShard = Math.floor(random() * 1_000_000);
    this.repo = new TableRepository<CounterRow>(client, { decode: decodeRow });
    this.locks = new TableRepository<LockRow>(client);
  }

  /**
   * Runs `work` while holding the named lock, across replicas: a row inserted for the holder and
   * deleted after; a holder that died is taken over once its lease (`leaseMs`) is over.
   */
  async withLock<T>(name: string, leaseMs: number, work: () => Promise<T>): Promise<T> {
    const key = encodeKey(name);
    const deadline = Date.now() + LOCK_WAIT_MS;
    let etag: string | null = null;
    while (etag === null) {
      try {
        etag = await this.locks.insert(LOCK_PARTITION, key, { until: Date.now() + leaseMs });
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
        const held = await this.locks.get(LOCK_PARTITION, key);
        if (held && held.value.until < Date.now()) {
          try {
            etag = await this.locks.replace(LOCK_PARTITION, key, { until: Date.now() + leaseMs }, held.etag);
          } catch (takeover) {
            if (!(takeover instanceof StoreConflictError)) throw takeover;
          }
        }
        if (etag === null) {
          if (Date.now() > deadline) throw new LimitContentionError(name);
          await new Promise((r) => setTimeout(r, 10 + Math.floor(this.random() * 30)));
        }
      }
    }
    try {
      return await work();
    } finally {
      // Best effort: a lock that could not be deleted expires with its lease.
      await this.locks.delete(LOCK_PARTITION, key, etag).catch(() => undefined);
    }
  }

  /**
   * Adds one to the counter for this window and returns the window's total (all shards), as if
   * hits were counted one after the other: the k-th of several concurrent hits in this process
   * gets the total with k hits in it.
   */
  async hit(counter: string, windowStart: Date, shards = 1): Promise<number> {
    const partition = encodeKey(`${counter}|${windowStart.toISOString()}`);
    // Each process writes its own shard (picked at random once), so its hits batch together and
    // replicas rarely collide; another replica on the same shard just loses a compare-and-set now and then.
    const shard = `s${this.homeShard % shards}`;
    return this.hits.add(`${partition}/${shard}`, { partition, shard, counter, shards });
  }

  /**
   * Deletes every row (counter shard or lock) last written before `before`, at most `max` per
   * call; returns how many it deleted. Several replicas may sweep at once: a row another one
   * deleted, or a lock taken over since it was listed (its ETag changed), is skipped. Timestamp
   * is the service's last-modified time of every entity and can be filtered on
   * (learn.microsoft.com/rest/api/storageservices/querying-tables-and-entities).
   */
  async sweep(before: Date, max = 10_000): Promise<number> {
    return deleteMatching(this.repo, odata`Timestamp lt ${before}`, max);
  }

  /**
   * The hits that arrived together on one row, added in one write (and, for a sharded counter, one
   * read of the partition): the k-th of them gets the total with k of them in it.
   */
  private async countTogether(key: string, hits: ShardRow[]): Promise<number[]> {
    const row = hits[0];
    const before = await this.add(key, row, hits.length);
    let last = before + hits.length;
    if (row.shards > 1) {
      const rows = await this.repo.list(row.partition, { limit: row.shards });
      last = rows.reduce((sum, r) => sum + r.value.count, 0);
    }
    return hits.map((_, i) => last - (hits.length - 1 - i));
  }

  /**
   * Adds `n` to one shard with compare-and-set; returns the count before. The ETag this process
   * last wrote is tried first (no read), and a row never seen is inserted first (a new window);
   * only a lost race reads the row again.
   */
  private async add(key: string, row: ShardRow, n: number): Promise<number> {
    let known = this.known.get(key);
    let mayBeAbsent = known === null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        if (!known && mayBeAbsent) {
          this.known.remember(key, {
            value: { count: n },
            etag: await this.repo.insert(row.partition, row.shard, { count: n }),
          });
          return 0;
        }
        if (!known) {
          known = await this.repo.get(row.partition, row.shard);
          if (!known) {
            mayBeAbsent = true;
            continue;
          }
        }
        const count = known.value.count + n;
        this.known.remember(key, {
          value: { count },
          etag: await this.repo.replace(row.partition, row.shard, { count }, known.etag),
        });
        return known.value.count;
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
        // Someone else (another replica) counted first: read again, after a little randomised wait.
        this.known.forget(key);
        known = null;
        mayBeAbsent = false;
        await new Promise((r) => setTimeout(r, Math.floor(this.random() * 5 * (attempt + 1))));
      }
    }
    throw new LimitContentionError(row.counter);
  }
}

interface ShardRow {
  partition: string;
  shard: string;
  counter: string;
  shards: number;
}

/** Shards whose last ETag this process remembers: every person's rows of the current windows. */
const MAX_KNOWN_SHARDS = 20_000;

function decodeRow(raw: unknown): CounterRow {
  const count = typeof raw === 'object' && raw !== null ? (raw as { count?: unknown }).count : undefined;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
    throw new StoreError('corrupt', 'limit counter row has no count');
  return { count };
}
