/**
 * Expires the bot's requests that stayed pending past REQUEST_EXPIRY_DAYS. Each is a compare-and-set
 * (pending -> expired) on the row's ETag, so when several replicas run this at the same moment each
 * request expires once and its requester is told once (by the replica whose write won).
 */
import { Auditor, BOT_ACTOR } from '../approvals/audit';
import { publishDecision } from '../approvals/publish';
import type { ApprovalRequest } from '../requests/model';
import { applyEvent } from '../requests/state-machine';
import type { Services } from '../services';
import { StoreConflictError } from '../store';
import { isOverdue } from './expiry';

export async function expireOverdueRequests(services: Services, now: Date): Promise<ApprovalRequest[]> {
  const days = services.config.requestExpiryDays;
  const pending = await services.store.requests.listByState(['pending']);
  const auditor = new Auditor(services.store, services.now, services.logger);
  const expired: ApprovalRequest[] = [];
  for (const { value, etag } of pending) {
    if (!isOverdue(value, now, days)) continue;
    const next = applyEvent(value, { type: 'expire', at: now.toISOString() });
    try {
      await services.store.requests.replace(next, etag);
    } catch (err) {
      // Someone decided (or another replica expired it) since the list was read: theirs stands.
      if (err instanceof StoreConflictError) continue;
      throw err;
    }
    expired.push(next);
    services.logger.info({ requestId: next.id, createdAt: next.createdAt, expiryDays: days }, 'request expired without a decision');
    await auditor.record({
      requestId: next.id, actor: BOT_ACTOR, action: 'expire',
      detail: `no decision within ${days} days of ${next.createdAt}`, result: 'ok',
    });
    // Updates the channel card and tells the requester; best effort, logged inside.
    await publishDecision(services, next);
  }
  return expired;
}

/** Expiry that never stops a digest: a failure is logged and retried at the next tick. Returns how many expired. */
export async function expireOverdueSafely(services: Services, now: Date): Promise<number> {
  try {
    return (await expireOverdueRequests(services, now)).length;
  } catch (err) {
    services.logger.error({ err }, 'expiring overdue requests failed');
    return 0;
  }
}
