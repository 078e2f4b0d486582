/**
 * Fixed-window counters shared by every replica (the limits in src/limits/). One partition per
 * counter and window ("messages|user|<id>|<window start>"), one row per shard. A hit adds one to
 * a shard with compare-and-set on its ETag (insert when absent), then sums the partition's
 * shards. Hot counters (the whole tenant) use several shards so concurrent hits rarely collide;
 * a person's counter has one. Rows of past windows are never read again; `sweep` deletes them
 * (src/limits/counter-sweep.ts runs it).
 */
import { odata, type TableClient } from '@azure/data-tables';
import { StoreConflictError, StoreError } from './errors';
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

  constructor(client: TableClient, private readonly random: () => number = Math.random) {
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

  /** Adds one to the counter for this window and returns the window's total (all shards). */
  async hit(counter: string, windowStart: Date, shards = 1): Promise<number> {
    const partition = encodeKey(`${counter}|${windowStart.toISOString()}`);
    const shard = `s${Math.floor(this.random() * shards)}`;
    const own = await this.addOne(partition, shard, counter);
    if (shards === 1) return own;
    const rows = await this.repo.list(partition, { limit: shards });
    return rows.reduce((sum, r) => sum + r.value.count, 0);
  }

  /** The window's total without counting a hit. */
  async total(counter: string, windowStart: Date): Promise<number> {
    const rows = await this.repo.list(encodeKey(`${counter}|${windowStart.toISOString()}`));
    return rows.reduce((sum, r) => sum + r.value.count, 0);
  }

  /**
   * Deletes every row (counter shard or lock) last written before `before`, at most `max` per
   * call; returns how many it deleted. Several replicas may sweep at once: a row another one
   * deleted, or a lock taken over since it was listed (its ETag changed), is skipped. Timestamp
   * is the service's last-modified time of every entity and can be filtered on
   * (learn.microsoft.com/rest/api/storageservices/querying-tables-and-entities).
   */
  async sweep(before: Date, max = 10_000): Promise<number> {
    const client = this.repo.client;
    const rows = client.listEntities({ queryOptions: { filter: odata`Timestamp lt ${before}`, select: ['PartitionKey', 'RowKey'] } });
    let deleted = 0;
    let seen = 0;
    for await (const row of rows) {
      if (++seen > max) break;
      try {
        await this.repo.delete(row.partitionKey ?? '', row.rowKey ?? '', row.etag);
        deleted++;
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
      }
    }
    return deleted;
  }

  private async addOne(partition: string, shard: string, counter: string): Promise<number> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        const row = await this.repo.get(partition, shard);
        if (!row) {
          await this.repo.insert(partition, shard, { count: 1 });
          return 1;
        }
        const count = row.value.count + 1;
        await this.repo.replace(partition, shard, { count }, row.etag);
        return count;
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
        // Someone else counted first: back off a little (randomised, so racers spread out).
        await new Promise((r) => setTimeout(r, Math.floor(this.random() * 5 * (attempt + 1))));
      }
    }
    throw new LimitContentionError(counter);
  }
}

function decodeRow(raw: unknown): CounterRow {
  const count = typeof raw === 'object' && raw !== null ? (raw as { count?: unknown }).count : undefined;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new StoreError('corrupt', 'limit counter row has no count');
  return { count };
}
