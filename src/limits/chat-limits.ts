/**
 * The per-person and per-tenant limits on what chat can make the bot do: messages handled,
 * diagnoses run (each costs Graph reads), new approval requests, and open requests per person.
 * Counters are fixed windows in Table storage (src/store/limit-counters-store.ts), so every
 * replica counts into the same numbers. A counter that cannot be updated (heavy contention)
 * counts as reached: the limits fail closed.
 */
import type { Limits } from '../config';
import { LimitContentionError, type Store } from '../store';
import type { LimitHit, LimitKind, LimitScope } from './limit-text';
import { LimitReachedError } from './limit-text';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The longest counting window: a counter row older than this (and a margin) is never read again. */
export const LONGEST_WINDOW_MS = DAY;
/** Shards of a tenant-wide counter: concurrent hits from many people rarely write the same row. */
const TENANT_SHARDS = 8;

interface Rule {
  kind: LimitKind;
  windowMs: number;
  perUser: number;
  perTenant: number;
}

export class ChatLimits {
  constructor(
    private readonly store: Pick<Store, 'limitCounters'>,
    private readonly limits: Limits,
    private readonly tenantId: string,
    private readonly now: () => Date,
  ) {}

  get settings(): Limits {
    return this.limits;
  }

  /** A chat message from this person; null when it may be handled. */
  message(userId: string): Promise<LimitHit | null> {
    return this.count(
      {
        kind: 'messages',
        windowMs: MINUTE,
        perUser: this.limits.messagesPerUserPerMinute,
        perTenant: this.limits.messagesPerTenantPerMinute,
      },
      userId,
    );
  }

  /** A diagnosis for this person (throws LimitReachedError when over a limit). */
  async diagnosis(userId: string): Promise<void> {
    const hit = await this.count(
      {
        kind: 'diagnoses',
        windowMs: HOUR,
        perUser: this.limits.diagnosesPerUserPerHour,
        perTenant: this.limits.diagnosesPerTenantPerHour,
      },
      userId,
    );
    if (hit) throw new LimitReachedError(hit);
  }

  /** A new approval request by this person who already has `openCount` open ones (throws when over a limit). */
  async newRequest(userId: string, openCount: number): Promise<void> {
    if (openCount >= this.limits.pendingRequestsPerUser) {
      throw new LimitReachedError({
        kind: 'pending_requests',
        scope: 'user',
        limit: this.limits.pendingRequestsPerUser,
        retryAfterSeconds: 0,
      });
    }
    const hit = await this.count(
      {
        kind: 'new_requests',
        windowMs: DAY,
        perUser: this.limits.newRequestsPerUserPerDay,
        perTenant: this.limits.newRequestsPerTenantPerDay,
      },
      userId,
    );
    if (hit) throw new LimitReachedError(hit);
  }

  /** Person first: someone over their own limit does not use up the tenant's. */
  private async count(rule: Rule, userId: string): Promise<LimitHit | null> {
    const at = this.now().getTime();
    const windowStart = new Date(at - (at % rule.windowMs));
    const retryAfterSeconds = (windowStart.getTime() + rule.windowMs - at) / 1000;
    const hit = (scope: LimitScope, limit: number): LimitHit => ({ kind: rule.kind, scope, limit, retryAfterSeconds });
    const userCount = await this.tally(`${rule.kind}|user|${userId.toLowerCase()}`, windowStart, 1);
    if (userCount > rule.perUser) return hit('user', rule.perUser);
    const tenantCount = await this.tally(
      `${rule.kind}|tenant|${this.tenantId.toLowerCase()}`,
      windowStart,
      TENANT_SHARDS,
    );
    if (tenantCount > rule.perTenant) return hit('tenant', rule.perTenant);
    return null;
  }

  private async tally(counter: string, windowStart: Date, shards: number): Promise<number> {
    try {
      return await this.store.limitCounters.hit(counter, windowStart, shards);
    } catch (err) {
      if (err instanceof LimitContentionError) return Number.POSITIVE_INFINITY;
      throw err;
    }
  }
}
