/**
 * Appending to the audit trail (src/store/audit-store.ts). Entries written before a Graph write must
 * succeed (no unaudited change); entries after a write are best effort, because the write already
 * happened and failing the approval now would misreport the tenant's state: a lost entry is logged.
 */
import type { Logger } from '../logger';
import { BOT_AUDIT_ACTOR, type AuditActor, type AuditEntry, type AuditInput } from '../requests/model';
import type { Store } from '../store';

export type Actor = AuditActor;

export const BOT_ACTOR: Actor = BOT_AUDIT_ACTOR;

export function auditEntry(input: AuditInput, at: Date): AuditEntry {
  return {
    requestId: input.requestId,
    at: at.toISOString(),
    actor: input.actor,
    action: input.action,
    detail: input.detail,
    graphRequestId: input.graphRequestId ?? null,
    result: input.result,
  };
}

export class Auditor {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  /** Must land: throws when storage fails, so the caller does not go on to write. */
  async required(input: AuditInput): Promise<void> {
    await this.store.audit.append(auditEntry(input, this.now()));
  }

  /** Best effort: a failure is logged with the entry, never thrown. */
  async record(input: AuditInput): Promise<void> {
    try {
      await this.store.audit.append(auditEntry(input, this.now()));
    } catch (err) {
      this.logger.error({ err, audit: { ...input } }, 'could not append an audit entry');
    }
  }
}
