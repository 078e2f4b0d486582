/**
 * Bot requests nobody decided on within REQUEST_EXPIRY_DAYS expire (state pending -> expired) and
 * their requesters are told. Pure: which requests, and when each one expires.
 */
import type { ApprovalRequest } from '../requests/model';

const DAY_MS = 86_400_000;

/** When a request created at `createdAt` expires, ISO 8601 UTC (null for an unreadable date). */
export function requestExpiresAt(createdAt: string, expiryDays: number): string | null {
  const created = Date.parse(createdAt);
  return Number.isFinite(created) ? new Date(created + expiryDays * DAY_MS).toISOString() : null;
}

/** Pending and at or past its expiry time. */
export function isOverdue(
  request: Pick<ApprovalRequest, 'state' | 'createdAt'>,
  now: Date,
  expiryDays: number,
): boolean {
  if (request.state !== 'pending') return false;
  const expiresAt = requestExpiresAt(request.createdAt, expiryDays);
  return expiresAt !== null && Date.parse(expiresAt) <= now.getTime();
}
