/**
 * The shared limit counters on a real Azurite, as two replicas use them: concurrent hits from both
 * processes count exactly (group commit within a process, compare-and-set between them), and a hit
 * never answers a total that leaves out hits counted before it. A person's message and diagnosis counters share one
 * row: a hit over its limit stops the counters after it, and questions, plain messages and diagnoses count into the
 * same numbers.
 */
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';
import { openStore, type Store } from '../../../src/store';
import { ChatLimits } from '../../../src/limits/chat-limits';
import type { Limits } from '../../../src/config';

describe('limit counters shared by two replicas (Azurite)', () => {
  const azurite = useTestAzurite();
  let a: Store;
  let b: Store;

  beforeAll(async () => {
    const prefix = uniquePrefix();
    a = await openStore(azurite.connectionString, { prefix });
    b = await openStore(azurite.connectionString, { prefix });
  });

  const one = (counter: string, windowStart: Date) => [{ counter, windowStart, limit: Number.POSITIVE_INFINITY }];

  it('keeps counting after another replica wrote the row the first one remembers', async () => {
    const window = new Date('2026-01-01T11:00:00Z');
    expect(await a.limitCounters.hitInRow('user|u2', one('diagnoses', window))).toEqual([1]);
    expect(await b.limitCounters.hitInRow('user|u2', one('diagnoses', window))).toEqual([2]);
    expect(await a.limitCounters.hitInRow('user|u2', one('diagnoses', window))).toEqual([3]);
    expect(await b.limitCounters.hitInRow('user|u2', one('diagnoses', window))).toEqual([4]);
  });

  it('sums a sharded owner exactly, each counter on its own, and the last hit answered sees every hit', async () => {
    const window = new Date('2026-01-01T12:00:00Z');
    const both = [...one('messages', window), ...one('diagnoses', window)];
    const hits = [
      ...Array.from({ length: 25 }, () => a.limitCounters.hitInShardedRow('tenant|t1', both, 8)),
      ...Array.from({ length: 15 }, () => b.limitCounters.hitInShardedRow('tenant|t1', one('messages', window), 8)),
    ];
    const totals = await Promise.all(hits);
    expect(Math.max(...totals.map(([m]) => m))).toBe(40);
    expect(Math.min(...totals.map(([m]) => m))).toBeGreaterThanOrEqual(1);
    // Only replica A's hits counted diagnoses: the 25 of them, each its own running total.
    expect(
      totals
        .slice(0, 25)
        .map(([, d]) => d)
        .sort((x, y) => x - y),
    ).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // One after the other, each hit sees all the earlier ones; a hit taken back is gone from the total.
    expect(await a.limitCounters.hitInShardedRow('tenant|t1', one('messages', window), 8)).toEqual([41]);
    expect(await b.limitCounters.hitInShardedRow('tenant|t1', both, 8)).toEqual([42, 26]);
    expect(await a.limitCounters.hitInShardedRow('tenant|t1', [{ ...one('diagnoses', window)[0], by: -1 }], 8)).toEqual(
      [25],
    );
  });

  it('counts separate windows separately', async () => {
    const first = new Date('2026-01-01T13:00:00Z');
    const second = new Date('2026-01-01T13:01:00Z');
    await Promise.all([
      a.limitCounters.hitInShardedRow('tenant|t3', one('messages', first), 8),
      a.limitCounters.hitInShardedRow('tenant|t3', one('messages', first), 8),
    ]);
    expect(await a.limitCounters.hitInShardedRow('tenant|t3', one('messages', second), 8)).toEqual([1]);
    // The shard's row moved to the new window: the old one starts again, as a past window is never counted again.
    expect(await b.limitCounters.hitInShardedRow('tenant|t3', one('messages', second), 8)).toEqual([2]);
  });

  // A person's message and diagnosis counters in one row: one write per question.
  const rowWindow = new Date('2026-03-01T10:00:00.000Z');
  const both = (limit = 1000) => [
    { counter: 'messages', windowStart: rowWindow, limit },
    { counter: 'diagnoses', windowStart: rowWindow, limit },
  ];

  it('gives each of many concurrent hits from both replicas its own running counts, both counters in one write', async () => {
    const counts = await Promise.all([
      ...Array.from({ length: 30 }, () => a.limitCounters.hitInRow('user|u1', both())),
      ...Array.from({ length: 20 }, () => b.limitCounters.hitInRow('user|u1', both())),
    ]);
    expect(counts.map(([m]) => m).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(counts.every(([m, d]) => m === d)).toBe(true);
    expect(await b.limitCounters.hitInRow('user|u1', both())).toEqual([51, 51]);
  });

  it('stops after the first count over its limit, takes a hit back, and starts a new window at 0', async () => {
    expect(await a.limitCounters.hitInRow('user|u2', both(2))).toEqual([1, 1]);
    expect(await b.limitCounters.hitInRow('user|u2', both(2))).toEqual([2, 2]);
    expect(await a.limitCounters.hitInRow('user|u2', both(2))).toEqual([3]);
    expect(await b.limitCounters.hitInRow('user|u2', [both(2)[1]])).toEqual([3]);
    expect(await a.limitCounters.hitInRow('user|u2', [{ ...both(2)[1], by: -1 }])).toEqual([2]);
    const next = new Date(rowWindow.getTime() + 60_000);
    expect(await b.limitCounters.hitInRow('user|u2', [{ counter: 'messages', windowStart: next, limit: 2 }])).toEqual([
      1,
    ]);
    expect(await a.limitCounters.hitInRow('user|u2', [both(2)[1]])).toEqual([3]);
  });

  it("counts questions, plain messages and diagnoses into the same limits, and a refused question costs no diagnosis, the person's or the tenant's", async () => {
    const settings: Limits = {
      maxActivityBytes: 256 * 1024,
      messagesPerUserPerMinute: 3,
      messagesPerTenantPerMinute: 4,
      diagnosesPerUserPerHour: 2,
      diagnosesPerTenantPerHour: 5,
      newRequestsPerUserPerDay: 10,
      newRequestsPerTenantPerDay: 100,
      pendingRequestsPerUser: 10,
      graphReadsPerMessage: 100,
      tenantReadCacheSeconds: 60,
      logRefusalsPerMinute: 10,
    };
    const now = () => new Date('2026-03-02T10:00:30.000Z');
    const onA = new ChatLimits(a, settings, 'tenant-rows', now);
    const onB = new ChatLimits(b, settings, 'tenant-rows', now);

    expect(await onA.question('Dana')).toBeNull();
    expect(await onB.message('dana')).toBeNull();
    await expect(onB.diagnosis('dana')).resolves.toBeUndefined();
    // Dana's third message is within 3, her third diagnosis over 2.
    expect(await onB.question('dana')).toMatchObject({ kind: 'diagnoses', scope: 'user', limit: 2 });
    expect(await onA.question('dana')).toMatchObject({ kind: 'messages', scope: 'user', limit: 3 });

    // The tenant's 4 messages: Dana used 3 (her 4th was over her own limit), Eve gets 1 more, then the tenant refuses.
    expect(await onA.question('eve')).toBeNull();
    expect(await onB.question('eve')).toMatchObject({ kind: 'messages', scope: 'tenant', limit: 4 });
    // The refused question ran no diagnosis and counts none: Eve's second of 2 is still hers, a third is not.
    await expect(onB.diagnosis('eve')).resolves.toBeUndefined();
    await expect(onA.diagnosis('eve')).rejects.toMatchObject({ hit: { kind: 'diagnoses', scope: 'user' } });
    // Nor does the tenant count it: of its 5 diagnoses Dana ran 2 and Eve 2 (a diagnosis refused by a
    // person's own limit counts none), so one more fits, and the one after is the tenant's to refuse.
    await expect(onA.diagnosis('frank')).resolves.toBeUndefined();
    await expect(onB.diagnosis('gina')).rejects.toMatchObject({
      hit: { kind: 'diagnoses', scope: 'tenant', limit: 5 },
    });
  });
});
