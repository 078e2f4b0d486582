/**
 * Which approvals left in `approving` the reconciler may take over, as pure decisions: one that
 * has not moved for long enough, claimed on exactly the version that was listed (src/approvals/reconcile.ts
 * reads, claims through the transition path and completes the approval).
 */
import type { Versioned } from '../store/repository';
import type { ApprovalRequest } from '../requests/model';
import { BOT_AUDIT_ACTOR } from '../requests/model';
import { keep, write, type RowDecision } from '../requests/row-change';

export function isStale(request: ApprovalRequest, now: Date, staleAfterMs: number): boolean {
  const since = Date.parse(request.updatedAt);
  return Number.isNaN(since) || now.getTime() - since >= staleAfterMs;
}

/**
 * The claim, pure: touch updatedAt of exactly the version that was listed as stale. Any change
 * since (another replica's claim above all) means someone is on it: skip, never claim a row twice.
 */
export function decideClaim(
  listed: Versioned<ApprovalRequest>,
  now: Date,
): (row: Versioned<ApprovalRequest> | null) => RowDecision<'claimed', 'skipped'> {
  return (row) => {
    if (!row || row.etag !== listed.etag || row.value.state !== 'approving') return keep('skipped');
    return write({ ...row.value, updatedAt: now.toISOString() }, row.etag, 'claimed', {
      actor: BOT_AUDIT_ACTOR,
      action: 'reconcile',
      detail: 'found in progress after a restart; applying what is missing of the approved change',
      result: 'ok',
    });
  };
}
