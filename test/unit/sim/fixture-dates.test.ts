/** Fixture dates relative to the fixture's snapshot instant (sim/fixture-dates.ts). */
import { withDatesRelativeTo } from '../../../sim/fixture-dates';
import { loadFixture } from '../../../sim/load-fixture';

const raw = {
  tenant: { id: 't1', displayName: 'T', premium: true },
  signIns: [
    {
      id: 's1',
      createdDateTime: '2025-06-11T09:00:00Z',
      userId: 'u',
      userPrincipalName: 'u@x',
      appId: 'a',
      appDisplayName: 'A',
      status: { errorCode: 65001 },
    },
  ],
  appConsentRequests: [
    {
      id: 'r1',
      appId: 'a',
      appDisplayName: 'A',
      pendingScopes: [],
      userConsentRequests: [
        { id: 'u1', status: 'InProgress', createdDateTime: '2025-06-10T08:00:00Z', createdBy: { user: { id: 'u' } } },
      ],
    },
  ],
};

describe('fixture dates', () => {
  it('plain ISO dates load as they are; the snapshot is datesAsOf, _case.now or the newest event', () => {
    expect(loadFixture(raw).signIns[0].createdDateTime).toBe('2025-06-11T09:00:00Z');
    expect(loadFixture(raw).datesAsOf).toBe('2025-06-11T09:00:00.000Z');
    expect(loadFixture({ ...raw, _case: { now: '2025-06-12T12:00:00Z' } }).datesAsOf).toBe('2025-06-12T12:00:00.000Z');
    expect(
      loadFixture({ ...raw, datesAsOf: '2025-06-20T00:00:00Z', _case: { now: '2025-06-12T12:00:00Z' } }).datesAsOf,
    ).toBe('2025-06-20T00:00:00.000Z');
  });

  it('relative dates keep every interval and put the snapshot at now', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const moved = withDatesRelativeTo(loadFixture({ ...raw, datesAsOf: '2025-06-12T09:00:00Z' }), now);
    expect(moved.signIns[0].createdDateTime).toBe('2026-11-30T10:00:00Z');
    expect(moved.appConsentRequests[0].userConsentRequests[0].createdDateTime).toBe('2026-11-29T09:00:00Z');
    expect(moved).toMatchObject({ datesAsOf: now.toISOString(), datesLive: true });
  });
});
