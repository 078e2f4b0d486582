/**
 * Sign-in help's daily rows on Azurite, with two replicas (two clients over the same tables): the
 * once-per-app rule and the per-person daily cap hold exactly when replicas claim at the same moment,
 * and rows of past days are swept while today's and yesterday's stay.
 */
import { openStore, type Store } from '../../../src/store';
import type { SignInMark } from '../../../src/store/watch-store';
import { sweepHelpDays } from '../../../src/watchers/help-day-sweep';
import { createLogger } from '../../../src/logger';
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';

const USER = '6071a866-b7ab-4357-a5fc-be848cee064d';
const APPS = [
  '46d8463e-640b-4298-825f-a19bbf762b16',
  'f61a6a12-70d6-41b4-b6e6-e5b11da7d08e',
  '34f0b59e-a9fc-4d21-8a85-a3a124438861',
  '220cd2fc-32a6-4d49-bac5-0f052633b581',
];
const mark = (appId: string, userId = USER): SignInMark => ({
  kind: 'messaged',
  at: '2025-06-12T10:00:00.000Z',
  userId,
  appId,
  signInId: `s-${appId.slice(0, 4)}`,
});

describe('help days in the watch table, two replicas', () => {
  const azurite = useTestAzurite();
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    const prefix = uniquePrefix('helpdays');
    [a, b] = await Promise.all([
      openStore(azurite.connectionString, { prefix }),
      openStore(azurite.connectionString, { prefix }),
    ]);
  });

  test('once per app (any case), then at most `cap` apps a day', async () => {
    const user = '9d3c2b1a-0f9e-4d8c-b7a6-958473625140';
    // Today's row (2025-06-20): the sweep below keeps it.
    expect(await a.watch.claimHelpOffer(mark(APPS[0], user), '2025-06-20', 2)).toBe('claimed');
    expect(await b.watch.claimHelpOffer(mark(APPS[0].toUpperCase(), user), '2025-06-20', 2)).toBe('already_offered');
    expect(await b.watch.claimHelpOffer(mark(APPS[1], user), '2025-06-20', 2)).toBe('claimed');
    expect(await a.watch.claimHelpOffer(mark(APPS[2], user), '2025-06-20', 2)).toBe('daily_cap');
  });

  test('the same offer claimed by both replicas at once is sent by one', async () => {
    const results = await Promise.all([a, b, a, b].map((s) => s.watch.claimHelpOffer(mark(APPS[0]), '2025-06-12', 3)));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r === 'already_offered')).toHaveLength(3);
  });

  test('the daily cap is exact: different apps claimed at once on both replicas never exceed it', async () => {
    const user = '0a4b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
    const results = await Promise.all(
      APPS.map((app, i) => [a, b][i % 2].watch.claimHelpOffer(mark(app, user), '2025-06-12', 2)),
    );
    expect(results.filter((r) => r === 'claimed')).toHaveLength(2);
    expect(results.filter((r) => r === 'daily_cap')).toHaveLength(2);
    // The two claimed offers are stored: claimed again they are already offered, and the day is full.
    for (const app of APPS.filter((_, i) => results[i] === 'claimed'))
      expect(await b.watch.claimHelpOffer(mark(app, user), '2025-06-12', 2)).toBe('already_offered');
    // Another day starts afresh.
    expect(await b.watch.claimHelpOffer(mark(APPS[3], user), '2025-06-13', 2)).toBe('claimed');
  });

  test("rows of days before yesterday are swept; yesterday's and today's stay", async () => {
    const now = new Date('2025-06-20T00:05:00Z');
    for (const day of ['2025-06-10', '2025-06-18', '2025-06-19', '2025-06-20'])
      await a.watch.claimHelpOffer(mark(APPS[1]), day, 3);
    const logger = createLogger({ level: 'silent' });
    // 06-10, 06-12 (two people), 06-13 and 06-18 are past.
    expect(await sweepHelpDays({ store: b, logger, now: () => now })).toBe(5);
    // Nothing else in the table is touched.
    await a.watch.recordRun({
      watcher: 'sign-ins',
      at: now.toISOString(),
      replicaId: 'r',
      status: 'ok',
      detail: 'ok',
      permission: null,
    });
    expect(await sweepHelpDays({ store: a, logger, now: () => now })).toBe(0);
    expect(await a.watch.lastRun('sign-ins')).toMatchObject({ status: 'ok' });
    // Swept days start afresh (their offers are gone); yesterday's and today's still hold theirs.
    expect(await a.watch.claimHelpOffer(mark(APPS[0]), '2025-06-12', 3)).toBe('claimed');
    expect(await a.watch.claimHelpOffer(mark(APPS[1]), '2025-06-18', 3)).toBe('claimed');
    expect(await a.watch.claimHelpOffer(mark(APPS[1]), '2025-06-19', 3)).toBe('already_offered');
    expect(await a.watch.claimHelpOffer(mark(APPS[1]), '2025-06-20', 3)).toBe('already_offered');
  });
});
