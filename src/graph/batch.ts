/**
 * JSON batching ($batch, at most 20 requests per batch). Independent reads travel together so a
 * diagnosis costs a couple of round trips, not one per fact. Graph's RetryHandler retries only the
 * outer POST: a throttled *part* (429/503/504 inside a 200 batch) is re-sent here, honouring its
 * Retry-After, a bounded number of times.
 */
import { BatchRequestContent, ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { GraphError, type GraphFailure, failureFromBody, isRecord, toGraphError } from './errors';

export const MAX_BATCH_PARTS = 20;
const RETRYABLE = new Set([429, 503, 504]);
const DEFAULT_MAX_ATTEMPTS = 4;
/** Never wait longer than this for one retry, whatever Retry-After says: a chat user is waiting. */
const MAX_RETRY_WAIT_MS = 10_000;
/** BatchRequestContent needs absolute URLs and keeps only the path: the host is irrelevant. */
const PLACEHOLDER_ORIGIN = 'https://batch.invalid';

export interface BatchPart {
  id: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path relative to the Graph version root, starting with "/" (e.g. "/users/abc"). */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PartResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface BatchTransport {
  client: Client;
  /** Called once per sequential wave of HTTP calls (the parallel $batch POSTs of one round). */
  onRoundTrip?: (httpRequests: number, parts: number) => void;
}

export interface BatchOptions {
  maxAttempts?: number;
  /**
   * Send every part as its own request, one after the other: the naive baseline the benchmark
   * compares batching against (bench/diagnosis.ts). Never used in production.
   */
  unbatched?: boolean;
  /** Injected for tests of the retry logic; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends the parts in as few sequential round trips as possible: chunks of 20 are POSTed in
 * parallel; throttled parts are retried together after the longest Retry-After among them.
 */
export async function sendBatch(
  conn: BatchTransport,
  parts: readonly BatchPart[],
  options: BatchOptions = {},
): Promise<Map<string, PartResponse>> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const sleep = options.sleep ?? realSleep;
  if (options.unbatched) return sendOneByOne(conn, parts);
  const results = new Map<string, PartResponse>();
  let pending = [...parts];
  for (let attempt = 1; pending.length > 0; attempt++) {
    const chunks: BatchPart[][] = [];
    for (let i = 0; i < pending.length; i += MAX_BATCH_PARTS) chunks.push(pending.slice(i, i + MAX_BATCH_PARTS));
    const answered = await Promise.all(chunks.map((chunk) => postChunkResendingReads(conn.client, chunk)));
    conn.onRoundTrip?.(chunks.length, pending.length);
    const retry: BatchPart[] = [];
    let waitMs = 0;
    for (const response of answered.flat()) {
      results.set(response.id, response);
      if (RETRYABLE.has(response.status) && attempt < maxAttempts) {
        const part = pending.find((p) => p.id === response.id);
        if (part) retry.push(part);
        waitMs = Math.max(waitMs, retryAfterMs(response.headers, attempt));
      }
    }
    pending = retry;
    if (pending.length > 0) await sleep(Math.min(waitMs, MAX_RETRY_WAIT_MS));
  }
  return results;
}

async function sendOneByOne(conn: BatchTransport, parts: readonly BatchPart[]): Promise<Map<string, PartResponse>> {
  const results = new Map<string, PartResponse>();
  for (const part of parts) {
    let request = conn.client.api(part.url).responseType(ResponseType.RAW);
    for (const [name, value] of Object.entries(part.headers ?? {})) request = request.header(name, value);
    let response: Response;
    try {
      response = await request.get();
    } catch (err) {
      throw toGraphError(failureFromThrown(err));
    }
    const text = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    results.set(part.id, { id: part.id, status: response.status, headers, body: parseJson(text) });
    conn.onRoundTrip?.(1, 1);
  }
  return results;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A connection can drop before any answer: Node's agent reuses keep-alive sockets the server may
 * be closing just then, and networks drop. A batch of reads is safe to send again, once; a batch
 * with a write is not (it may have been applied), so its failure is reported as it is.
 */
async function postChunkResendingReads(client: Client, chunk: readonly BatchPart[]): Promise<PartResponse[]> {
  try {
    return await postChunk(client, chunk);
  } catch (err) {
    const onlyReads = chunk.every((part) => (part.method ?? 'GET') === 'GET');
    if (!onlyReads || !(err instanceof GraphError) || err.status !== 0) throw err;
    return postChunk(client, chunk);
  }
}

async function postChunk(client: Client, chunk: readonly BatchPart[]): Promise<PartResponse[]> {
  const content = new BatchRequestContent(chunk.map((part) => ({ id: part.id, request: toRequest(part) })));
  let body: unknown;
  try {
    body = await client.api('/$batch').post(await content.getContent());
  } catch (err) {
    throw toGraphError(failureFromThrown(err));
  }
  const responses = isRecord(body) && Array.isArray(body.responses) ? body.responses : [];
  const byId = new Map<string, PartResponse>();
  for (const raw of responses) {
    if (!isRecord(raw) || typeof raw.id !== 'string') continue;
    byId.set(raw.id, {
      id: raw.id,
      status: typeof raw.status === 'number' ? raw.status : 0,
      headers: stringRecord(raw.headers),
      body: raw.body ?? null,
    });
  }
  // A part Graph did not answer is treated as unavailable rather than silently missing.
  return chunk.map(
    (part) =>
      byId.get(part.id) ?? {
        id: part.id,
        status: 503,
        headers: {},
        body: { error: { code: 'BatchPartMissing', message: 'No response for this batch part.' } },
      },
  );
}

function toRequest(part: BatchPart): Request {
  if (!part.url.startsWith('/') || part.url.includes('//')) {
    // BatchRequestContent strips "scheme://host/" with a regex that a second "//" would confuse.
    throw new Error(`batch part ${part.id}: url must be a single relative path, got ${part.url}`);
  }
  const headers = new Headers(part.headers ?? {});
  const method = part.method ?? 'GET';
  let body: string | undefined;
  if (part.body !== undefined) {
    body = JSON.stringify(part.body);
    headers.set('Content-Type', 'application/json');
  }
  return new Request(`${PLACEHOLDER_ORIGIN}${part.url}`, { method, headers, body });
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value))
    if (typeof v === 'string' || typeof v === 'number') out[k.toLowerCase()] = String(v);
  return out;
}

/** Retry-After may be fractional seconds or an HTTP date; without it back off exponentially. */
export function retryAfterMs(headers: Record<string, string>, attempt: number): number {
  const raw = headers['retry-after'];
  if (raw !== undefined) {
    const seconds = Number(raw);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(raw);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return 2 ** (attempt - 1) * 500;
}

/** graph-client throws GraphError (statusCode, code, requestId) or plain errors for network failures. */
export function failureFromThrown(err: unknown): GraphFailure {
  if (isRecord(err) && typeof err.statusCode === 'number') {
    const status = err.statusCode === -1 ? 0 : err.statusCode;
    return {
      status,
      code: typeof err.code === 'string' && err.code ? err.code : `HTTP_${status}`,
      message: err instanceof Error ? err.message : String(err.message ?? 'Graph request failed'),
      requestId: typeof err.requestId === 'string' ? err.requestId : null,
    };
  }
  return { status: 0, code: 'network', message: err instanceof Error ? err.message : String(err), requestId: null };
}

/** The failure described by a part's response (status >= 400). */
export function partFailure(response: PartResponse): GraphFailure {
  return failureFromBody(response.status, response.body, response.headers['request-id'] ?? null);
}
