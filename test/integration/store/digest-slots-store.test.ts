/** Digest slot claims on Azurite: one winner per slot, newest claim first, release on failure. */
import { openStore, type Store } from '../../../src/store';
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';

describe('DigestSlotsStore', () => {
  const azurite = useTestAzurite();
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    const prefix = uniquePrefix('slots');
    // Two replicas: separate clients over the same tables.
    [a, b] = await Promise.all([
      openStore(azurite.connectionString, { prefix }),
      openStore(azurite.connectionString, { prefix }),
    ]);
  });

  test('no claim yet', async () => {
    expect(await a.digestSlots.latest()).toBeNull();
  });

  test('concurrent claims of one slot: exactly one replica wins', async () => {
    const slot = new Date('2025-06-16T07:00:00Z');
    const at = new Date('2025-06-16T07:00:00.010Z');
    const results = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => a.digestSlots.claim(slot, `a${i}`, at)),
      ...Array.from({ length: 4 }, (_, i) => b.digestSlots.claim(slot, `b${i}`, at)),
    ]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(await b.digestSlots.latest()).toMatchObject({
      slot: '2025-06-16T07:00:00.000Z',
      claimedAt: '2025-06-16T07:00:00.010Z',
    });
  });

  test('latest is the newest slot whatever the insertion order; a released slot can be claimed again', async () => {
    const older = new Date('2025-06-13T07:00:00Z');
    const newer = new Date('2025-06-17T07:00:00Z');
    const claim = await a.digestSlots.claim(newer, 'a', newer);
    await a.digestSlots.claim(older, 'a', newer);
    expect((await b.digestSlots.latest())?.slot).toBe(newer.toISOString());
    if (!claim.claimed) throw new Error('expected the claim to win');
    await a.digestSlots.release(newer, claim.etag);
    expect((await b.digestSlots.latest())?.slot).toBe('2025-06-16T07:00:00.000Z');
    expect((await b.digestSlots.claim(newer, 'b', newer)).claimed).toBe(true);
  });

  test('the newest slot is the latest across years, however the claims came in', async () => {
    for (const d of ['2025-01-01T00:00:00Z', '2030-01-01T00:00:00Z', '2025-06-01T00:00:00Z'])
      await a.digestSlots.claim(new Date(d), 'a', new Date(d));
    expect((await b.digestSlots.latest())?.slot).toBe('2030-01-01T00:00:00.000Z');
  });
});
