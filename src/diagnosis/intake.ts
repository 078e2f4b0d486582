/**
 * Intake: turn what a person typed or pasted into structured hints (ids, consent URL, AADSTS
 * error text, words, justification). Chat text is untrusted: work is capped and nothing throws.
 */
import type { ParsedMessage } from './types';
import { findConsentUrl, findUrls } from './consent-url';
import { normalizeWords } from './name-match';
import { GUID_PATTERN } from './resources';

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

/** Cap, drop control characters and decode the HTML entities Teams puts in message text. */
function sanitize(text: string): string {
  return decodeEntities(
    // eslint-disable-next-line no-control-regex -- removing control characters is the point here
    text.slice(0, MAX_INPUT_CHARS).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' '),
  );
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

/** AADSTS error text as shown on Entra's error page or copied from a browser. */
export function parseErrorText(text: string): ParsedMessage['errorText'] {
  const code = firstGroup(text, /\bAADSTS(\d{5,7})\b/i) ?? firstGroup(text, /\berror\s*code\s*[:=#]?\s*(?:AADSTS)?(\d{5,7})\b/i);
  const appId = firstGroup(text, new RegExp(`(?<![?&])\\b(?:app(?:lication)?|client)[\\s_-]*id\\s*[:=]?\\s*\\{?(${GUID})`, 'i'));
  const correlationId = firstGroup(text, new RegExp(`\\bcorrelation[\\s_-]*id\\s*[:=]?\\s*\\{?(${GUID})`, 'i'));
  const timestamp = firstGroup(text, /\btimestamp\s*[:=]?\s*(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z?)/i);
  if (code === null && appId === null && correlationId === null && timestamp === null) return null;
  return {
    aadsts: code === null ? null : Number(code),
    appId: appId?.toLowerCase() ?? null,
    correlationId: correlationId?.toLowerCase() ?? null,
    timestamp,
  };
}

/** "... because I need the sales files" / "reason: quarterly report" -> the stated reason. */
function findJustification(text: string): string | null {
  const match = /(?:\bbecause\b|\breason\s*[:\-–]|\bjustification\s*[:\-–]|\bwhy\s*[:\-–])\s*([^\n]{1,2000})/i.exec(text);
  if (!match) return null;
  const reason = match[1].replace(/\s+/g, ' ').trim().replace(/^[:\-–,]\s*/, '');
  return reason.length >= 3 ? reason.slice(0, MAX_JUSTIFICATION) : null;
}
