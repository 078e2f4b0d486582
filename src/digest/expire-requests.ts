/**
 * Expires the bot's requests that stayed pending past REQUEST_EXPIRY_DAYS. Each is a compare-and-set
 * (pending -> expired) on the row's ETag, so when several replicas run this at the same moment each
 * request expires once and its requester is told once (by the replica whose write won).
 */
import { publishDecision } from '../approvals/publish';
import type { ApprovalRequest } from '../requests/model';
import { decideExpiry } from '../requests/request-changes';
import { changeRequest } from '../requests/transition-path';
import { transitionPortsFor } from '../requests/transition-ports';
import type { Services } from '../services';

export async function expireOverdueRequests(services: Services, now: Date): Promise<ApprovalRequest[]> {
  const days = services.config.requestExpiryDays;
  const pending = await services.store.requests.listByState(['pending']);
  const ports = transitionPortsFor(services);
  const expired: ApprovalRequest[] = [];
  for (const row of pending) {
    // Someone deciding (or another replica expiring it) since the list was read makes it no longer
    // pending when decided again: theirs stands.
    const change = await changeRequest(ports, row.value.id, decideExpiry(now, days), row);
    if (change.kind === 'kept') continue;
    const next = change.request;
    expired.push(next);
    services.logger.info(
      { requestId: next.id, createdAt: next.createdAt, expiryDays: days },
      'request expired without a decision',
    );
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
