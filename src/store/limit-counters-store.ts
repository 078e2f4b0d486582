/**
 * Fixed-window counters shared by every replica (the limits in src/limits/), kept in rows that hold
 * several counters, each with its own window (a past window starts again at 0):
 * - an owner's row (a person's, `hitInRow`): all of that person's counters in one row, so a
 *   question's message and diagnosis are counted in one write;
 * - a sharded owner (the whole tenant's, `hitInShardedRow`): one row per shard in the owner's
 *   partition; each process writes its own shard, then sums the partition's shards, so concurrent
 *   hits from many replicas rarely collide.
 * Rows not written for a while are deleted by `sweep` (src/limits/counter-sweep.ts runs it).
 *
 * Cost per hit (the bot counts every message and diagnosis): one write when this process wrote the
 * row last (its ETag is remembered), plus one read of the partition for a sharded owner; hits
 * arriving together on one row share a single write (both through src/store/group-commit.ts). The
 * counts stay exact: a stale ETag loses the compare-and-set like any other racer and the row is
 * read again.
 */
import { odata, type TableClient } from '@azure/data-tables';
import { StoreConflictError, StoreError } from './errors';
import { deleteMatching } from './delete-matching';
import { GroupCommit, LastSeenRows } from './group-commit';
import { TableRepository, encodeKey } from './repository';

/** One owner's counters in one row (src/limits/chat-limits.ts: a person's messages and diagnoses): each with its window. */
interface WindowsRow {
  counts: Record<string, { window: string; count: number }>;
}

/** A hit on a sharded owner's counter: no limit stops it (the total over all shards is what counts). */
export type ShardHit = Omit<RowHit, 'limit'>;

/** One counter of a row hit: counted in `windowStart`'s window; the counters after it only while it is within `limit`. */
export interface RowHit {
  counter: string;
  windowStart: Date;
  limit: number;
  /** 1 unless given: -1 takes back a hit counted before (never below 0). */
  by?: number;
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
  private readonly locks: TableRepository<LockRow>;
  private readonly windows: TableRepository<WindowsRow>;
  /** Per row: the value and ETag this process last wrote or read (a hint, checked by the ETag). */
  private readonly knownWindows = new LastSeenRows<WindowsRow>(MAX_KNOWN_ROWS);
  /** Per row: hits arriving while one is being written are counted, in order, in the next write. */
  private readonly rowHits = new GroupCommit<RowHit[], number[]>((key, hits) => this.countInRow(key, hits));
  /** Per shard row of a sharded owner: the same, then one read of the partition for the totals. */
  private readonly shardHits = new GroupCommit<ShardedHits, number[]>((key, hits) => this.countInShard(key, hits));

  private readonly homeShard: number;

