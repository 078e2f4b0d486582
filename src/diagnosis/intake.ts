/**
 * Intake: turn what a person typed or pasted into structured hints (ids, consent URL, AADSTS
 * error text, words, justification). Chat text is untrusted: work is capped and nothing throws.
 */
import type { ParsedMessage } from './types';
import { findConsentUrl, findUrls } from './consent-url';
import { normalizeWords } from './name-match';
import { GUID_PATTERN, isGuid } from '../guid';

export { rankCandidates, decideIntake } from './candidates';
export type { RankContext, IntakeDecision } from './candidates';

/** Enough for a pasted error page plus a long consent URL; beyond it is noise or abuse. */
export const MAX_INPUT_CHARS = 20_000;
const MAX_GUIDS = 20;
const MAX_JUSTIFICATION = 500;

export function parseMessage(text: string): ParsedMessage {
  const clean = sanitize(typeof text === 'string' ? text : '');
  const urls = findUrls(clean);
  const plain = stripMarkup(clean);
  const withoutUrls = plain.replace(/https?:\/\/\S+/gi, ' ');
  return {
    guids: findGuids(clean),
    consentUrl: findConsentUrl(urls),
    errorText: parseErrorText(plain),
    words: normalizeWords(withoutUrls),
    justification: findJustification(withoutUrls),
  };
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point here
const INVISIBLE_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g;

/** Cap, drop control characters and decode the HTML entities Teams puts in message text. */
function sanitize(text: string): string {
  return decodeEntities(text.slice(0, MAX_INPUT_CHARS).replace(INVISIBLE_CHARACTERS, ' '));
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos|nbsp|#39);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos' || lower === '#39') return "'";
    if (lower === 'nbsp') return ' ';
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return code > 31 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

function stripMarkup(text: string): string {
  return text.replace(/<[^<>]{0,2000}>/g, ' ');
}

function findGuids(text: string): string[] {
  const found = new Set<string>();
  const pattern = new RegExp(`(?<![0-9a-f-])${GUID_PATTERN.source}(?![0-9a-f-])`, 'gi');
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null && found.size < MAX_GUIDS) {
    found.add(match[0].toLowerCase());
  }
  return [...found];
}

const GUID = GUID_PATTERN.source;

function firstGroup(text: string, pattern: RegExp): string | null {
  const match = pattern.exec(text);
  return match ? match[1] : null;
}

/**
 * Where Entra's error texts name the app (learn.microsoft.com/entra/identity-platform/reference-error-codes):
 *   700016 "Application with identifier '<id>' was not found in the directory '<tenant>'"
 *   65001  "... consented to use the application with ID '<id>' named '<name>'"
 *   50105  "... is not assigned to a role for the application '<id>'(<name>)"
 *   7000112 "Application '<id>'(<name>) is disabled."
 *   50020  "... cannot access the application '<id>'(<name>) in that tenant"
 *   650056 / 90094 / 90095 / 53003: the page's "App id" / "Application ID" / "client id" lines
 * and where they name the missing resource:
 *   650052 "... trying to access a service '<id>'(<name>) that your organization '<tenant>' lacks a service principal for"
 *   500011 "The resource principal named <uri or id> was not found in the tenant named <tenant>"
 */
const APP_ID_PATTERNS: RegExp[] = [
  new RegExp(`\\bapplication\\s+with\\s+(?:identifier|id)\\s*'?\\{?(${GUID})`, 'i'),
  new RegExp(`\\b(?:client\\s+)?application\\s+'\\{?(${GUID})\\}?'`, 'i'),
  new RegExp(`\\bapp\\s+'\\{?(${GUID})\\}?'`, 'i'),
  new RegExp(`(?<![?&])\\b(?:app(?:lication)?|client)[\\s_-]*id\\s*[:=]?\\s*'?\\{?(${GUID})`, 'i'),
];
const RESOURCE_PATTERNS: RegExp[] = [
  new RegExp(`\\baccess\\s+a\\s+service\\s+'\\{?(${GUID})`, 'i'),
  /\bresource\s+principal\s+named\s+'?([^\s']{1,300}?)'?\s+was\s+not\s+found/i,
];

function firstMatch(text: string, patterns: readonly RegExp[]): string | null {
  for (const pattern of patterns) {
    const found = firstGroup(text, pattern);
    if (found) return found;
  }
  return null;
}

/** AADSTS error text as shown on Entra's error page or copied from a browser. */
export function parseErrorText(text: string): ParsedMessage['errorText'] {
  const code =
    firstGroup(text, /\bAADSTS(\d{5,7})\b/i) ?? firstGroup(text, /\berror\s*code\s*[:=#]?\s*(?:AADSTS)?(\d{5,7})\b/i);
  const appId = firstMatch(text, APP_ID_PATTERNS);
  const resource = firstMatch(text, RESOURCE_PATTERNS);
  const correlationId = firstGroup(text, new RegExp(`\\bcorrelation[\\s_-]*id\\s*[:=]?\\s*\\{?(${GUID})`, 'i'));
  const timestamp = firstGroup(text, /\btimestamp\s*[:=]?\s*(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z?)/i);
  if (code === null && appId === null && correlationId === null && timestamp === null && resource === null) return null;
  // The app id in a "resource ... not found" text is the resource's, never the app's.
  const sameAsResource = appId !== null && resource !== null && appId.toLowerCase() === resource.toLowerCase();
  return {
    aadsts: code === null ? null : Number(code),
    appId: sameAsResource ? null : (appId?.toLowerCase() ?? null),
    correlationId: correlationId?.toLowerCase() ?? null,
    timestamp,
    resource: resource ? (isGuid(resource) ? resource.toLowerCase() : resource) : null,
  };
}

/** "... because I need the sales files" / "reason: quarterly report" -> the stated reason. */
function findJustification(text: string): string | null {
  const match = /(?:\bbecause\b|\breason\s*[:\-–]|\bjustification\s*[:\-–]|\bwhy\s*[:\-–])\s*([^\n]{1,2000})/i.exec(
    text,
  );
  if (!match) return null;
  const reason = match[1]
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[:\-–,]\s*/, '');
  return reason.length >= 3 ? reason.slice(0, MAX_JUSTIFICATION) : null;
}
