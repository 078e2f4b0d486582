/**
 * The storage facade the rest of the bot uses: its tables, opened from one connection string.
 * (teams-ai's turn state, in Blob storage, belongs to the Teams edge: src/teams/turn-state.ts.)
 */
import { AuditStore } from './audit-store';
import { ConversationsStore } from './conversations-store';
import { DigestSlotsStore } from './digest-slots-store';
import { LimitCountersStore } from './limit-counters-store';
import { RequestsStore } from './requests-store';
import { WatchStore } from './watch-store';
import { TABLES, ensureTable, tableClient } from './tables';
import { toStoreError } from './errors';

export interface Store {
  requests: RequestsStore;
  audit: AuditStore;
  conversations: ConversationsStore;
  /** Claimed digest slots: one digest per slot across replicas (src/digest). */
  digestSlots: DigestSlotsStore;
  /** Fixed-window counters behind the per-user and per-tenant limits (src/limits). */
  limitCounters: LimitCountersStore;
  /** Entra requests and sign-ins the watchers handled, and their last runs (src/watchers). */
  watch: WatchStore;
  /** Cheap round trip to Table storage, for /healthz. Throws a StoreError when unreachable. */
  ping(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Prefix for table and container names, so tests can share one Azurite without colliding. */
  prefix?: string;
}

export async function openStore(connectionString: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const prefix = opts.prefix ?? '';
  const [requests, audit, conversations, digestSlots, limitCounters, watch] = await Promise.all(
    [TABLES.requests, TABLES.audit, TABLES.conversations, TABLES.digestSlots, TABLES.limitCounters, TABLES.watch].map(
      (name) => ensureTable(tableClient(connectionString, `${prefix}${name}`)),
    ),
  );
  return {
    requests: new RequestsStore(requests),
    audit: new AuditStore(audit),
    conversations: new ConversationsStore(conversations),
    digestSlots: new DigestSlotsStore(digestSlots),
    limitCounters: new LimitCountersStore(limitCounters),
    watch: new WatchStore(watch),
    ping: async () => {
      try {
        await requests
          .listEntities({ queryOptions: { filter: "PartitionKey eq 'healthz'" } })
          .byPage({ maxPageSize: 1 })
          .next();
      } catch (err) {
        throw toStoreError(err, `table ${requests.tableName}`);
      }
    },
  };
}

export * from './errors';
export { LimitContentionError } from './limit-counters-store';
export type { Versioned, Row } from './repository';
