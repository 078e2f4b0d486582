/**
 * The repository against a real Azurite: ETag compare-and-set, conflicts, large values, filters.
 */
import { createServer, type AddressInfo } from 'node:net';
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';
import { TableRepository, encodeKey } from '../../../src/store/repository';
import { ensureTable, tableClient } from '../../../src/store/tables';
import { StoreConflictError, StoreError } from '../../../src/store/errors';

interface Doc {
  name: string;
  count: number;
  tag?: string;
  blob?: string;
}

describe('TableRepository on Azurite', () => {
  const azurite = useTestAzurite();
  let repo: TableRepository<Doc>;

  beforeAll(async () => {
    const client = await ensureTable(tableClient(azurite.connectionString, `${uniquePrefix()}docs`));
    repo = new TableRepository<Doc>(client, { index: (d) => ({ tag: d.tag ?? null, count: d.count }) });
  });

  it('inserts, reads back with an ETag, and refuses a second insert of the same row', async () => {
    const etag = await repo.insert('p', 'one', { name: 'one', count: 1 });
    expect(await repo.get('p', 'one')).toEqual({ value: { name: 'one', count: 1 }, etag });
    await expect(repo.insert('p', 'one', { name: 'again', count: 2 })).rejects.toMatchObject({
      code: 'conflict',
      reason: 'exists',
    });
    expect(await repo.get('p', 'missing')).toBeNull();
  });

  it('replace succeeds with the current ETag and returns a new one; a stale ETag conflicts', async () => {
    const first = await repo.insert('p', 'cas', { name: 'cas', count: 0 });
    const second = await repo.replace('p', 'cas', { name: 'cas', count: 1 }, first);
    expect(second).not.toBe(first);
    const stale = repo.replace('p', 'cas', { name: 'cas', count: 99 }, first);
    await expect(stale).rejects.toBeInstanceOf(StoreConflictError);
    await expect(stale).rejects.toMatchObject({ reason: 'etag_mismatch' });
    expect((await repo.get('p', 'cas'))?.value.count).toBe(1);
  });

  it('two concurrent writers on one row: exactly one wins, the other gets a conflict', async () => {
    const etag = await repo.insert('p', 'race', { name: 'race', count: 0 });
    const results = await Promise.allSettled([
      repo.replace('p', 'race', { name: 'race', count: 1 }, etag),
      repo.replace('p', 'race', { name: 'race', count: 2 }, etag),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(StoreConflictError);
    const winner = results.findIndex((r) => r.status === 'fulfilled') + 1;
    expect((await repo.get('p', 'race'))?.value.count).toBe(winner);
  });

  it('two concurrent inserts of one row: exactly one wins', async () => {
    const results = await Promise.allSettled([
      repo.insert('p', 'double', { name: 'a', count: 1 }),
      repo.insert('p', 'double', { name: 'b', count: 2 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toMatchObject({ code: 'conflict', reason: 'exists' });
  });

  it('replace of a row deleted since it was read is a conflict, not "not found"', async () => {
    const etag = await repo.insert('p', 'gone', { name: 'gone', count: 0 });
    await repo.delete('p', 'gone');
    await expect(repo.replace('p', 'gone', { name: 'gone', count: 1 }, etag)).rejects.toMatchObject({
      reason: 'etag_mismatch',
    });
  });

  it('stores values larger than one 64 KiB property by splitting them, non-ASCII intact', async () => {
    const blob = 'é'.repeat(100_000) + 'x'.repeat(50_000);
    await repo.insert('p', 'big', { name: 'big', count: 0, blob });
    const stored = (await repo.get('p', 'big'))?.value.blob ?? '';
    // Compared as booleans: a failure must not print 150,000 characters.
    expect(stored.length).toBe(blob.length);
    expect(stored === blob).toBe(true);
  });

  it('refuses values over the entity limit with a typed error', async () => {
    await expect(
      repo.insert('p', 'huge', { name: 'huge', count: 0, blob: 'x'.repeat(1_000_000) }),
    ).rejects.toMatchObject({ code: 'too_large' });
  });

  it('lists a partition filtered on index columns, with OData values escaped', async () => {
    await repo.insert('list', 'a', { name: 'a', count: 1, tag: "o'brien" });
    await repo.insert('list', 'b', { name: 'b', count: 2, tag: 'plain' });
    await repo.insert('list', 'c', { name: 'c', count: 3, tag: 'plain' });
    expect((await repo.list('list')).map((r) => r.rowKey)).toEqual(['a', 'b', 'c']);
    expect((await repo.list('list', { where: { tag: "o'brien" } })).map((r) => r.value.name)).toEqual(['a']);
    expect((await repo.list('list', { where: { tag: ['plain'], count: 3 } })).map((r) => r.value.name)).toEqual(['c']);
    expect(await repo.list('list', { where: { tag: [] } })).toEqual([]);
    expect(await repo.list('list', { limit: 2 })).toHaveLength(2);
  });

  it('rejects keys Azure forbids unless encoded', async () => {
    await expect(repo.insert('p', 'a/b', { name: 'x', count: 0 })).rejects.toBeInstanceOf(StoreError);
    const key = encodeKey('user#1/a?b\\c%');
    await repo.insert('p', key, { name: 'encoded', count: 0 });
    expect((await repo.get('p', key))?.value.name).toBe('encoded');
  });

  it('reports an unreachable store as unavailable', async () => {
    // A port this test holds and that drops every connection: a stopped emulator's port could be
    // taken by another test's emulator meanwhile, and then the store would answer.
    const dropAll = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropAll.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = dropAll.address() as AddressInfo;
      const unreachable = azurite.connectionString.replace(
        /TableEndpoint=http:\/\/[^:/]+:\d+/,
        `TableEndpoint=http://127.0.0.1:${port}`,
      );
      expect(unreachable).toContain(`:${port}/`);
      const dead = new TableRepository<Doc>(tableClient(unreachable, 'unreachable'));
      await expect(dead.get('p', 'x')).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      await new Promise<void>((resolve) => dropAll.close(() => resolve()));
    }
  });
});