  constructor(
    client: TableClient,
    private readonly random: () => number = Math.random,
  ) {
    this.homeShard = Math.floor(random() * 1_000_000);
    this.locks = new TableRepository<LockRow>(client);
    this.windows = new TableRepository<WindowsRow>(client, { decode: decodeWindowsRow });
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
   * Several counters of one owner in one row and one write (a person's messages per minute and diagnoses per
   * hour: a question counts both): adds one to each in order and stops after the first that goes over its limit,
   * as if each were a `hit` checked before the next. Returns the counts of those counted (fewer than asked when one
   * went over). Exact like `hit`: compare-and-set on the row's ETag, concurrent hits in this process in one write.
   */
  async hitInRow(owner: string, hits: RowHit[]): Promise<number[]> {
    return this.rowHits.add(rowKeyOf(encodeKey(`row|${owner}`), OWNER_ROW), hits);
  }

  /**
   * Several counters of a sharded owner (the whole tenant: every person's messages) in this process's
   * shard row and one write, then one read of the owner's partition: returns each counter's total
   * over all shards in its window, as if hits were counted one after the other (the k-th of several
   * concurrent hits in this process gets the totals with k hits in them). No limit stops a counter
   * here: the caller compares the totals; `by: -1` takes a hit back.
   */
  async hitInShardedRow(owner: string, hits: ShardHit[], shards: number): Promise<number[]> {
    const partition = encodeKey(`shards|${owner}`);
    // Each process writes its own shard (picked at random once), so its hits batch together and
    // replicas rarely collide; another replica on the same shard just loses a compare-and-set now and then.
    const shard = `s${this.homeShard % shards}`;
    return this.shardHits.add(rowKeyOf(partition, shard), { hits, shards });
  }

  /**
   * Deletes every row (counter shard, owner row or lock) last written before `before`, at most `max` per
   * call; returns how many it deleted. Several replicas may sweep at once: a row another one
   * deleted, or a lock taken over since it was listed (its ETag changed), is skipped. Timestamp
   * is the service's last-modified time of every entity and can be filtered on
   * (learn.microsoft.com/rest/api/storageservices/querying-tables-and-entities).
   */
  async sweep(before: Date, max = 10_000): Promise<number> {
    return deleteMatching(this.locks, odata`Timestamp lt ${before}`, max);
  }

  /** A little randomised wait before trying a compare-and-set again, longer with each attempt. */
  private afterLostRace(attempt: number): Promise<void> {
    return new Promise((r) => setTimeout(r, Math.floor(this.random() * 5 * (attempt + 1))));
  }

  /** The row's hits of one batch, in arrival order, in one compare-and-set; a lost race reads the row again. */
  private async countInRow(key: string, batch: RowHit[][]): Promise<number[][]> {
    const { partition, rowKey } = partsOf(key);
    let known = this.knownWindows.get(key);
    let mayBeAbsent = known === null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        if (!known && !mayBeAbsent) {
          known = await this.windows.get(partition, rowKey);
          mayBeAbsent = known === null;
        }
        const { row, results } = countWindows(known?.value ?? { counts: {} }, batch);
        const etag = known
          ? await this.windows.replace(partition, rowKey, row, known.etag)
          : await this.windows.insert(partition, rowKey, row);
        this.knownWindows.remember(key, { value: row, etag });
        return results;
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
        // Someone else (another replica) counted first, or the sweep deleted the row: read again, after a little wait.
        this.knownWindows.forget(key);
        known = null;
        mayBeAbsent = false;
        await this.afterLostRace(attempt);
      }
    }
    throw new LimitContentionError(batch[0]?.[0]?.counter ?? partition);
  }

  /**
   * A batch of a sharded owner's hits: written to this process's shard, then the partition summed.
   * Each batch member's total is the sum less the hits of the members after it in the batch.
   */
  private async countInShard(key: string, batch: ShardedHits[]): Promise<number[][]> {
    const own = await this.countInRow(
      key,
      batch.map((b) => b.hits.map((hit) => ({ ...hit, limit: Number.POSITIVE_INFINITY }))),
    );
    const { partition } = partsOf(key);
    const rows = await this.windows.list(partition, { limit: batch[0].shards });
    const totalOf = (counter: string, window: string): number =>
      rows.reduce(
        (sum, r) => sum + (r.value.counts[counter]?.window === window ? r.value.counts[counter].count : 0),
        0,
      );
    // This shard's final count of each counter: what the members after a hit added is taken off its total.
    const last = new Map<string, number>();
    own.forEach((counts, i) => batch[i].hits.forEach((hit, j) => last.set(hit.counter, counts[j])));
    return batch.map((member, i) =>
      member.hits.map((hit, j) => {
        const window = hit.windowStart.toISOString();
        return totalOf(hit.counter, window) - ((last.get(hit.counter) ?? 0) - own[i][j]);
      }),
    );
  }
}

/** The owner row after `batch`'s hits one after the other (a past window starts again at 0), and each hit's counts. */
function countWindows(before: WindowsRow, batch: RowHit[][]): { row: WindowsRow; results: number[][] } {
  const counts = { ...before.counts };
  const results = batch.map((hits) => {
    const counted: number[] = [];
    for (const { counter, windowStart, limit, by = 1 } of hits) {
      const window = windowStart.toISOString();
      const count = Math.max(0, (counts[counter]?.window === window ? counts[counter].count : 0) + by);
      counts[counter] = { window, count };
      counted.push(count);
      if (count > limit) break;
    }
    return counted;
  });
  return { row: { counts }, results };
}

/** The row key of an owner row (its partition names the owner). */
const OWNER_ROW = 'counts';

/** Rows whose last ETag this process remembers: every person's row of the current windows. */
const MAX_KNOWN_ROWS = 20_000;

/** A sharded owner's hits of one message, and how many shards the owner's partition has. */
interface ShardedHits {
  hits: ShardHit[];
  shards: number;
}

/** Group-commit key of one row: partition and row key (neither holds "/": encodeKey escapes it). */
const rowKeyOf = (partition: string, rowKey: string): string => `${partition}/${rowKey}`;
function partsOf(key: string): { partition: string; rowKey: string } {
  const at = key.lastIndexOf('/');
  return { partition: key.slice(0, at), rowKey: key.slice(at + 1) };
}

function decodeWindowsRow(raw: unknown): WindowsRow {
  const counts = typeof raw === 'object' && raw !== null ? (raw as { counts?: unknown }).counts : undefined;
  if (typeof counts !== 'object' || counts === null) throw new StoreError('corrupt', 'limit counter row has no counts');
  for (const value of Object.values(counts as Record<string, unknown>)) {
    const { window, count } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (typeof window !== 'string' || typeof count !== 'number' || !Number.isInteger(count) || count < 0)
      throw new StoreError('corrupt', 'limit counter row has a bad count');
  }
  return { counts: counts as WindowsRow['counts'] };
}
