/**
 * The simulator's HTTP abstractions: a fully-read request and a response value. Keeping handlers
 * free of node:http objects lets JSON batching dispatch parts through the same code.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface SimRequest {
  method: string;
  url: URL;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** Objects are sent as JSON; strings as text. */
  body?: unknown;
  /** Close the connection without answering (a dropped connection; see FixtureFaults.connectionDrop). */
  dropConnection?: boolean;
}

export function flattenHeaders(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body };
}

export function parseJsonBody(req: SimRequest): unknown {
  if (req.body.length === 0) return undefined;
  return JSON.parse(req.body.toString('utf8')) as unknown;
}

export function serializeBody(res: SimResponse): Buffer {
  if (res.body === undefined || res.body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(res.body)) return res.body;
  if (typeof res.body === 'string') return Buffer.from(res.body, 'utf8');
  return Buffer.from(JSON.stringify(res.body), 'utf8');
}
