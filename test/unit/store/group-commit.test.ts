/**
 * The group commit and the last-seen rows (src/store/group-commit.ts) with plain data: the commit
 * is a function that records its batches and finishes when the test says so.
 */
import { GroupCommit, LastSeenRows } from '../../../src/store/group-commit';

/** A commit whose writes stay in flight until `finish` (or `fail`) is called for them, oldest first. */
function heldCommit() {
  const batches: Array<{ key: string; items: string[] }> = [];
  const pending: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  const commit = new GroupCommit<string, string>(async (key, items) => {
    batches.push({ key, items });
    await new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    return items.map((item, i) => `${key}:${item}#${i + 1}of${items.length}`);
  });
  /** Lets the microtasks run that start the next batch. */
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return {
    commit,
    batches,
    finish: async () => {
      pending.shift()?.resolve();
      await settle();
    },
    fail: async (err: unknown) => {
      pending.shift()?.reject(err);
      await settle();
    },
    settle,
  };
}

describe('GroupCommit', () => {
  it('writes the first writer alone, then everyone who arrived meanwhile together in one write', async () => {
    const held = heldCommit();
    const first = held.commit.add('row', 'a');
    await held.settle();
    const later = ['b', 'c', 'd'].map((item) => held.commit.add('row', item));
    await held.settle();
    expect(held.batches).toEqual([{ key: 'row', items: ['a'] }]);

    await held.finish();
    expect(held.batches).toEqual([
      { key: 'row', items: ['a'] },
      { key: 'row', items: ['b', 'c', 'd'] },
    ]);
    await held.finish();
    expect(await first).toBe('row:a#1of1');
    expect(await Promise.all(later)).toEqual(['row:b#1of3', 'row:c#2of3', 'row:d#3of3']);
  });

  it('with a gather delay, the first writer waits for the others and they go in one write', async () => {
    jest.useFakeTimers();
    try {
      const batches: string[][] = [];
      const commit = new GroupCommit<string, number>(async (_key, items) => {
        batches.push(items);
        return items.map((_, i) => i);
      }, 10);
      const all = Promise.all(['a', 'b', 'c'].map((item) => commit.add('row', item)));
      await jest.advanceTimersByTimeAsync(9);
      expect(batches).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(await all).toEqual([0, 1, 2]);
      expect(batches).toEqual([['a', 'b', 'c']]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('writes different rows independently, at the same time', async () => {
    const held = heldCommit();
    const one = held.commit.add('one', 'a');
    const two = held.commit.add('two', 'b');
    await held.settle();
    expect(held.batches.map((b) => b.key)).toEqual(['one', 'two']);
    await held.finish();
    await held.finish();
    expect(await Promise.all([one, two])).toEqual(['one:a#1of1', 'two:b#1of1']);
  });

  it('fails every writer of a failed write, and goes on with the next batch', async () => {
    const held = heldCommit();
    const first = held.commit.add('row', 'a');
    await held.settle();
    const failing = [held.commit.add('row', 'b'), held.commit.add('row', 'c')];
    await held.finish();
    const afterwards = held.commit.add('row', 'd');
    const refused = Promise.all(failing.map((w) => expect(w).rejects.toThrow('storage is down')));
    await held.fail(new Error('storage is down'));
    await refused;
    await held.finish();
    expect(await first).toBe('row:a#1of1');
    expect(await afterwards).toBe('row:d#1of1');
  });

  it('starts a new write once the row is idle again', async () => {
    const held = heldCommit();
    const first = held.commit.add('row', 'a');
    await held.settle();
    await held.finish();
    expect(await first).toBe('row:a#1of1');
    const second = held.commit.add('row', 'b');
    await held.settle();
    await held.finish();
    expect(await second).toBe('row:b#1of1');
    expect(held.batches).toHaveLength(2);
  });

  it('refuses a commit that does not answer every writer', async () => {
    const commit = new GroupCommit<string, number>(async () => []);
    await expect(commit.add('row', 'a')).rejects.toThrow(RangeError);
  });
});

describe('LastSeenRows', () => {
  it('answers the row last remembered, nothing once forgotten', () => {
    const rows = new LastSeenRows<{ count: number }>(10);
    expect(rows.get('a')).toBeNull();
    rows.remember('a', { value: { count: 1 }, etag: 'W/"1"' });
    rows.remember('a', { value: { count: 2 }, etag: 'W/"2"' });
    expect(rows.get('a')).toEqual({ value: { count: 2 }, etag: 'W/"2"' });
    rows.forget('a');
    expect(rows.get('a')).toBeNull();
  });

  it('forgets everything when a new row would pass the limit, but not when a known one is rewritten', () => {
    const rows = new LastSeenRows<number>(2);
    rows.remember('a', { value: 1, etag: '1' });
    rows.remember('b', { value: 1, etag: '1' });
    rows.remember('b', { value: 2, etag: '2' });
    expect(rows.get('a')).not.toBeNull();
    rows.remember('c', { value: 1, etag: '1' });
    expect(rows.get('a')).toBeNull();
    expect(rows.get('b')).toBeNull();
    expect(rows.get('c')).toEqual({ value: 1, etag: '1' });
  });
});
