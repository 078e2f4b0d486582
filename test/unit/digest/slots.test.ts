import { dueSlot, nextSlot, ON_TIME_GRACE_MS, type DigestSchedule } from '../../../src/digest/slots';

const WEEKDAYS_9_BERLIN: DigestSchedule = { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' };
const at = (iso: string): Date => new Date(iso);
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
/** The newest slot at or before `now`: what dueSlot sends when the last claimed slot is long past. */
const latestSlot = (schedule: DigestSchedule, now: Date): Date | null => dueSlot(schedule, new Date(0), now);

describe('latestSlot', () => {
  test('weekdays 09:00 in Berlin: winter time is 08:00 UTC, summer time 07:00 UTC', () => {
    expect(iso(latestSlot(WEEKDAYS_9_BERLIN, at('2025-03-28T12:00:00Z')))).toBe('2025-03-28T08:00:00.000Z'); // Friday, CET
    // Sunday 30 March 2025 the clocks go forward: Monday's 09:00 is 07:00 UTC.
    expect(iso(latestSlot(WEEKDAYS_9_BERLIN, at('2025-03-31T07:30:00Z')))).toBe('2025-03-31T07:00:00.000Z');
    // Back to winter time after 26 October 2025.
    expect(iso(latestSlot(WEEKDAYS_9_BERLIN, at('2025-10-27T08:00:00Z')))).toBe('2025-10-27T08:00:00.000Z');
  });

  test('a slot exactly at now counts; one millisecond before, the previous one does', () => {
    expect(iso(latestSlot(WEEKDAYS_9_BERLIN, at('2025-03-31T07:00:00Z')))).toBe('2025-03-31T07:00:00.000Z');
    expect(iso(latestSlot(WEEKDAYS_9_BERLIN, at('2025-03-31T06:59:59.999Z')))).toBe('2025-03-28T08:00:00.000Z');
  });

  test('weekends have no slot: Sunday evening looks back to Friday', () => {
    expect(iso(latestSlot(WEEKDAYS_9_BERLIN, at('2025-03-30T20:00:00Z')))).toBe('2025-03-28T08:00:00.000Z');
  });

  test('a time that does not exist on the spring-forward day still gives one slot that day, and the repeated hour in autumn one too', () => {
    const nightly: DigestSchedule = { cron: '30 2 * * *', timezone: 'Europe/Berlin' };
    expect(iso(latestSlot(nightly, at('2025-03-30T12:00:00Z')))).toBe('2025-03-30T01:30:00.000Z');
    expect(iso(latestSlot(nightly, at('2025-03-29T12:00:00Z')))).toBe('2025-03-29T01:30:00.000Z');
    expect(iso(latestSlot(nightly, at('2025-10-26T12:00:00Z')))).toBe('2025-10-26T01:30:00.000Z');
    expect(iso(nextSlot(nightly, at('2025-10-26T00:00:00Z')))).toBe('2025-10-26T01:30:00.000Z');
  });

  test('other zones and a monthly schedule far back', () => {
    expect(iso(latestSlot({ cron: '0 9 * * 1-5', timezone: 'America/New_York' }, at('2025-01-06T15:00:00Z')))).toBe(
      '2025-01-06T14:00:00.000Z',
    );
    expect(iso(latestSlot({ cron: '0 9 1 * *', timezone: 'UTC' }, at('2025-03-31T00:00:00Z')))).toBe(
      '2025-03-01T09:00:00.000Z',
    );
    expect(iso(latestSlot({ cron: '* * * * *', timezone: 'UTC' }, at('2025-03-31T10:00:30Z')))).toBe(
      '2025-03-31T10:00:00.000Z',
    );
  });

  test('a schedule with no slot in the past year gives null', () => {
    expect(latestSlot({ cron: '0 0 29 2 *', timezone: 'UTC' }, at('2026-06-01T00:00:00Z'))).toBeNull();
  });
});

describe('dueSlot', () => {
  test('on time: the slot that just arrived is due, and once claimed it is not due again', () => {
    const now = at('2025-03-31T07:00:00.020Z');
    expect(iso(dueSlot(WEEKDAYS_9_BERLIN, at('2025-03-28T08:00:00Z'), now))).toBe('2025-03-31T07:00:00.000Z');
    expect(dueSlot(WEEKDAYS_9_BERLIN, at('2025-03-31T07:00:00Z'), now)).toBeNull();
    expect(dueSlot(WEEKDAYS_9_BERLIN, at('2025-03-31T07:00:00Z'), at('2025-03-31T16:00:00Z'))).toBeNull();
  });

  test('after three days down, one catch-up digest for the most recent missed slot, then nothing until the next slot', () => {
    // Last digest Wednesday 09:00; down until Saturday noon: Thursday and Friday were missed.
    const last = at('2025-03-26T08:00:00Z');
    const back = at('2025-03-29T12:00:00Z');
    const due = dueSlot(WEEKDAYS_9_BERLIN, last, back);
    expect(iso(due)).toBe('2025-03-28T08:00:00.000Z');
    // Every later check before Monday 09:00 finds nothing more to send.
    for (let h = 0; h < 40; h++) {
      expect(dueSlot(WEEKDAYS_9_BERLIN, due, new Date(back.getTime() + h * 3_600_000))).toBeNull();
    }
    expect(iso(dueSlot(WEEKDAYS_9_BERLIN, due, at('2025-03-31T07:00:05Z')))).toBe('2025-03-31T07:00:00.000Z');
  });

  test('a fresh install (nothing claimed yet) sends on time but does not post a digest for a slot from before it started', () => {
    expect(iso(dueSlot(WEEKDAYS_9_BERLIN, null, at('2025-03-31T07:05:00Z')))).toBe('2025-03-31T07:00:00.000Z');
    expect(
      dueSlot(WEEKDAYS_9_BERLIN, null, new Date(Date.parse('2025-03-31T07:00:00Z') + ON_TIME_GRACE_MS + 1)),
    ).toBeNull();
    expect(dueSlot(WEEKDAYS_9_BERLIN, null, at('2025-03-30T12:00:00Z'))).toBeNull();
  });

  test('a claim newer than the latest slot (clock skew between replicas) means not due', () => {
    expect(dueSlot(WEEKDAYS_9_BERLIN, at('2025-03-31T07:00:00Z'), at('2025-03-31T06:59:59Z'))).toBeNull();
  });
});
