/**
 * ConversationsStore.getRecent on a real Azurite, as the admins'-channel lookup of every message uses it: "not set
 * up" is kept only briefly (another replica's setup shows after that), a stored reference a little longer, and this
 * process's own save or delete is seen at once.
 */
import { startTestAzurite, uniquePrefix, type TestAzurite } from '../../helpers/azurite';
import { openStore } from '../../../src/store';
import { ADMIN_CHANNEL_KEY, ADMIN_CHANNEL_READ_MAX_AGE } from '../../../src/approvals/approval-card-posting';

const channel = (id: string) => ({
  conversation: { id, isGroup: true, conversationType: 'channel', name: '' },
  serviceUrl: 'https://smba.example/',
});

describe('conversations: recent reads', () => {
  let azurite: TestAzurite;
  beforeAll(async () => {
    azurite = await startTestAzurite();
  });
  afterAll(async () => {
    await azurite.stop();
  });

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
