/**
 * ConversationsStore on a real Azurite. Saves made together go out as one transaction, each still stored (the newest
 * for a key) and failing only for a reason of its own. getRecent, as the admins'-channel lookup of every message uses
 * it: "not set up" is kept only briefly (another replica's setup shows after that), a stored reference a little
 * longer, and this process's own save or delete is seen at once.
 */
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';
import type { TableClient } from '@azure/data-tables';
import { openStore } from '../../../src/store';
import { ConversationsStore } from '../../../src/store/conversations-store';
import { ensureTable, tableClient } from '../../../src/store/tables';
import { ADMIN_CHANNEL_KEY, ADMIN_CHANNEL_READ_MAX_AGE } from '../../../src/approvals/approval-card-posting';

const channel = (id: string) => ({
  conversation: { id, isGroup: true, conversationType: 'channel', name: '' },
  serviceUrl: 'https://smba.example/',
});

const personal = (id: string) => ({
  conversation: { id, isGroup: false, conversationType: 'personal', name: '' },
  serviceUrl: 'https://smba.example/',
});

const azurite = useTestAzurite();

describe('conversations: saves made together', () => {
  /** The store on a table client that counts the requests it sends (the real client, one policy more). */
  async function countedStore() {
    const client = await ensureTable(tableClient(azurite.connectionString, `${uniquePrefix()}conversations`));
    const sent = { requests: 0 };
    const counting: Parameters<TableClient['pipeline']['addPolicy']>[0] = {
      name: 'count-requests',
      sendRequest: (request, next) => {
        sent.requests++;
        return next(request);
      },
    };
    client.pipeline.addPolicy(counting);
    return { store: new ConversationsStore(client), sent };
  }

  it('are written in one request, every reference stored', async () => {
    const { store, sent } = await countedStore();
    const keys = Array.from({ length: 30 }, (_, i) => `user:${i}`);
    await Promise.all(keys.map((key, i) => store.save(key, personal(`a:${i}`))));
    // The first waits a moment for the others: all 30 share one transaction.
    expect(sent.requests).toBe(1);
    const stored = await Promise.all(keys.map((key) => store.get(key)));
    expect(stored.map((ref) => ref?.conversation?.id)).toEqual(keys.map((_, i) => `a:${i}`));
  });

  it('keep the newest reference for a key saved several times at once', async () => {
    const { store } = await countedStore();
    await store.save('user:x', personal('a:0'));
    await Promise.all([1, 2, 3].map((n) => store.save('user:x', personal(`a:${n}`))));
    expect((await store.get('user:x'))?.conversation?.id).toBe('a:3');
  });

  it('fail only for a reason of their own: a reference too large to store does not lose the others', async () => {
    const { store } = await countedStore();
    const tooLarge = { ...personal('a:big'), serviceUrl: `https://smba.example/${'x'.repeat(1_000_000)}` };
    const results = await Promise.allSettled([
      store.save('user:first', personal('a:first')),
      store.save('user:1', personal('a:1')),
      store.save('user:big', tooLarge),
      store.save('user:2', personal('a:2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await store.get('user:1'))?.conversation?.id).toBe('a:1');
    expect((await store.get('user:2'))?.conversation?.id).toBe('a:2');
    expect(await store.get('user:big')).toBeNull();
  });
});

describe('conversations: recent reads', () => {
  /** Two replicas on the same tables, and a clock the test moves. */
  async function replicas() {
    const prefix = uniquePrefix();
    let at = 1_000_000;
    const clock = { now: () => at, advance: (ms: number) => (at += ms) };
    const mine = await openStore(azurite.connectionString, { prefix });
    const other = await openStore(azurite.connectionString, { prefix });
    const recent = () => mine.conversations.getRecent(ADMIN_CHANNEL_KEY, ADMIN_CHANNEL_READ_MAX_AGE, clock.now);
    return { mine, other, clock, recent };
  }

  it('keeps "not there" only for the short age: a channel set up on another replica shows after it', async () => {
    const { other, clock, recent } = await replicas();
    expect(await recent()).toBeNull();
    await other.conversations.save(ADMIN_CHANNEL_KEY, channel('19:a@thread.tacv2'));
    clock.advance(ADMIN_CHANNEL_READ_MAX_AGE.absent - 1);
    expect(await recent()).toBeNull();
    clock.advance(1);
    expect((await recent())?.conversation?.id).toBe('19:a@thread.tacv2');
    expect(ADMIN_CHANNEL_READ_MAX_AGE.absent).toBeLessThanOrEqual(3_000);
  });

  it('sees this process\'s own setup at once, even with "not there" just read', async () => {
    const { mine, clock, recent } = await replicas();
    expect(await recent()).toBeNull();
    clock.advance(1);
    await mine.conversations.save(ADMIN_CHANNEL_KEY, channel('19:b@thread.tacv2'));
    expect((await recent())?.conversation?.id).toBe('19:b@thread.tacv2');
  });

  it('keeps a stored reference for the longer age, and its own delete is seen at once', async () => {
    const { mine, other, clock, recent } = await replicas();
    await other.conversations.save(ADMIN_CHANNEL_KEY, channel('19:c@thread.tacv2'));
    expect((await recent())?.conversation?.id).toBe('19:c@thread.tacv2');
    await other.conversations.save(ADMIN_CHANNEL_KEY, channel('19:d@thread.tacv2'));
    clock.advance(ADMIN_CHANNEL_READ_MAX_AGE.found - 1);
    expect((await recent())?.conversation?.id).toBe('19:c@thread.tacv2');
    clock.advance(1);
    expect((await recent())?.conversation?.id).toBe('19:d@thread.tacv2');
    await mine.conversations.delete(ADMIN_CHANNEL_KEY);
    expect(await recent()).toBeNull();
  });

  it('gives each concurrent caller its own copy', async () => {
    const { other, recent } = await replicas();
    await other.conversations.save(ADMIN_CHANNEL_KEY, channel('19:e@thread.tacv2'));
    const reads = await Promise.all([recent(), recent(), recent()]);
    expect(reads.map((r) => r?.conversation?.id)).toEqual(Array(3).fill('19:e@thread.tacv2'));
    // Each caller gets its own copy: changing one answer does not change what the next caller reads.
    reads[0]!.serviceUrl = 'https://changed.example/';
    expect((await recent())?.serviceUrl).toBe('https://smba.example/');
  });
});
