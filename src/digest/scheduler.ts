/**
 * The digest's clock. At start-up and at every cron tick: expire overdue requests, work out the due
 * slot, claim it in storage (one replica wins), then build and post the digest. Time comes from
 * services.now, and tick() can be called directly, so tests never wait for real time.
 */
import { Cron } from 'croner';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Services } from '../services';
import type { DigestSummary } from './build';
import { expireOverdueSafely } from './expire-requests';
import { adminChannelReference, composeDigest, digestMessage, postToChannel } from './send';
import { dueSlot, nextSlot, type DigestSchedule } from './slots';

export type TickResult =
  | { status: 'sent'; slot: string; activityId: string; summary: DigestSummary; expired: number }
  | { status: 'not_due'; expired: number }
  | { status: 'no_channel'; expired: number }
  | { status: 'claimed_elsewhere'; slot: string; expired: number }
  | { status: 'failed'; slot: string | null; expired: number; error: string };

export interface DigestSchedulerOptions {
  /** Called after every tick (logging, tests). */
  onTick?: (result: TickResult) => void;
  /** Run the cron timer (default true). Tests set false and call tick(). */
  timer?: boolean;
  /** Tick once at start, which posts the catch-up digest after downtime (default true). */
  runOnStart?: boolean;
  /** Recorded with each claimed slot; defaults to host:pid:random. */
  replicaId?: string;
}

export interface DigestScheduler {
  /** One tick now; ticks of one scheduler never overlap. Never throws. */
  tick(): Promise<TickResult>;
  /** When the timer fires next (null when stopped or without a timer). */
  nextRun(): Date | null;
  stop(): void;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** One tick, for one replica. Exported for tests that drive replicas side by side. */
export async function runDigestTick(services: Services, replicaId: string): Promise<TickResult> {
  const now = services.now();
  const schedule: DigestSchedule = services.config.digest;
  const expired = await expireOverdueSafely(services, now);
  let slot: Date | null = null;
  try {
    const reference = await adminChannelReference(services);
    // Not claimed without a channel: the slot stays free and the first digest after set-up is on time.
    if (!reference) return { status: 'no_channel', expired };
    const last = await services.store.digestSlots.latest();
    slot = dueSlot(schedule, last ? new Date(last.slot) : null, now);
    if (!slot) return { status: 'not_due', expired };
    const claim = await services.store.digestSlots.claim(slot, replicaId, now);
    if (!claim.claimed) return { status: 'claimed_elsewhere', slot: slot.toISOString(), expired };
    try {
      const digest = await composeDigest(services, now);
      const activityId = await postToChannel(services, reference, digestMessage(digest));
      return { status: 'sent', slot: slot.toISOString(), activityId, summary: digest.summary, expired };
    } catch (err) {
      // Give the slot back so a restart (or the next start-up tick) can catch it up.
      await services.store.digestSlots.release(slot, claim.etag).catch((releaseErr: unknown) => {
        services.logger.error({ err: releaseErr, slot: slot?.toISOString() }, 'could not release the digest slot');
      });
      throw err;
    }
  } catch (err) {
    services.logger.error({ err, slot: slot?.toISOString() ?? null }, 'digest tick failed');
    return { status: 'failed', slot: slot?.toISOString() ?? null, expired, error: errorText(err) };
  }
}

export function startDigestScheduler(services: Services, options: DigestSchedulerOptions = {}): DigestScheduler {
  const replicaId = options.replicaId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = services.logger.child({ component: 'digest', replicaId });
  let chain: Promise<unknown> = Promise.resolve();
  const tick = (): Promise<TickResult> => {
    const run = chain.then(() => runDigestTick(services, replicaId));
    chain = run;
    return run.then((result) => {
      log.info({ digest: result }, 'digest tick');
      options.onTick?.(result);
      return result;
    });
  };
  const { cron, timezone } = services.config.digest;
  const job =
    options.timer === false
      ? null
      : new Cron(cron, { timezone, unref: true, protect: true }, () => {
          void tick();
        });
  if (options.runOnStart !== false) void tick();
  log.info(
    { cron, timezone, next: nextSlot(services.config.digest, services.now())?.toISOString() ?? null },
    'digest scheduler started',
  );
  return {
    tick,
    nextRun: () => job?.nextRun() ?? null,
    stop: () => job?.stop(),
  };
}
