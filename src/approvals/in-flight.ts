/**
 * Approvals run after the click is answered (Teams waits only a few seconds for an invoke
 * response, and remedies plus verification take longer). This keeps track of the work still
 * running per bot instance, so shutdown and tests can wait for it. A process that dies mid-way
 * leaves the request in `approving`, which src/approvals/reconcile.ts completes at the next start.
 */
import type { Logger } from '../logger';

export class InFlight {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `work` without waiting for it; a failure is logged, never thrown at the caller. */
  start(name: string, work: () => Promise<void>): void {
    const task: Promise<void> = (async () => {
      try {
        await work();
      } catch (err) {
        this.logger.error({ err, task: name }, 'background approval work failed');
      }
    })();
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when nothing is running (including work started while waiting). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

const byServices = new WeakMap<object, InFlight>();

/** One tracker per Services object (two replicas in one process stay independent). */
export function inFlightFor(services: { logger: Logger }): InFlight {
  let tracker = byServices.get(services);
  if (!tracker) {
    tracker = new InFlight(services.logger);
    byServices.set(services, tracker);
  }
  return tracker;
}
