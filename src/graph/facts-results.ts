/**
 * Turns batch results into fact values. A 403 is not a failure of the diagnosis: it becomes a
 * `forbidden` entry naming the permission the bot lacks, and the fact stays empty. Throttling and
 * outages that survived the retries, and authentication failures, do abort: a diagnosis built on
 * silently missing data would send an admin the wrong way.
 */
import type { ReadResult } from './batch-reader';
import { type GraphFailure, toGraphError } from './errors';
import { NON_PREMIUM_CODE, READ_REQUIREMENTS } from './facts-permissions';
import { readKeyOf } from './facts-plan';
import type { ForbiddenRead } from '../diagnosis/types';

export type ReadOutcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'absent' }
  | { kind: 'forbidden'; failure: GraphFailure }
  | { kind: 'not_premium' };

export class ResultReader {
  readonly forbidden: ForbiddenRead[] = [];

  constructor(private readonly results: ReadonlyMap<string, ReadResult>) {}

  has(id: string): boolean {
    return this.results.has(id);
  }

  /** A collection's items (every page), or an outcome explaining why there are none. */
  items<T>(id: string): ReadOutcome<T[]> {
    return this.take(id, (r) => r.items as T[]);
  }

  /** A single resource's body. */
  single<T>(id: string): ReadOutcome<T> {
    return this.take(id, (r) => r.body as T);
  }

  private take<T>(id: string, pick: (r: Extract<ReadResult, { ok: true }>) => T): ReadOutcome<T> {
    const result = this.results.get(id);
    if (!result) return { kind: 'absent' };
    if (result.ok) return { kind: 'ok', value: pick(result) };
    const { failure } = result;
    if (failure.status === 404) return { kind: 'absent' };
    if (failure.status === 403) {
      if (failure.code === NON_PREMIUM_CODE) return { kind: 'not_premium' };
      this.noteForbidden(id, failure);
      return { kind: 'forbidden', failure };
    }
    // Anything else (a 400 we caused, a 401 for our token, 429/5xx that outlived the retries) aborts.
    throw toGraphError(failure, READ_REQUIREMENTS[readKeyOf(id)]?.permission ?? null);
  }

  private noteForbidden(id: string, failure: GraphFailure): void {
    const requirement = READ_REQUIREMENTS[readKeyOf(id)];
    if (!requirement) return;
    if (this.forbidden.some((f) => f.fact === requirement.fact)) return;
    this.forbidden.push({ fact: requirement.fact, permission: requirement.permission, code: failure.code });
  }
}

export function valueOr<T>(outcome: ReadOutcome<T>, fallback: T): T {
  return outcome.kind === 'ok' ? outcome.value : fallback;
}
