/**
 * The one path every change to a request takes:
 *   read the row (or the rows the decision needs) with their ETags
 *   -> a pure decision (src/requests/row-change.ts: write this version, or keep the row)
 *   -> a conditional write: replace only if the ETag is still the one read (or insert a new row)
 *   -> on a conflict, read again and decide again on what is there now, a bounded number of times
 *   -> the change's audit entry.
 * Deciding again, rather than writing again, is what makes the path safe: a competing decision
 * makes a state transition illegal (so it loses), while an unrelated change (a person linked, a
 * card remembered) is simply built upon. Two clicks, two admins or two replicas therefore produce
 * exactly one decision. Storage and the audit trail are ports, so the path is tested with plain data.
 */
import { StoreConflictError } from '../store/errors';
import type { Versioned } from '../store/repository';
import type { ApprovalRequest, AuditInput } from './model';
import { keep, write, type ChangeAudit, type RowChange, type RowDecision } from './row-change';
import { applyEvent, canApply, type RequestEvent } from './state-machine';

/** The request rows as the path uses them: read one, insert one, replace one on its ETag. */
export interface RequestRows {
  get(id: string): Promise<Versioned<ApprovalRequest> | null>;
  /** Returns the new row's ETag; StoreConflictError when the id is taken. */
  create(request: ApprovalRequest): Promise<string>;
  /** Returns the new ETag; StoreConflictError when the row changed since `etag` was read. */
  replace(request: ApprovalRequest, etag: string): Promise<string>;
}

/** Where written changes are audited (src/approvals/audit.ts's Auditor). */
export interface AuditHook {
  /** Must land: throws when it cannot be stored. */
  required(input: AuditInput): Promise<void>;
  /** Best effort: never throws. */
  record(input: AuditInput): Promise<void>;
}

export interface TransitionPorts {
  rows: RequestRows;
  audit: AuditHook;
}

/**
 * How many times a change is decided before contention is reported (RequestContentionError).
 * Each lost write means someone else's write landed, so five in a row on one request is a storm, not bad luck.
 */
export const MAX_ATTEMPTS = 5;

/** Every one of MAX_ATTEMPTS decisions lost its write: the request is too busy to change now. A StoreConflictError, as before there was one path. */
export class RequestContentionError extends StoreConflictError {
  constructor(last: StoreConflictError) {
    super(last.reason, last.key, { cause: last });
    this.name = 'RequestContentionError';
  }
}

/**
 * Decides on what `read` returns and writes the decision with compare-and-set; on a conflict reads
 * again and decides again (at most MAX_ATTEMPTS decisions). `seen`: what the caller already read,
 * decided on first without reading again.
 */
export async function decideAndWrite<Seen, Written, Kept>(
  ports: TransitionPorts,
  read: () => Promise<Seen>,
  decide: (seen: Seen) => RowDecision<Written, Kept>,
  seen?: Seen,
): Promise<RowChange<Written, Kept>> {
  let current = seen === undefined ? await read() : seen;
  for (let attempt = 1; ; attempt++) {
    const decision = decide(current);
    if (decision.kind === 'keep') return { kind: 'kept', as: decision.as };
    let etag: string;
    try {
      etag =
        decision.etag === null
          ? await ports.rows.create(decision.request)
          : await ports.rows.replace(decision.request, decision.etag);
    } catch (err) {
      if (!(err instanceof StoreConflictError)) throw err;
      if (attempt >= MAX_ATTEMPTS) throw new RequestContentionError(err);
      current = await read();
      continue;
    }
    if (decision.audit) {
      const { required, ...entry } = decision.audit;
      const input = { requestId: decision.request.id, ...entry };
      await (required ? ports.audit.required(input) : ports.audit.record(input));
    }
    return { kind: 'written', as: decision.as, request: decision.request, etag };
  }
}

/** decideAndWrite on one request row, read by id. */
export function changeRequest<Written, Kept>(
  ports: TransitionPorts,
  id: string,
  decide: (row: Versioned<ApprovalRequest> | null) => RowDecision<Written, Kept>,
  seen?: Versioned<ApprovalRequest>,
): Promise<RowChange<Written, Kept>> {
  return decideAndWrite(ports, () => ports.rows.get(id), decide, seen);
}

export type TransitionResult =
  | { ok: true; request: ApprovalRequest; etag: string }
  /** Someone else decided first (or the event does not apply, or the row is gone): here is the request now. */
  | { ok: false; current: Versioned<ApprovalRequest> | null };

export interface TransitionOptions {
  /** The entry the written transition leaves in the audit trail. */
  audit?: ChangeAudit;
  /** Applied to the row before the event, on every attempt (the app as Graph shows it after a fix, say). */
  amend?: (request: ApprovalRequest) => ApprovalRequest;
}

/**
 * A state-machine event (src/requests/state-machine.ts) on the request `read`: applied while it is
 * legal on the row as stored, lost as soon as it is not. Losing is not an error: the caller gets the
 * current version and shows it. Contention past MAX_ATTEMPTS is a loss too.
 */
export async function transition(
  ports: TransitionPorts,
  read: Versioned<ApprovalRequest>,
  event: RequestEvent,
  options: TransitionOptions = {},
): Promise<TransitionResult> {
  const decide = (row: Versioned<ApprovalRequest> | null): RowDecision<null, Versioned<ApprovalRequest> | null> => {
    if (!row || !canApply(row.value, event.type)) return keep(row);
    const amended = options.amend ? options.amend(row.value) : row.value;
    return write(applyEvent(amended, event), row.etag, null, options.audit);
  };
  try {
    const change = await changeRequest(ports, read.value.id, decide, read);
    return change.kind === 'written'
      ? { ok: true, request: change.request, etag: change.etag }
      : { ok: false, current: change.as };
  } catch (err) {
    if (err instanceof RequestContentionError) return { ok: false, current: await ports.rows.get(read.value.id) };
    throw err;
  }
}
