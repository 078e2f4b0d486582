/**
 * Append-only audit trail: who did what to which request, when, with which Graph request id.
 * Rows are only ever inserted; there is deliberately no update or delete here.
 */
import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { AuditEntry } from '../requests/model';
import { TableRepository, encodeKey } from './repository';

export class AuditStore {
  private readonly repo: TableRepository<AuditEntry>;

  constructor(client: TableClient) {
    this.repo = new TableRepository<AuditEntry>(client, { index: (e) => ({ action: e.action, result: e.result }) });
  }

  /** Partition = request, row key = time + random suffix: chronological, and never collides. */
  async append(entry: AuditEntry): Promise<void> {
    const rowKey = `${entry.at}_${randomBytes(6).toString('hex')}`;
    await this.repo.insert(encodeKey(entry.requestId), encodeKey(rowKey), entry);
  }

  /** Entries for one request, oldest first. */
  async list(requestId: string): Promise<AuditEntry[]> {
    const rows = await this.repo.list(encodeKey(requestId));
    return rows.map((r) => r.value);
  }
}
