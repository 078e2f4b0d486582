/**
 * A request state change as a compare-and-set on the row's ETag: apply the event to the version that
 * was read and replace it only if nobody changed it since. When someone did, the row is read again
 * and the event re-applied only if it is still legal there: an unrelated change (a person linked
 * to the request) does not lose an outcome, while a competing decision makes this one lose. Losing
 * is not an error: the caller gets the current version and shows it. This is what makes two clicks,
 * two admins or two replicas produce exactly one decision.
 */
import type { ApprovalRequest } from '../requests/model';
import { applyEvent, canApply, type RequestEvent } from '../requests/state-machine';
import { StoreConflictError, type Store, type Versioned } from '../store';

export type TransitionResult =
  | { ok: true; request: ApprovalRequest; etag: string }
  /** Someone else decided first (or the event does not apply): here is the request now. */
  | { ok: false; current: Versioned<ApprovalRequest> | null };

/** Re-reads after a lost compare-and-set before giving the decision up. */
const MAX_ATTEMPTS = 5;

export async function transition(store: Store, read: Versioned<ApprovalRequest>, event: RequestEvent): Promise<TransitionResult> {
  let current: Versioned<ApprovalRequest> | null = read;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && current; attempt++) {
    if (!canApply(current.value, event.type)) return { ok: false, current };
    const result = await replaceIfUnchanged(store, current, applyEvent(current.value, event));
    if (result.ok) return result;
    current = result.current;
  }
  return { ok: false, current };
}

/** Replaces `read` by `next` unless the row changed since it was read. */
export async function replaceIfUnchanged(store: Store, read: Versioned<ApprovalRequest>, next: ApprovalRequest): Promise<TransitionResult> {
  try {
    const etag = await store.requests.replace(next, read.etag);
    return { ok: true, request: next, etag };
  } catch (err) {
    if (err instanceof StoreConflictError) return { ok: false, current: await store.requests.get(read.value.id) };
    throw err;
  }
}
