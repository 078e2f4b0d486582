/**
 * Completes approvals a dead process left in `approving` (it stopped between a Graph write and
 * saving the outcome). Called at start-up. For each request that has not moved for `staleAfterMs`:
 * claim it with a compare-and-set (so two replicas starting together do not both take it), then run
 * the approval again. The remedies are idempotent and read before they write: what the dead process
 * already did is found in place and reported as such (no write, no duplicate grant), only what is
 * missing is written, and the requester is diagnosed again as usual. A fresh diagnosis alone is not
 * enough to call it done: the person may be unblocked (say, allowed to consent themselves) while
 * the approved change (a grant for everyone) was never made, and the outcome must say what is true.
 * The card is updated and the requester told, as after a normal approval.
 */
import type { ApprovalRequest } from '../requests/model';
import type { Services } from '../services';
import type { Versioned } from '../store';
import { runApproval, type ExecuteOptions } from './execute';
import { publishDecision } from './publish';
import { decideClaim, isStale } from './reconcile-claim';
import { changeRequest } from '../requests/transition-path';
import { transitionPortsFor } from '../requests/transition-ports';

/** Long enough that a live replica's approval (writes + a few seconds of checks) is never taken over. */
export const DEFAULT_STALE_AFTER_MS = 10 * 60 * 1000;

export interface ReconcileOptions extends ExecuteOptions {
  staleAfterMs?: number;
}

export interface ReconcileReport {
  /** Request ids brought to approved or failed. */
  completed: string[];
  /** Request ids another replica claimed first, or that could not be completed now. */
  skipped: string[];
}

export async function reconcileApproving(services: Services, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const report: ReconcileReport = { completed: [], skipped: [] };
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const stuck = await services.store.requests.listByState(['approving']);
  for (const row of stuck) {
    if (!isStale(row.value, services.now(), staleAfterMs)) continue;
    try {
      const outcome = await reconcileOne(services, row, options);
      report[outcome].push(row.value.id);
    } catch (err) {
      services.logger.error({ err, requestId: row.value.id }, 'could not reconcile an approval left in progress');
      report.skipped.push(row.value.id);
    }
  }
  if (stuck.length > 0) services.logger.info({ ...report }, 'reconciled approvals left in progress');
  return report;
}

async function reconcileOne(
  services: Services,
  row: Versioned<ApprovalRequest>,
  options: ReconcileOptions,
): Promise<keyof ReconcileReport> {
  // Claim with a compare-and-set: this replica alone goes on.
  const claimed = await changeRequest(
    transitionPortsFor(services),
    row.value.id,
    decideClaim(row, services.now()),
    row,
  );
  if (claimed.kind === 'kept') return 'skipped';
  const run = await runApproval(services, { value: claimed.request, etag: claimed.etag }, options);
  if (!run.ownsResult) return 'skipped';
  await publishDecision(services, run.request, { linkedVerified: run.linkedVerified });
  return 'completed';
}
