/**
 * The per-person and per-tenant limits on what chat can make the bot do: messages handled,
 * diagnoses run (each costs Graph reads), new approval requests, and open requests per person.
 * Counters are fixed windows in Table storage (src/store/limit-counters-store.ts), so every
 * replica counts into the same numbers: a person's counters share one row (a question's message and
 * diagnosis are one write), the tenant's are sharded. A counter that cannot be updated (heavy
 * contention) counts as reached: the limits fail closed.
 */
import type { Limits } from '../config';
import { LimitContentionError, type Store } from '../store';
import type { RowHit } from '../store/limit-counters-store';
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

  /** A chat message from this person that is not a question (a command); null when it may be handled. */
  message(userId: string): Promise<LimitHit | null> {
    return this.count(userId, [this.messages()]);
  }

  /**
   * A chat message asking about an app, which a diagnosis answers: the message and the diagnosis, counted
   * as `message` then `diagnosis` would count them, in one write of the person's row. Null when both may go ahead.
   */
  question(userId: string): Promise<LimitHit | null> {
    return this.count(userId, [this.messages(), this.diagnoses()]);
  }

  /** A diagnosis for this person without a message of its own (a card button; throws LimitReachedError when over a limit). */
  async diagnosis(userId: string): Promise<void> {
    const hit = await this.count(userId, [this.diagnoses()]);
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
    const hit = await this.count(userId, [
      {
        kind: 'new_requests',
        windowMs: DAY,
        perUser: this.limits.newRequestsPerUserPerDay,
        perTenant: this.limits.newRequestsPerTenantPerDay,
      },
    ]);
    if (hit) throw new LimitReachedError(hit);
  }

  private messages(): Rule {
    return {
      kind: 'messages',
      windowMs: MINUTE,
      perUser: this.limits.messagesPerUserPerMinute,
      perTenant: this.limits.messagesPerTenantPerMinute,
    };
  }

  private diagnoses(): Rule {
    return {
      kind: 'diagnoses',
      windowMs: HOUR,
      perUser: this.limits.diagnosesPerUserPerHour,
      perTenant: this.limits.diagnosesPerTenantPerHour,
    };
  }

  /**
   * Each rule in order, as if counted one after the other: the person's counter, then the tenant's.
   * Person first: someone over their own limit does not use up the tenant's, nor count the rules after.
   * The person's counters of all the rules are one write, the tenant's of the rules the person is
   * within another; a rule the tenant refuses gives back both counts of the rules after it, which
   * then never ran.
   */
  private async count(userId: string, rules: Rule[]): Promise<LimitHit | null> {
    const at = this.now();
    const person = `user|${userId.toLowerCase()}`;
    const counted = await this.personCounts(person, rules, at);
    const over = rules.findIndex((rule, i) => (counted[i] ?? Number.POSITIVE_INFINITY) > rule.perUser);
    const within = over === -1 ? rules : rules.slice(0, over);
    const tenant = within.length > 0 ? await this.tenantCounts(within, at) : [];
    for (const [i, rule] of within.entries()) {
      if ((tenant?.[i] ?? Number.POSITIVE_INFINITY) > rule.perTenant) {
        await this.giveBack(person, rules.slice(i + 1, counted.length), at);
        // A tenant count that could not be written (contention) holds nothing to give back.
        if (tenant) await this.giveBackTenant(within.slice(i + 1), at);
        return limitHit(rule, 'tenant', rule.perTenant, at);
      }
    }
    return over === -1 ? null : limitHit(rules[over], 'user', rules[over].perUser, at);
  }

  /** The person's counts of `rules` from one write of their row; a contended row counts as over (fail closed). */
  private async personCounts(person: string, rules: Rule[], at: Date): Promise<number[]> {
    try {
      return await this.store.limitCounters.hitInRow(
        person,
        rules.map((rule) => ({ counter: rule.kind, windowStart: windowOf(rule, at).windowStart, limit: rule.perUser })),
      );
    } catch (err) {
      if (err instanceof LimitContentionError) return [Number.POSITIVE_INFINITY];
      throw err;
    }
  }

  /** Takes back the person's counts of rules that were counted but refused before they ran. */
  private async giveBack(person: string, rules: Rule[], at: Date): Promise<void> {
    if (rules.length === 0) return;
    await this.store.limitCounters.hitInRow(person, takeBack(rules, at));
  }

  /** The tenant's totals of `rules` from one write of this process's shard; null when too contended to count (fail closed). */
  private async tenantCounts(rules: Rule[], at: Date): Promise<number[] | null> {
    try {
      return await this.store.limitCounters.hitInShardedRow(
        this.tenantOwner(),
        rules.map((rule) => ({ counter: rule.kind, windowStart: windowOf(rule, at).windowStart })),
        TENANT_SHARDS,
      );
    } catch (err) {
      if (err instanceof LimitContentionError) return null;
      throw err;
    }
  }

  /** Takes back the tenant's counts of rules that were counted but refused before they ran (best effort: a count left over only errs on the safe side). */
  private async giveBackTenant(rules: Rule[], at: Date): Promise<void> {
    if (rules.length === 0) return;
    try {
      await this.store.limitCounters.hitInShardedRow(this.tenantOwner(), takeBack(rules, at), TENANT_SHARDS);
    } catch (err) {
      if (!(err instanceof LimitContentionError)) throw err;
    }
  }

  private tenantOwner(): string {
    return `tenant|${this.tenantId.toLowerCase()}`;
  }
}

/** Hits that take back one count of each rule in its current window. */
function takeBack(rules: Rule[], at: Date): RowHit[] {
  return rules.map((rule) => ({
    counter: rule.kind,
    windowStart: windowOf(rule, at).windowStart,
    limit: Number.POSITIVE_INFINITY,
    by: -1,
  }));
}

function limitHit(rule: Rule, scope: LimitScope, limit: number, at: Date): LimitHit {
  return { kind: rule.kind, scope, limit, retryAfterSeconds: windowOf(rule, at).retryAfterSeconds };
}

function windowOf(rule: Rule, at: Date): { windowStart: Date; retryAfterSeconds: number } {
  const ms = at.getTime();
  const windowStart = new Date(ms - (ms % rule.windowMs));
  return { windowStart, retryAfterSeconds: (windowStart.getTime() + rule.windowMs - ms) / 1000 };
}
