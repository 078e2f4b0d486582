/**
 * Pull the useful parameters out of a pasted Entra authorize / adminconsent URL. Any host is
 * accepted (national clouds, the local simulator); links wrapped by Safe Links are unwrapped once.
 */
import type { ParsedMessage } from './types';
import { isGuid } from '../guid';

export type ConsentUrl = NonNullable<ParsedMessage['consentUrl']>;

const MAX_URLS = 20;
const MAX_URL_LENGTH = 8192;
const CONSENT_PATH = /\/(?:oauth2\/(?:v2\.0\/)?authorize|(?:v2\.0\/)?adminconsent)\/?$/i;

/** Every http(s) URL in the text, capped in count and length. */
export function findUrls(text: string): string[] {
  const urls: string[] = [];
  const pattern = /https?:\/\/[^\s"'<>\]`]+/gi;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null && urls.length < MAX_URLS) {
    urls.push(match[0].slice(0, MAX_URL_LENGTH).replace(/[).,;]+$/, ''));
  }
  return urls;
}

function safeParse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Parses one URL; null when it is not a consent URL. */
export function parseConsentUrl(raw: string, depth = 0): ConsentUrl | null {
  const url = safeParse(raw);
  if (!url) return parseBrokenConsentUrl(raw);
  if (!CONSENT_PATH.test(url.pathname)) {
    // Safe Links and similar wrappers carry the real link in a query parameter.
    const wrapped = url.searchParams.get('url') ?? url.searchParams.get('u');
    return wrapped && depth === 0 ? parseConsentUrl(wrapped, 1) : null;
  }
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  const tenant = segments.length > 0 && !/^(?:oauth2|adminconsent|v2\.0)$/i.test(segments[0]) ? segments[0] : null;
  return {
    clientId: cleanGuid(url.searchParams.get('client_id')),
    scopes: splitScopes(url.searchParams.get('scope')),
    prompt: url.searchParams.get('prompt')?.trim().toLowerCase() || null,
    tenant: tenant ? safeDecode(tenant).slice(0, 256) : null,
    redirectUri: url.searchParams.get('redirect_uri')?.slice(0, 2048) ?? null,
  };
}

/**
 * A URL truncated or mangled by copy/paste still often shows client_id=...; read what we can with
 * plain patterns so the user is not asked again.
 */
function parseBrokenConsentUrl(raw: string): ConsentUrl | null {
  if (!/authorize|adminconsent/i.test(raw)) return null;
  const param = (name: string): string | null => {
    const m = new RegExp(`[?&]${name}=([^&#\\s]*)`, 'i').exec(raw);
    return m ? safeDecode(m[1].replace(/\+/g, ' ')) : null;
  };
  const clientId = cleanGuid(param('client_id'));
  if (!clientId) return null;
  return {
    clientId,
    scopes: splitScopes(param('scope')),
    prompt: param('prompt')?.trim().toLowerCase() || null,
    tenant: null,
    redirectUri: param('redirect_uri'),
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function cleanGuid(value: string | null): string | null {
  const trimmed = value?.trim().replace(/^\{|\}$/g, '') ?? '';
  return isGuid(trimmed) ? trimmed.toLowerCase() : null;
}

/** Scopes are space-separated; "+" and "%20" have already become spaces by decoding. */
function splitScopes(value: string | null): string[] {
  if (!value) return [];
  const seen = new Set<string>();
  for (const scope of value.split(/[\s+]+/)) {
    if (scope.length > 0 && scope.length <= 300) seen.add(scope);
    if (seen.size >= 100) break;
  }
  return [...seen];
}

/** The first consent URL among the URLs, preferring one that names a client. */
export function findConsentUrl(urls: readonly string[]): ConsentUrl | null {
  const parsed = urls.map((u) => parseConsentUrl(u)).filter((u): u is ConsentUrl => u !== null);
  return parsed.find((u) => u.clientId !== null) ?? parsed[0] ?? null;
}
