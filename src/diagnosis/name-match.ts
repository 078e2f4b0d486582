/**
 * Word normalisation and fuzzy app-name matching. People say "the SharePoint connector" or "my
 * email thing"; tenants hold "Qlik Web Connectors (Office 365 SharePoint)". Both sides are reduced
 * to concepts so synonyms meet.
 */

/** word -> concept. Synonyms people use for the same product collapse into one concept. */
const CONCEPT_OF: Record<string, string> = {
  sharepoint: 'sharepoint',
  spo: 'sharepoint',
  onedrive: 'onedrive',
  outlook: 'outlook',
  mail: 'outlook',
  email: 'outlook',
  mailbox: 'outlook',
  exchange: 'outlook',
  crm: 'dynamics',
  dynamics: 'dynamics',
  d365: 'dynamics',
  blob: 'storage',
  blobs: 'storage',
  storage: 'storage',
  connector: 'connector',
  connectors: 'connector',
  webconnector: 'connector',
  webconnectors: 'connector',
  qlik: 'qlik',
  qliksense: 'qlik',
};

/** Pairs of words people split that products spell as one. */
const JOINED: Record<string, string> = {
  'one drive': 'onedrive',
  'share point': 'sharepoint',
  'e mail': 'email',
  'web connector': 'webconnector',
  'web connectors': 'webconnectors',
  'qlik sense': 'qliksense',
};

/**
 * Words shared by a whole family of apps (every Qlik Web Connectors app): they narrow the search to the
 * family but never tell its members apart, so a distinctive word (sharepoint, dynamics, ...) outranks them.
 */
const FAMILY = new Set(['qlik', 'connector']);

export function isFamilyConcept(concept: string): boolean {
  return FAMILY.has(concept);
}

/** Words that appear in many app names and say little about which app is meant. */
const GENERIC = new Set([
  'office',
  '365',
  'microsoft',
  'online',
  'web',
  'app',
  'apps',
  'application',
  'azure',
  'for',
  'and',
  'the',
  'api',
]);

const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'to',
  'for',
  'and',
  'or',
  'of',
  'in',
  'on',
  'at',
  'is',
  'it',
  'its',
  'i',
  'me',
  'my',
  'we',
  'our',
  'you',
  'your',
  'this',
  'that',
  'with',
  'when',
  'what',
  'why',
  'how',
  'can',
  'cant',
  'cannot',
  'not',
  'do',
  'does',
  'dont',
  'doesnt',
  'be',
  'am',
  'are',
  'was',
  'will',
  'would',
  'please',
  'help',
  'hi',
  'hello',
  'hey',
  'thanks',
  'ask',
  'asks',
  'asking',
  'asked',
  'need',
  'needs',
  'needed',
  'admin',
  'administrator',
  'approval',
  'approve',
  'approved',
  'get',
  'gets',
  'getting',
  'got',
  'says',
  'say',
  'said',
  'keep',
  'keeps',
  'still',
  'again',
  'use',
  'using',
  'try',
  'trying',
  'open',
  'opening',
  'sign',
  'signing',
  'login',
  'log',
  'error',
  'prompt',
  'screen',
  'message',
  'page',
  'some',
  'there',
  'here',
  'from',
  'but',
  'so',
  'just',
  'now',
  'today',
  'because',
  'reason',
  // The bot's own name arrives in every @mention.
  'consent',
  'doctor',
  'bot',
]);

const MAX_WORDS = 200;

/** Lower-case, accent-free words; split pairs joined; stop words dropped unless keepStopWords. */
export function normalizeWords(text: string, keepStopWords = false): string[] {
  const raw = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && w.length <= 40)
    .slice(0, MAX_WORDS * 2);
  const joined: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const pair = i + 1 < raw.length ? `${raw[i]} ${raw[i + 1]}` : '';
    if (pair && JOINED[pair]) {
      joined.push(JOINED[pair]);
      i++;
    } else {
      joined.push(raw[i]);
    }
  }
  const kept = keepStopWords ? joined : joined.filter((w) => !STOP_WORDS.has(w) && w.length > 1);
  return kept.slice(0, MAX_WORDS);
}

export function conceptOf(word: string): string {
  return CONCEPT_OF[word] ?? word;
}

export function conceptsOf(words: readonly string[]): Set<string> {
  return new Set(words.map(conceptOf));
}

export function isGenericConcept(concept: string): boolean {
  return GENERIC.has(concept);
}

export interface NameMatch {
  /** Concepts that identify a product (sharepoint, qlik, ...). */
  informative: string[];
  /** The informative concepts that are not family words: they tell family members apart. */
  distinctive: string[];
  /** Low-information overlaps (office, 365, ...). */
  generic: string[];
  /** The whole display name appears in the message. */
  exact: boolean;
}

/**
 * An app's display name as words and concepts, worked out once: every question is matched against
 * the same tenant apps' names. Bounded: past the limit the memo starts again.
 */
interface NameWords {
  words: readonly string[];
  concepts: ReadonlySet<string>;
}
const NAMES = new Map<string, NameWords>();
const MAX_NAMES = 5_000;
export function nameWordsOf(displayName: string): NameWords {
  let name = NAMES.get(displayName);
  if (!name) {
    if (NAMES.size >= MAX_NAMES) NAMES.clear();
    const words = normalizeWords(displayName);
    name = { words, concepts: conceptsOf(words) };
    NAMES.set(displayName, name);
  }
  return name;
}

/** How well a message (already normalised) names the app called `displayName`. */
export function matchName(
  message: { words: readonly string[]; concepts: ReadonlySet<string> },
  displayName: string,
): NameMatch {
  const { words: nameWords, concepts: nameConcepts } = nameWordsOf(displayName);
  const informative: string[] = [];
  const generic: string[] = [];
  for (const concept of nameConcepts) {
    if (!message.concepts.has(concept)) continue;
    (isGenericConcept(concept) ? generic : informative).push(concept);
  }
  const exact = nameWords.length >= 2 && containsSequence(message.words, nameWords);
  return { informative, distinctive: informative.filter((c) => !isFamilyConcept(c)), generic, exact };
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return true;
  }
  return false;
}
