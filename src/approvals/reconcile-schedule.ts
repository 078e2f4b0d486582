/**
 * Runs the reconciler at start-up and then periodically, so an approval a dead process left in
 * `approving` is completed soon after any replica is back, without waiting for a restart.
 */
import type { Services } from '../services';
import { DEFAULT_STALE_AFTER_MS, reconcileApproving } from './reconcile';

export interface ReconcilerHandle {
  stop(): void;
}

export function startReconciler(
  services: Services,
  opts: { intervalMs?: number; staleAfterMs?: number } = {},
): ReconcilerHandle {
  const staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return; // never two passes at once in one process
    running = reconcileApproving(services, { staleAfterMs })
      .catch((err: unknown) => services.logger.error({ err }, 'reconciler pass failed'))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
