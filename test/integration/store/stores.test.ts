/**
 * Requests, audit and conversation stores, and the turn-state blob container, on a real Azurite.
 */
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';
import { openStore, StoreConflictError, type Store } from '../../../src/store';
import type { AuditEntry } from '../../../src/requests/model';
import { turnStateStorageFor } from '../../../src/teams/turn-state';
import { pendingRequest } from '../../helpers/request-rows';

const request = pendingRequest;

describe('stores on Azurite', () => {
  const azurite = useTestAzurite();
  let store: Store;
  const storePrefix = uniquePrefix();

  beforeAll(async () => {
    store = await openStore(azurite.connectionString, { prefix: storePrefix });
  });

  it('creates tables idempotently and answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('requests: create, get, compare-and-set transition, lookups', async () => {
    const etag = await store.requests.create(request('r-1'));
    await expect(store.requests.create(request('r-1'))).rejects.toBeInstanceOf(StoreConflictError);
    await store.requests.create(request('r-2', { createdAt: '2025-01-02T10:00:00.000Z', appId: 'app-2' }));
    await store.requests.create(
      request('r-3', {
        createdAt: '2024-12-31T10:00:00.000Z',
        requester: { ...request('x').requester, aadObjectId: 'user-2' },
      }),
    );

    const loaded = await store.requests.get('r-1');
    expect(loaded).toEqual({ value: request('r-1'), etag });

    // Two approvers click at once: one transition wins.
    const approving = { ...request('r-1'), state: 'approving' as const };
    const denied = { ...request('r-1'), state: 'denied' as const };
    const results = await Promise.allSettled([
      store.requests.replace(approving, etag),
      store.requests.replace(denied, etag),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);

    expect((await store.requests.listByRequester('user-1')).map((r) => r.value.id)).toEqual(['r-1', 'r-2']);
    expect((await store.requests.listByRequester('user-1', ['pending'])).map((r) => r.value.id)).toEqual(['r-2']);
    expect((await store.requests.listByApp('app-1')).map((r) => r.value.id)).toEqual(['r-3', 'r-1']);
    expect((await store.requests.listByState(['pending'])).map((r) => r.value.id)).toEqual(['r-3', 'r-2']);
    expect(await store.requests.get('nope')).toBeNull();
  });

  it('requests: lastSeen is the row this process last read or wrote, a copy, and a stale one loses the compare-and-set', async () => {
    expect(store.requests.lastSeen('seen-1')).toBeNull();
    const etag = await store.requests.create(request('seen-1'));
    expect(store.requests.lastSeen('seen-1')).toEqual({ value: request('seen-1'), etag });

    const read = await store.requests.get('seen-1');
    if (!read) throw new Error('not stored');
    read.value.justification = 'changed by a caller, never written';
    expect(store.requests.lastSeen('seen-1')?.value.justification).toBeNull();

    const newEtag = await store.requests.replace({ ...request('seen-1'), state: 'denied' }, etag);
    expect(store.requests.lastSeen('seen-1')).toEqual({
      value: { ...request('seen-1'), state: 'denied' },
      etag: newEtag,
    });

    // Another replica (here: a second store on the same tables) changes the row: this process's hint is stale.
    const other = await openStore(azurite.connectionString, { prefix: storePrefix });
    const theirs = await other.requests.get('seen-1');
    if (!theirs) throw new Error('not stored');
    await other.requests.replace({ ...theirs.value, justification: 'theirs' }, theirs.etag);
    const stale = store.requests.lastSeen('seen-1');
    if (!stale) throw new Error('no hint');
    await expect(store.requests.replace({ ...stale.value, justification: 'mine' }, stale.etag)).rejects.toBeInstanceOf(
      StoreConflictError,
    );
    expect((await store.requests.get('seen-1'))?.value.justification).toBe('theirs');
  });

  it('audit: append-only, chronological per request', async () => {
    const entry = (at: string, action: string): AuditEntry => ({
      requestId: 'r-9',
      at,
      action,
      detail: `${action} detail`,
      graphRequestId: null,
      result: 'ok',
      actor: { aadObjectId: 'admin-1', displayName: 'Megan' },
    });
    await store.audit.append(entry('2025-01-01T10:00:02.000Z', 'approved'));
    await store.audit.append(entry('2025-01-01T10:00:01.000Z', 'approving'));
    await store.audit.append(entry('2025-01-01T10:00:01.000Z', 'approving')); // same instant: both kept
    expect((await store.audit.list('r-9')).map((e) => e.action)).toEqual(['approving', 'approving', 'approved']);
    expect(await store.audit.list('other')).toEqual([]);
  });

  it('conversations: save, overwrite, get, delete by free-form key', async () => {
    const ref = {
      conversation: { id: '19:abc@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' },
      serviceUrl: 'https://smba.example/',
    };
    await store.conversations.save('channel:19:abc@thread.tacv2', ref);
    await store.conversations.save('channel:19:abc@thread.tacv2', { ...ref, serviceUrl: 'https://smba2.example/' });
    expect((await store.conversations.get('channel:19:abc@thread.tacv2'))?.serviceUrl).toBe('https://smba2.example/');
    await store.conversations.delete('channel:19:abc@thread.tacv2');
    expect(await store.conversations.get('channel:19:abc@thread.tacv2')).toBeNull();
  });

  it('conversations: saveIfChanged writes a reference once per value in this process', async () => {
    const prefix = uniquePrefix();
    const mine = await openStore(azurite.connectionString, { prefix });
    const other = await openStore(azurite.connectionString, { prefix });
    const ref = {
      conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' },
      serviceUrl: 'https://smba.example/',
    };
    await mine.conversations.saveIfChanged('user:1', ref);
    expect(await other.conversations.get('user:1')).toEqual(ref);
    // Removed behind this process's back: the same value is not written again...
    await other.conversations.delete('user:1');
    await mine.conversations.saveIfChanged('user:1', { ...ref });
    expect(await other.conversations.get('user:1')).toBeNull();
    // ...a changed one is.
    await mine.conversations.saveIfChanged('user:1', { ...ref, serviceUrl: 'https://smba2.example/' });
    expect((await other.conversations.get('user:1'))?.serviceUrl).toBe('https://smba2.example/');
  });

  it('turn state: blob storage round trip', async () => {
    const turnState = turnStateStorageFor(azurite.connectionString, uniquePrefix());
    await turnState.write({ 'msteams/conversations/a': { topic: 'x' } });
    const read = await turnState.read(['msteams/conversations/a']);
    expect(read['msteams/conversations/a']).toMatchObject({ topic: 'x' });
  });
});
