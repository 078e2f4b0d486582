/**
 * The decisions behind the changes people and timers make to one request: the requester withdraws
 * it, the digest's timer expires it. Pure: each takes the row as stored now and says what to write
 * (src/requests/row-change.ts); src/requests/transition-path.ts writes it with compare-and-set and
 * asks again on a conflict, so a withdrawal or expiry racing a decision loses cleanly.
 */
import { isOverdue } from '../digest/expiry';
import type { Versioned } from '../store/repository';
import type { ApprovalRequest } from './model';
import { BOT_AUDIT_ACTOR } from './model';
import { keep, write, type RowDecision } from './row-change';
import { applyEvent } from './state-machine';

/** Why a withdrawal writes nothing. */
export type WithdrawRefusal =
  | { kind: 'not_found' }
  | { kind: 'not_yours'; request: ApprovalRequest }
  | { kind: 'not_pending'; request: ApprovalRequest }
  | { kind: 'shared'; request: ApprovalRequest };

/**
 * Only the requester may withdraw (`aadObjectId` lower-case), only while it is pending, and not while
 * other people are linked to it (they are still waiting for the same fix).
 */
export function decideWithdraw(
  aadObjectId: string,
  now: Date,
): (row: Versioned<ApprovalRequest> | null) => RowDecision<'withdrawn', WithdrawRefusal> {
  return (row) => {
    if (!row) return keep({ kind: 'not_found' });
    const request = row.value;
    if (request.requester.aadObjectId.toLowerCase() !== aadObjectId) return keep({ kind: 'not_yours', request });
    if (request.state !== 'pending') return keep({ kind: 'not_pending', request });
    if (request.linkedRequesters.length > 0) return keep({ kind: 'shared', request });
    const by = { aadObjectId, displayName: request.requester.displayName };
    return write(applyEvent(request, { type: 'withdraw', by, at: now.toISOString() }), row.etag, 'withdrawn', {
      actor: by,
      action: 'withdraw',
      detail: 'withdrawn by the requester in chat',
      result: 'ok',
    });
  };
}

/** Still pending and past REQUEST_EXPIRY_DAYS: expired, by the bot. */
export function decideExpiry(
  now: Date,
  expiryDays: number,
): (row: Versioned<ApprovalRequest> | null) => RowDecision<'expired', 'kept'> {
  return (row) => {
    if (!row || !isOverdue(row.value, now, expiryDays)) return keep('kept');
    return write(applyEvent(row.value, { type: 'expire', at: now.toISOString() }), row.etag, 'expired', {
      actor: BOT_AUDIT_ACTOR,
      action: 'expire',
      detail: `no decision within ${expiryDays} days of ${row.value.createdAt}`,
      result: 'ok',
    });
  };
}
