/**
 * The shared limit counters on a real Azurite, as two replicas use them: concurrent hits from both
 * processes count exactly (group commit within a process, compare-and-set between them), and a hit
 * never answers a total that leaves out hits counted before it.
 */
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';
import { openStore, type Store } from '../../../src/store';

describe('limit counters shared by two replicas (Azurite)', () => {
  const azurite = useTestAzurite();
  let a: Store;
  let b: Store;

  beforeAll(async () => {
    const prefix = uniquePrefix();
    a = await openStore(azurite.connectionString, { prefix });
    b = await openStore(azurite.connectionString, { prefix });
  });

  it('gives each of many concurrent hits on a one-shard counter its own running count, across both replicas', async () => {
    const window = new Date('2026-01-01T10:00:00Z');
    const hits = [
      ...Array.from({ length: 30 }, () => a.limitCounters.hit('messages|user|u1', window)),
      ...Array.from({ length: 20 }, () => b.limitCounters.hit('messages|user|u1', window)),
    ];
    const counts = (await Promise.all(hits)).sort((x, y) => x - y);
    expect(counts).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await a.limitCounters.hit('messages|user|u1', window)).toBe(51);
  });

  it('keeps counting after another replica wrote the row the first one remembers', async () => {
    const window = new Date('2026-01-01T11:00:00Z');
    expect(await a.limitCounters.hit('diagnoses|user|u2', window)).toBe(1);
    expect(await b.limitCounters.hit('diagnoses|user|u2', window)).toBe(2);
    expect(await a.limitCounters.hit('diagnoses|user|u2', window)).toBe(3);
    expect(await b.limitCounters.hit('diagnoses|user|u2', window)).toBe(4);
  });

  it('sums a sharded counter exactly, and the last hit answered sees every hit', async () => {
    const window = new Date('2026-01-01T12:00:00Z');
    const hits = [
      ...Array.from({ length: 25 }, () => a.limitCounters.hit('messages|tenant|t1', window, 8)),
      ...Array.from({ length: 15 }, () => b.limitCounters.hit('messages|tenant|t1', window, 8)),
    ];
    const totals = await Promise.all(hits);
    expect(Math.max(...totals)).toBe(40);
    expect(Math.min(...totals)).toBeGreaterThanOrEqual(1);
    // One after the other, each hit sees all the earlier ones.
    expect(await a.limitCounters.hit('messages|tenant|t1', window, 8)).toBe(41);
    expect(await b.limitCounters.hit('messages|tenant|t1', window, 8)).toBe(42);
  });

  it('counts separate windows separately', async () => {
    const first = new Date('2026-01-01T13:00:00Z');
    const second = new Date('2026-01-01T13:01:00Z');
    await Promise.all([a.limitCounters.hit('messages|user|u3', first), a.limitCounters.hit('messages|user|u3', first)]);
    expect(await a.limitCounters.hit('messages|user|u3', second)).toBe(1);
    expect(await a.limitCounters.hit('messages|user|u3', first)).toBe(3);
  });
});
