/**
 * Approval requests by id, plus lookups by requester, app and state. State changes are
 * compare-and-set on the row's ETag (docs/architecture.md#approval-model): the caller reads, decides,
 * and `replace`s with the ETag it read; a StoreConflictError means someone else decided first.
 */
import type { ApprovalRequest, RequestState } from '../requests/model';
import { TableRepository, encodeKey, type Versioned } from './repository';
import type { TableClient } from '@azure/data-tables';

/** One partition: the bot serves one tenant and request volume is far below a partition's limits. */
const PARTITION = 'request';

export class RequestsStore {
  private readonly repo: TableRepository<ApprovalRequest>;

  constructor(client: TableClient) {
    this.repo = new TableRepository<ApprovalRequest>(client, {
      index: (r) => ({ state: r.state, requesterId: r.requester.aadObjectId, appId: r.appId, createdAt: r.createdAt }),
    });
  }

  get(id: string): Promise<Versioned<ApprovalRequest> | null> {
    return this.repo.get(PARTITION, encodeKey(id));
  }

  /** Returns the ETag; StoreConflictError('exists') if the id is taken. */
  create(request: ApprovalRequest): Promise<string> {
    return this.repo.insert(PARTITION, encodeKey(request.id), request);
  }

  /** Compare-and-set on `etag`; returns the new ETag or throws StoreConflictError('etag_mismatch'). */
  replace(request: ApprovalRequest, etag: string): Promise<string> {
    return this.repo.replace(PARTITION, encodeKey(request.id), request, etag);
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
