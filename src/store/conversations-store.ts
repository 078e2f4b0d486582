/**
 * Conversation references for proactive messages (the admin channel, 1:1 chats with requesters),
 * saved when the bot is installed or first spoken to. Last writer wins: a newer reference for the
 * same key is always at least as good as an older one.
 */
import type { TableClient } from '@azure/data-tables';
import type { ConversationAddress } from '../ports/messenger';
import { GroupCommit } from './group-commit';
import { MAX_TRANSACTION_ROWS, TableRepository, encodeKey } from './repository';

const PARTITION = 'conversation';

export type StoredConversationReference = ConversationAddress;

/** How long the first of several saves waits for the others (`write`): far less than any answer takes. */
const GATHER_MS = 10;

/** Enough for every chat one replica sees in a day; the memo only saves writes, never reads. */
const MAX_REMEMBERED = 10_000;

interface RecentRead {
  at: number;
  read: Promise<StoredConversationReference | null>;
  /** The read found nothing: kept for the shorter `absent` age. */
  absent: boolean;
}

interface QueuedSave {
  key: string;
  reference: StoredConversationReference;
}

/** A save's own outcome: one failed row must not fail the saves it was sent with. */
type SaveOutcome = { ok: true } | { ok: false; err: unknown };

/** How old a `getRecent` answer may be, ms: a stored reference, and "not there". */
export interface RecentMaxAge {
  found: number;
  absent: number;
}

export class ConversationsStore {
  private readonly repo: TableRepository<StoredConversationReference>;
  /** Key -> the JSON this process last wrote, so an unchanged reference is not written again. */
  private readonly written = new Map<string, string>();
  /** Key -> a recent read (or the read in flight) for `getRecent`; dropped by this process's own writes. */
  private readonly recent = new Map<string, RecentRead>();
  /** All references share one partition, so the saves of a burst are one group (`write`). */
  private readonly saves = new GroupCommit<QueuedSave, SaveOutcome>(
    (_partition, saves) => this.writeTogether(saves),
    GATHER_MS,
  );

  constructor(client: TableClient) {
    this.repo = new TableRepository<StoredConversationReference>(client, {
      index: (ref) => ({ conversationId: ref.conversation?.id ?? null }),
    });
  }

  /** Keys are free-form, e.g. `channel:<channelId>` or `user:<aadObjectId>`. */
  async save(key: string, reference: StoredConversationReference): Promise<void> {
    this.recent.delete(key);
    try {
      await this.write(key, reference);
    } finally {
      this.recent.delete(key);
    }
  }

  /**
   * Group commit (src/store/group-commit.ts): saves arriving within GATHER_MS of the first, or while
   * a write is in flight, go out together, as one entity group transaction, instead of a request
   * each. Every message of a person's first chat stores one, so a burst of people would otherwise
   * cost a table request per message; the wait is off the answer's path (the reference is stored
   * while the answer is worked out). Of several saves of one key, the newest wins.
   */
  private async write(key: string, reference: StoredConversationReference): Promise<void> {
    const outcome = await this.saves.add(PARTITION, { key, reference });
    if (!outcome.ok) throw outcome.err;
  }

  private async writeTogether(saves: QueuedSave[]): Promise<SaveOutcome[]> {
    const newest = new Map(saves.map((save) => [save.key, save.reference]));
    const keys = [...newest.keys()];
    const outcomes = new Map<string, SaveOutcome>();
    for (let i = 0; i < keys.length; i += MAX_TRANSACTION_ROWS) {
      const rows = keys.slice(i, i + MAX_TRANSACTION_ROWS).map((key) => ({ key, reference: newest.get(key)! }));
      for (const [key, outcome] of await this.writeRows(rows)) outcomes.set(key, outcome);
    }
    return saves.map((save) => outcomes.get(save.key)!);
  }

  private async writeRows(rows: QueuedSave[]): Promise<Array<[string, SaveOutcome]>> {
    if (rows.length > 1) {
      try {
        await this.repo.upsertAll(
          PARTITION,
          rows.map(({ key, reference }) => ({ rowKey: encodeKey(key), value: reference })),
        );
        return rows.map(({ key }) => [key, { ok: true }]);
      } catch {
        // All or none: one by one, so a save fails only for a reason of its own.
      }
    }
    return Promise.all(
      rows.map(async ({ key, reference }): Promise<[string, SaveOutcome]> => {
        try {
          await this.repo.upsert(PARTITION, encodeKey(key), reference);
          return [key, { ok: true }];
        } catch (err) {
          return [key, { ok: false, err }];
        }
      }),
    );
  }

  /**
   * For references that only ever change to a newer equivalent (a person's 1:1 chat, the service
   * URL): skips the write when this process already stored the same value. Every message would
   * otherwise cost a table write.
   */
  async saveIfChanged(key: string, reference: StoredConversationReference): Promise<void> {
    const json = JSON.stringify(reference);
    if (this.written.get(key) === json) return;
    await this.save(key, reference);
    if (this.written.size >= MAX_REMEMBERED) this.written.clear();
    this.written.set(key, json);
  }

  async get(key: string): Promise<StoredConversationReference | null> {
    return (await this.repo.get(PARTITION, encodeKey(key)))?.value ?? null;
  }

  /**
   * For references every message consults (where the admins' channel is): a read at most
   * `maxAge.found` old, shared by concurrent callers, instead of a table read per message; "not there"
   * is kept for `maxAge.absent` only, so a reference another replica saves where there was none is
   * seen within that. This process's own save or delete is seen at once (it drops the entry).
   */
  async getRecent(
    key: string,
    maxAge: RecentMaxAge,
    now: () => number = Date.now,
  ): Promise<StoredConversationReference | null> {
    const cached = this.recent.get(key);
    if (cached && now() - cached.at < (cached.absent ? maxAge.absent : maxAge.found)) {
      return structuredClone(await cached.read);
    }
    const read = this.get(key);
    const entry: RecentRead = { at: now(), read, absent: false };
    this.recent.set(key, entry);
    try {
      const value = await read;
      entry.absent = value === null;
      return structuredClone(value);
    } catch (err) {
      if (this.recent.get(key) === entry) this.recent.delete(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    this.written.delete(key);
    this.recent.delete(key);
    await this.repo.delete(PARTITION, encodeKey(key));
  }
}
