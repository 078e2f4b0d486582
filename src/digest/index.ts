/**
 * The scheduled digest of pending requests (README's "What the bot does"). src/index.ts calls
 * `startDigest(services)` after the server is listening and stops it on shutdown.
 */
import type { Services } from '../services';
import { startDigestScheduler, type DigestScheduler } from './scheduler';

export { sendDigestNow } from './send';
export { startDigestScheduler, runDigestTick, type DigestScheduler, type TickResult } from './scheduler';

/** Starts the cron timer and runs one tick now (a catch-up digest after downtime, if one is due). */
export function startDigest(services: Services): DigestScheduler {
  return startDigestScheduler(services);
}
