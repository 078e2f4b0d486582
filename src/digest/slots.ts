/**
 * Which digest slot is due. Pure: the schedule, the newest slot any replica already claimed and the
 * current time go in; one slot (or none) comes out. After downtime only the most recent missed slot
 * is due, so a bot that was down for a week posts one catch-up digest, not one per missed slot.
 */
import { Cron } from 'croner';

export interface DigestSchedule {
  /** Cron pattern, evaluated in `timezone` (e.g. "0 9 * * 1-5": weekdays 09:00). */
  cron: string;
  /** IANA time zone, e.g. "Europe/Berlin". */
  timezone: string;
}

/**
 * Without any claimed slot (a fresh install) a slot is only due while it is this fresh: the bot
 * posts the digest it was scheduled to post, not one for a slot from before it existed.
 */
export const ON_TIME_GRACE_MS = 15 * 60_000;

/** Look back in growing windows so a per-minute schedule stays cheap and a monthly one is still found. */
const LOOKBACK_WINDOWS_MS = [3_600_000, 86_400_000, 8 * 86_400_000, 32 * 86_400_000, 366 * 86_400_000];
/** Upper bound on slots enumerated per window (a per-second schedule over an hour is 3,600). */
const MAX_STEPS = 10_000;

export function cronFor(schedule: DigestSchedule): Cron {
  return new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
}

/** The most recent slot at or before `now` within a year, or null. */
function latestSlot(schedule: DigestSchedule, now: Date): Date | null {
  const cron = cronFor(schedule);
  const nowMs = now.getTime();
  for (const window of LOOKBACK_WINDOWS_MS) {
    let last: Date | null = null;
    // nextRun(x) is strictly after x: start one millisecond early so a slot exactly at the window start counts.
    let next = cron.nextRun(new Date(nowMs - window - 1));
    for (let steps = 0; next && next.getTime() <= nowMs && steps < MAX_STEPS; steps++) {
      last = next;
      next = cron.nextRun(next);
    }
    if (last) return last;
  }
  return null;
}

/** The first slot strictly after `now` (for logs: "next digest at ..."). */
export function nextSlot(schedule: DigestSchedule, now: Date): Date | null {
  return cronFor(schedule).nextRun(now);
}

/**
 * The slot to send now, or null when nothing is due.
 * - The newest slot at or before `now` is the only candidate (catch-up = one digest).
 * - It is due unless a slot at or after it was already claimed.
 * - With no claim at all, it is due only if it is on time (within ON_TIME_GRACE_MS).
 */
export function dueSlot(schedule: DigestSchedule, lastClaimed: Date | null, now: Date): Date | null {
  const latest = latestSlot(schedule, now);
  if (!latest) return null;
  if (lastClaimed && lastClaimed.getTime() >= latest.getTime()) return null;
  if (!lastClaimed && now.getTime() - latest.getTime() > ON_TIME_GRACE_MS) return null;
  return latest;
}
