/**
 * Reads in rounds: each round is one batched wave of requests. Collections are followed through
 * every `@odata.nextLink`; a next page joins the *next* round (alongside reads that were waiting
 * for this round's answers), so paging costs an extra round trip only when nothing else is pending.
 */
import { type BatchOptions, type BatchPart, type BatchTransport, partFailure, sendBatch } from './batch';
import { type GraphFailure, isRecord } from './errors';

export interface ReadPart extends BatchPart {
  /** True for collections: `value` arrays are merged across pages. */
  collection?: boolean;
  /** Headers repeated on every page (ConsistencyLevel must be resent, docs/entra-semantics.md#graph-mechanics). */
  headers?: Record<string, string>;
  /** Stop paging after this many items (e.g. sign-ins: the newest 20 are enough). */
  maxItems?: number;
}

export type ReadResult =
  { ok: true; status: number; body: unknown; items: unknown[] } | { ok: false; status: number; failure: GraphFailure };

export class BatchReader {
  readonly results = new Map<string, ReadResult>();
  private nextPages: ReadPart[] = [];
  private pageCount = 0;
  private sent = 0;

  constructor(
    private readonly conn: BatchTransport,
    /** The Graph root including the version ("https://graph.microsoft.com/v1.0"), to make nextLinks relative. */
    private readonly versionRoot: string,
    private readonly options: BatchOptions = {},
  ) {}

  /** One round: the given parts plus any next pages still owed from earlier rounds. */
  async round(parts: readonly ReadPart[]): Promise<void> {
    const wave = [...parts, ...this.nextPages];
    this.nextPages = [];
    if (wave.length === 0) return;
    this.sent++;
    const responses = await sendBatch(this.conn, wave, this.options);
    for (const part of wave) {
      const response = responses.get(part.id);
      if (response) this.absorb(part, response.status, response);
    }
  }

  /** Rounds until every collection is complete. */
  async drain(): Promise<void> {
    while (this.nextPages.length > 0) await this.round([]);
  }

  /** Rounds that went to Graph so far (a round with nothing to read sends nothing). */
  get roundsSent(): number {
    return this.sent;
  }

  get hasPendingPages(): boolean {
    return this.nextPages.length > 0;
  }

  private absorb(part: ReadPart, status: number, response: Parameters<typeof partFailure>[0]): void {
    const key = baseId(part.id);
    if (status >= 400) {
      // A failed later page loses the whole collection: a partial list would mislead the rules.
      this.results.set(key, { ok: false, status, failure: partFailure(response) });
      return;
    }
    const body = response.body;
    const previous = this.results.get(key);
    const earlier = previous && previous.ok ? previous.items : [];
    const items =
      part.collection && isRecord(body) && Array.isArray(body.value) ? [...earlier, ...body.value] : earlier;
    this.results.set(key, { ok: true, status, body, items });
    const next = isRecord(body) ? body['@odata.nextLink'] : undefined;
    const full = part.maxItems !== undefined && items.length >= part.maxItems;
    if (part.collection && typeof next === 'string' && !full) {
      this.pageCount++;
      this.nextPages.push({ ...part, id: `${key}~p${this.pageCount}`, url: this.relative(next) });
    }
  }

  /** nextLinks are absolute; batch parts must be relative to the version root. */
  private relative(link: string): string {
    const root = this.versionRoot.replace(/\/+$/, '');
    if (link.startsWith(root)) return link.slice(root.length) || '/';
    const url = new URL(link);
    // Different host spelling (e.g. 127.0.0.1 vs localhost): drop the leading version segment.
    return url.pathname.replace(/^\/(?:v1\.0|beta)(?=\/)/, '') + url.search;
  }
}

function baseId(id: string): string {
  const at = id.indexOf('~p');
  return at === -1 ? id : id.slice(0, at);
}
