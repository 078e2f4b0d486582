/**
 * Making untrusted strings (user input, app and publisher names chosen by vendors, Graph error text)
 * inert inside a card. Two outlets exist:
 *  - `plain`: for places Teams shows verbatim (action titles, input labels, notification text);
 *  - `md`: for TextBlock / FactSet text, which hosts run through markdown.
 * Both strip control and bidi-override characters, collapse whitespace (so nobody can start a new
 * markdown block with a newline), bound the length and break `${` so no later template pass can
 * ever evaluate it.
 */

// C0/C1 controls, zero-width and bidi marks, bidi embeddings/overrides/isolates: invisible spoofing tools.
// eslint-disable-next-line no-control-regex -- removing control characters is the purpose
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const ZWSP = '\u200B';

/** Common length caps, in characters. */
export const LIMITS = {
  name: 120,
  label: 60,
  line: 400,
  justification: 1000,
  error: 300,
} as const;

function truncate(text: string, max: number): string {
  const chars = Array.from(text); // code points, so a surrogate pair is never split
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Safe, single-line text for non-markdown outlets. */
export function plain(value: string | null | undefined, max: number = LIMITS.line): string {
  const cleaned = (value ?? '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return truncate(cleaned, max).replace(/\$\{/g, `$${ZWSP}{`);
}

// Inline markdown syntax that could create links, emphasis, code, HTML or entities anywhere in a line.
const INLINE_SPECIAL = /[\\`*_{}[\]<>~&$|]/g;
// Block syntax only matters at the start of a line; `plain` guarantees one line per string, but a
// template may place the string at the start of a TextBlock.
const BLOCK_START = /^(\s*)([#+\-=>]|\d+(?=[.)]))/;

/** Escapes Adaptive Card markdown so the text renders exactly as written. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(INLINE_SPECIAL, '\\$&')
      .replace(BLOCK_START, (_m, space: string, mark: string) =>
        /^\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`,
      )
      // Renderers with linkify turn bare URLs into links; a zero-width space keeps them plain text.
      .replace(/:\/\//g, `:${ZWSP}//`)
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
  );
}

/** Safe text for markdown outlets (TextBlock, FactSet). */
export function md(value: string | null | undefined, max: number = LIMITS.line): string {
  return escapeMarkdown(plain(value, max));
}

const ISO_UTC = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):(\d{2})(?:\.\d+)?Z$/;

/** "2025-03-01 14:05 UTC", for plain text and FactSets; unknown shapes are shown as given (inertly). */
export function plainDate(iso: string | null | undefined): string {
  if (!iso) return 'unknown time';
  const m = ISO_UTC.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : plain(iso, 40);
}

/**
 * For TextBlocks: Adaptive Card date functions, so each reader sees their own locale and time zone.
 * Only a strict UTC timestamp is passed through; anything else falls back to inert plain text.
 */
export function cardDate(iso: string | null | undefined): string {
  if (!iso) return 'unknown time';
  const m = ISO_UTC.exec(iso);
  if (!m) return md(iso, 40);
  const stamp = `${m[1]}T${m[2]}:${m[3]}Z`;
  return `{{DATE(${stamp}, SHORT)}} {{TIME(${stamp})}}`;
}

/** "3 days", "5 hours", "just now": how long something has waited. */
export function age(fromIso: string, nowIso: string): string {
  const ms = Date.parse(nowIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 60_000) return 'just now';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours === 1 ? '1 hour' : `${hours} hours`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

/** "1 request" / "3 requests". */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
