/**
 * How one process writes a contended row without more round trips than it must, shared by the
 * limit counters and the requests table:
 * - GroupCommit: writers that arrive while a write to the same row is in flight wait for it, then
 *   go together in the next write, instead of each reading, writing and losing the compare-and-set
 *   to the others.
 * - LastSeenRows: the row (value and ETag) this process last read or wrote, tried as the next
 *   compare-and-set's starting point instead of reading first. It is only a hint: when another
 *   replica wrote since, the write loses (412) like any stale read and the caller reads again.
 * Neither does any I/O; the stores supply the write and keep the hints true.
 */
import type { Versioned } from './repository';

interface Waiter<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<Item, Result> {
  /** Per row: the writers waiting for the write in flight to finish. */
  private readonly waiting = new Map<string, Array<Waiter<Item, Result>>>();
  private readonly writing = new Set<string>();

  /**
   * `commit` writes every item of one batch to the row `key` in one go and returns each item's
   * result, in the items' order; when it throws, every writer of the batch gets the error.
   */
  /**
   * `gatherMs`: how long the first writer waits for others before a write starts when none is in
   * flight (0: at once). Worth it only where a burst's writes are off the answer's path.
   */
  constructor(
    private readonly commit: (key: string, items: Item[]) => Promise<Result[]>,
    private readonly gatherMs = 0,
  ) {}

  /** Writes `item` to row `key`, with whatever else arrived for that row meanwhile. */
  add(key: string, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const waiting = this.waiting.get(key);
      if (waiting) waiting.push({ item, resolve, reject });
      else this.waiting.set(key, [{ item, resolve, reject }]);
      if (this.writing.has(key)) return;
      this.writing.add(key);
      if (this.gatherMs > 0) setTimeout(() => void this.commitWaiting(key), this.gatherMs);
      else void this.commitWaiting(key);
    });
  }

  private async commitWaiting(key: string): Promise<void> {
    try {
      for (let batch = this.take(key); batch.length > 0; batch = this.take(key)) {
        try {
          const results = await this.commit(
            key,
            batch.map((w) => w.item),
          );
          if (results.length !== batch.length)
            throw new RangeError(`a commit of ${batch.length} writes returned ${results.length} results`);
          batch.forEach((w, i) => w.resolve(results[i]));
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.writing.delete(key);
    }
  }

  private take(key: string): Array<Waiter<Item, Result>> {
    const batch = this.waiting.get(key) ?? [];
    this.waiting.delete(key);
    return batch;
  }
}

export class LastSeenRows<V> {
  private readonly rows = new Map<string, Versioned<V>>();

  /** `max`: rows remembered; past it they are forgotten wholesale (the hints of recent work come back on their own). */
  constructor(private readonly max: number) {}

  get(key: string): Versioned<V> | null {
    return this.rows.get(key) ?? null;
  }

  /** Remembers `row` as given: callers that hand out the value too remember a copy. */
  remember(key: string, row: Versioned<V>): void {
    if (this.rows.size >= this.max && !this.rows.has(key)) this.rows.clear();
    this.rows.set(key, row);
  }

  /** After a lost compare-and-set: the hint is stale, the next write reads first. */
  forget(key: string): void {
    this.rows.delete(key);
  }
}
