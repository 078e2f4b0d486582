/**
 * What a decision about one request row says, as plain data: write this version of the row (over
 * the ETag it was decided on, or as a new row), or keep the row as it is. Every change to a request
 * (submit, link, note, approve, deny, withdraw, expire, complete, fail, the reconciler's claim) is
 * decided by a pure function returning one of these; src/requests/transition-path.ts carries it
 * out with compare-and-set and asks the same function again when someone else wrote first.
 */
import type { Versioned } from '../store/repository';
import type { ApprovalRequest, AuditActor, AuditEntry } from './model';

/** The audit entry a written change leaves (the request id is the written row's). */
export interface ChangeAudit {
  actor: AuditActor;
  action: string;
  detail: string;
  result: AuditEntry['result'];
  /**
   * True when the entry must be stored before the caller goes on (an approval is about to write to
   * Graph: no unaudited change). Otherwise the entry is best effort: the change already happened.
   */
  required?: boolean;
}

export type RowDecision<Written, Kept> =
  /** `etag`: the version this was decided on (compare-and-set); null stores a new row. */
  | { kind: 'write'; request: ApprovalRequest; etag: string | null; as: Written; audit?: ChangeAudit }
  | { kind: 'keep'; as: Kept };

export type RowChange<Written, Kept> =
  { kind: 'written'; as: Written; request: ApprovalRequest; etag: string } | { kind: 'kept'; as: Kept };

export const write = <W>(
  request: ApprovalRequest,
  etag: string | null,
  as: W,
  audit?: ChangeAudit,
): RowDecision<W, never> => ({ kind: 'write', request, etag, as, ...(audit ? { audit } : {}) });

export const keep = <K>(as: K): RowDecision<never, K> => ({ kind: 'keep', as });

/** The ETag of request `id` among rows that were read together; RangeError when it is not there (a bug). */
export function etagAmong(rows: ReadonlyArray<Versioned<ApprovalRequest>>, id: string): string {
  const row = rows.find((r) => r.value.id === id);
  if (!row) throw new RangeError(`request ${id} was not among those read`);
  return row.etag;
}
