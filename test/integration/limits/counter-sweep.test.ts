/**
 * Limit counters on a real Azurite: counting across shards, and the sweep that deletes rows not
 * written within the longest window (nothing reads their counts again) while leaving current ones alone.
 */
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';
import { openStore, type Store } from '../../../src/store';
import { TABLES, tableClient } from '../../../src/store/tables';
import { COUNTER_KEEP_MS, sweepLimitCounters } from '../../../src/limits/counter-sweep';
import { createLogger } from '../../../src/logger';

const logger = createLogger({ level: 'silent' });

describe('limit counters on Azurite', () => {
  const azurite = useTestAzurite();
  let store: Store;
  let rowCount: () => Promise<number>;

  beforeAll(async () => {
    const prefix = uniquePrefix();
    store = await openStore(azurite.connectionString, { prefix });
    const table = tableClient(azurite.connectionString, `${prefix}${TABLES.limitCounters}`);
    rowCount = async () => {
      let n = 0;
      for await (const row of table.listEntities()) if (row) n++;
      return n;
    };
  });

  const windowStart = new Date('2026-01-01T10:00:00.000Z');

  const message = [{ counter: 'messages', windowStart, limit: 1000 }];
  const diagnosis = [{ counter: 'diagnoses', windowStart, limit: 1000 }];

  it('counts one window across shards', async () => {
    const totals: number[] = [];
    for (let i = 0; i < 6; i++) totals.push(...(await store.limitCounters.hitInShardedRow('tenant|t1', message, 4)));
    expect(totals.at(-1)).toBe(6);
    expect(await store.limitCounters.hitInShardedRow('tenant|t1', message, 4)).toEqual([7]);
  });

  it('sweeps nothing that was written within the longest window, and everything once it is over', async () => {
    await store.limitCounters.hitInRow('user|u1', message);
    await store.limitCounters.hitInShardedRow('tenant|t1', diagnosis, 4);
    const rows = await rowCount();
    expect(rows).toBeGreaterThanOrEqual(2);

    // Today: every row is still within its window's reach.
    expect(await sweepLimitCounters({ store, logger, now: () => new Date() })).toBe(0);
    expect(await rowCount()).toBe(rows);

    // A day and more later (rows are aged by when they were last written): all of them go.
    const later = () => new Date(Date.now() + COUNTER_KEEP_MS + 60_000);
    expect(await sweepLimitCounters({ store, logger, now: later })).toBe(rows);
    expect(await rowCount()).toBe(0);
    // Counting starts afresh, and a second sweep (another replica) finds nothing to do.
    expect(await store.limitCounters.hitInRow('user|u1', message)).toEqual([1]);
    expect(await sweepLimitCounters({ store, logger, now: () => new Date() })).toBe(0);
  });

  it('sweeps a lock its holder left behind', async () => {
    const before = await rowCount();
    await store.limitCounters.withLock('new-request|u2', 30_000, async () => {
      expect(await rowCount()).toBe(before + 1);
      // While held: a sweep dated in the future deletes it (its lease alone would expire it too)...
      expect(
        await sweepLimitCounters({ store, logger, now: () => new Date(Date.now() + COUNTER_KEEP_MS + 60_000) }),
      ).toBe(before + 1);
    });
    // ...and the holder's own delete of a row already gone is not an error.
    expect(await rowCount()).toBe(0);
  });
});
