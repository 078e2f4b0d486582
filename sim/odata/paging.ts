/**
 * Server-driven paging: `@odata.nextLink` is an absolute https URL that repeats the original query
 * (filter, select, count, top, ...) and adds an opaque `$skiptoken`.
 */
import { createHash } from 'node:crypto';
import { badRequest } from '../errors';

interface TokenBody {
  /** offset of the next page */
  o: number;
  /** fingerprint of the query the token belongs to */
  q: string;
}

export function queryFingerprint(passThrough: Array<[string, string]>): string {
  const canonical = passThrough
    .filter(([k]) => k.toLowerCase() !== '$top')
    .map(([k, v]) => `${k.toLowerCase()}=${v}`)
    .sort()
    .join('&');
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

export function encodeSkipToken(offset: number, fingerprint: string): string {
  const body: TokenBody = { o: offset, q: fingerprint };
  // Graph's tokens start with "RFNwdAIAAQAAA..." — ours are just as opaque.
  return `X${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
}

export function decodeSkipToken(token: string, fingerprint: string): number {
  try {
    if (!token.startsWith('X')) throw new Error('bad prefix');
    const body = JSON.parse(Buffer.from(token.slice(1), 'base64url').toString('utf8')) as TokenBody;
    if (!Number.isInteger(body.o) || body.o < 0) throw new Error('bad offset');
    if (body.q !== fingerprint) throw new Error('query changed');
    return body.o;
  } catch {
    throw badRequest('The specified page token value has expired or is invalid.');
  }
}

/** Percent-encodes a query value but keeps the characters Graph's own links keep readable. */
function encodeValue(v: string): string {
  return encodeURIComponent(v).replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%3A/gi, ':').replace(/%2F/gi, '/');
}

export function buildNextLink(base: string, passThrough: Array<[string, string]>, skipToken: string): string {
  const parts = passThrough.map(([k, v]) => `${k}=${encodeValue(v)}`);
  parts.push(`$skiptoken=${encodeValue(skipToken)}`);
  return `${base}?${parts.join('&')}`;
}
