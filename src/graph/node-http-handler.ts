/**
 * The last link of the Graph client's middleware chain: sends the request over node:https (node:http
 * for a plain-http base URL) with keep-alive agents, instead of the global fetch the client's own
 * HTTPMessageHandler uses. The Graph client documents replacing that handler in a custom chain
 * (msgraph-sdk-javascript, docs/CustomMiddlewareChain.md); the request and the Response it leaves on
 * the context are what fetch would give the middleware above it, so the RetryHandler, the error
 * handling and every caller see the same thing.
 *
 * Why: fetch goes through web streams and undici's own bookkeeping, which cost the bot about twice
 * the CPU per request of node:https (bench: the reply run's profile); the bot makes a Graph round
 * trip or two for every message. node:https also resumes TLS sessions when a burst opens new
 * connections. This file only moves bytes.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import zlib from 'node:zlib';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** fetch's own limit on redirects it follows (fetch.spec.whatwg.org, "HTTP-redirect fetch"). */
const MAX_REDIRECTS = 20;
/** Like undici's headers and body timeouts: a socket silent this long fails the request. */
const IDLE_TIMEOUT_MS = 300_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose Response may carry no body (fetch.spec.whatwg.org, "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export interface HttpAgents {
  http: http.Agent;
  https: https.Agent;
}

/**
 * One TLS context (the default roots, plus NODE_EXTRA_CA_CERTS) for every connection: without it
 * each new socket builds its own, which showed in the profile when a burst opened connections.
 */
export function keepAliveAgents(): HttpAgents {
  return {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true, secureContext: tls.createSecureContext() }),
  };
}

/** One pair per process, as fetch shares one dispatcher: the bot's and each approver's connection reuse its sockets. */
let shared: HttpAgents | null = null;
function sharedAgents(): HttpAgents {
  return (shared ??= keepAliveAgents());
}

interface Outgoing {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
  signal: AbortSignal | null;
}

/** A network failure, shaped like fetch's: a TypeError whose cause is the socket's error. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) {
    headers.forEach((value, name) => (out[name] = value));
    return out;
  }
  const entries = Array.isArray(headers)
    ? (headers as Array<[string, string]>)
    : Object.entries(headers as Record<string, unknown>);
  for (const [name, value] of entries)
    if (value !== undefined && value !== null) out[name.toLowerCase()] = String(value);
  return out;
}

function bodyBuffer(body: unknown): Buffer | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return undefined; // a stream, a Blob or form data: left to fetch
}

async function outgoingOf(context: Context): Promise<Outgoing | null> {
  const options = (context.options ?? {}) as RequestInit;
  const request = context.request;
  const fromRequest = typeof request === 'string' ? null : request;
  const body =
    options.body !== undefined
      ? bodyBuffer(options.body)
      : fromRequest?.body
        ? Buffer.from(await fromRequest.clone().arrayBuffer())
        : null;
  if (body === undefined) return null;
  return {
    url: new URL(typeof request === 'string' ? request : request.url),
    method: (options.method ?? fromRequest?.method ?? 'GET').toUpperCase(),
    headers: { ...headerRecord(fromRequest?.headers), ...headerRecord(options.headers) },
    body,
    signal: options.signal ?? fromRequest?.signal ?? null,
  };
}

function decoded(res: http.IncomingMessage): NodeJS.ReadableStream {
  switch ((res.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      return res.pipe(zlib.createInflate());
    case 'br':
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

function responseHeaders(res: http.IncomingMessage): Headers {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  // The body below is already decoded: its length and encoding are no longer the wire's.
  if (headers.has('content-encoding')) {
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  return headers;
}

/** One HTTP exchange, the body read whole. */
function exchange(out: Outgoing, agents: HttpAgents): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (out.signal?.aborted) return reject(out.signal.reason);
    const secure = out.url.protocol === 'https:';
    const headers = { ...out.headers };
    if (out.body) headers['content-length'] = String(out.body.length);
    const req = (secure ? https : http).request(out.url, {
      method: out.method,
      headers,
      agent: secure ? agents.https : agents.http,
    });
    const onAbort = () => req.destroy(out.signal?.reason);
    out.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => out.signal?.removeEventListener('abort', onAbort);
    req.setTimeout(IDLE_TIMEOUT_MS, () =>
      req.destroy(new Error(`no answer from ${out.url.host} in ${IDLE_TIMEOUT_MS} ms`)),
    );
    // A dropped connection fails the request, as with fetch: nothing is sent twice here (the
    // RetryHandler above retries what Graph asks it to, and src/graph/batch.ts sends a batch of reads
    // once more). Node closes an idle keep-alive socket a second before the server's Keep-Alive
    // timeout hint, so a reused socket is rarely one just closed.
    const fail = (err: unknown) => {
      done();
      reject(out.signal?.aborted ? out.signal.reason : fetchFailed(err));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      const body = decoded(res);
      // The connection can also close half-way through the body (piping forwards no errors).
      res.on('error', fail);
      res.on('aborted', () => fail(new Error('the connection closed before the whole answer arrived')));
      if (body !== res) body.on('error', fail);
      body.on('data', (chunk: Buffer) => chunks.push(chunk));
      body.on('end', () => {
        done();
        const status = res.statusCode ?? 0;
        try {
          resolve(
            new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
              status,
              statusText: res.statusMessage ?? '',
              headers: responseHeaders(res),
            }),
          );
        } catch (err) {
          reject(fetchFailed(err));
        }
      });
    });
    req.end(out.body ?? undefined);
  });
}

/** Follows redirects as fetch does: a 303 (or a POST moved by 301/302) becomes a GET, and credentials stay on their origin. */
async function send(out: Outgoing, agents: HttpAgents): Promise<Response> {
  let current = out;
  for (let hop = 0; ; hop++) {
    const response = await exchange(current, agents);
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null) return response;
    if (hop >= MAX_REDIRECTS) throw fetchFailed(new Error('redirect count exceeded'));
    const url = new URL(location, current.url);
    const toGet =
      response.status === 303 || ((response.status === 301 || response.status === 302) && current.method === 'POST');
    const headers = { ...current.headers };
    if (url.origin !== current.url.origin) delete headers.authorization;
    if (toGet) {
      delete headers['content-type'];
      delete headers['content-length'];
    }
    current = { ...current, url, headers, method: toGet ? 'GET' : current.method, body: toGet ? null : current.body };
  }
}

export class NodeHttpMessageHandler implements Middleware {
  constructor(private readonly agents: HttpAgents = sharedAgents()) {}

  async execute(context: Context): Promise<void> {
    const out = await outgoingOf(context);
    // A body node:https cannot send as it is (a stream): fetch sends it.
    context.response = out
      ? await send(out, this.agents)
      : await fetch(context.request, context.options as RequestInit | undefined);
  }
}
