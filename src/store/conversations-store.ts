/**
 * Conversation references for proactive messages (the admin channel, 1:1 chats with requesters),
 * saved when the bot is installed or first spoken to. Last writer wins: a newer reference for the
 * same key is always at least as good as an older one.
 */
import type { TableClient } from '@azure/data-tables';
import type { ConversationReference } from 'botbuilder';
import { TableRepository, encodeKey } from './repository';

const PARTITION = 'conversation';

export type StoredConversationReference = Partial<ConversationReference>;

export class ConversationsStore {
  private readonly repo: TableRepository<StoredConversationReference>;

  constructor(client: TableClient) {
    this.repo = new TableRepository<StoredConversationReference>(client, {
      index: (ref) => ({ conversationId: ref.conversation?.id ?? null }),
    });
  }

  /** Keys are free-form, e.g. `channel:<channelId>` or `user:<aadObjectId>`. */
  async save(key: string, reference: StoredConversationReference): Promise<void> {
    await this.repo.upsert(PARTITION, encodeKey(key), reference);
  }

  async get(key: string): Promise<StoredConversationReference | null> {
    return (await this.repo.get(PARTITION, encodeKey(key)))?.value ?? null;
  }

  async delete(key: string): Promise<void> {
    await this.repo.delete(PARTITION, encodeKey(key));
  }
}
