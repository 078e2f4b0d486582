/**
 * Approval requests by id, plus lookups by requester, app and state. State changes are
 * compare-and-set on the row's ETag (docs/architecture.md#approval-model): the caller reads, decides,
 * and `replace`s with the ETag it read; a StoreConflictError means someone else decided first.
 */
import type { ApprovalRequest, RequestState } from '../requests/model';
import { LastSeenRows } from './group-commit';
import { TableRepository, encodeKey, type Versioned } from './repository';
import type { TableClient } from '@azure/data-tables';

/** One partition: the bot serves one tenant and request volume is far below a partition's limits. */
const PARTITION = 'request';
/** Rows `lastSeen` remembers: the requests of the last few minutes' messages on this replica. */
const MAX_SEEN = 200;

export class RequestsStore {
  private readonly repo: TableRepository<ApprovalRequest>;
  /**
   * Row key -> the row's JSON text and ETag as this process last read or wrote it: kept as text, so
   * what a caller does to the object it was handed is never written by the hint, at no copy's cost.
   */
  private readonly seen = new LastSeenRows<string>(MAX_SEEN);

  constructor(client: TableClient) {
    this.repo = new TableRepository<ApprovalRequest>(client, {
      index: (r) => ({ state: r.state, requesterId: r.requester.aadObjectId, appId: r.appId, createdAt: r.createdAt }),
      onRow: (row) => this.seen.remember(row.rowKey, { value: row.json, etag: row.etag }),
    });
  }

  async get(id: string): Promise<Versioned<ApprovalRequest> | null> {
    return this.repo.get(PARTITION, encodeKey(id));
  }

  /** Returns the ETag; StoreConflictError('exists') if the id is taken. */
  async create(request: ApprovalRequest): Promise<string> {
    return this.repo.insert(PARTITION, encodeKey(request.id), request);
  }

  /** Compare-and-set on `etag`; returns the new ETag or throws StoreConflictError('etag_mismatch'). */
  async replace(request: ApprovalRequest, etag: string): Promise<string> {
    return this.repo.replace(PARTITION, encodeKey(request.id), request, etag);
  }

  /**
   * The row as this process last read or wrote it, without a read: a hint for a compare-and-set
   * right after (the answer card remembered on the request the message just submitted), which
   * fails like any stale read when the row changed since.
   */
  lastSeen(id: string): Versioned<ApprovalRequest> | null {
    const row = this.seen.get(encodeKey(id));
    return row ? { value: JSON.parse(row.value) as ApprovalRequest, etag: row.etag } : null;
  }

  async listByRequester(aadObjectId: string, states?: RequestState[]): Promise<Array<Versioned<ApprovalRequest>>> {
    return this.query({ requesterId: aadObjectId, ...(states ? { state: states } : {}) });
  }

  async listByApp(appId: string, states?: RequestState[]): Promise<Array<Versioned<ApprovalRequest>>> {
    return this.query({ appId, ...(states ? { state: states } : {}) });
  }

  async listByState(states: RequestState[]): Promise<Array<Versioned<ApprovalRequest>>> {
    return this.query({ state: states });
  }

  /** Oldest first (createdAt), which is the order digests and "my requests" show. */
  private async query(where: Record<string, string | string[]>): Promise<Array<Versioned<ApprovalRequest>>> {
    const rows = await this.repo.list(PARTITION, { where });
    return rows
      .map(({ value, etag }) => ({ value, etag }))
      .sort((a, b) => a.value.createdAt.localeCompare(b.value.createdAt));
  }
}
