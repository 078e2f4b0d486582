/**
 * Which app does the person mean? Ranks candidates from the strongest evidence (an exact id) down
 * to the weakest (a recent failed sign-in), and decides whether to ask the person to choose.
 */
import type { ServicePrincipal, SignIn } from '../graph/types';
import type { CatalogEntry } from './catalog';
import type { AppCandidate, CandidateReason, ParsedMessage } from './types';
import { conceptOf, conceptsOf, isFamilyConcept, isGenericConcept, matchName, nameWordsOf } from './name-match';
import { isFirstPartyApp } from './resources';

export interface RankContext {
  servicePrincipals: ServicePrincipal[];
  /** The user's recent failed sign-ins (any app), newest first. */
  failedSignIns: SignIn[];
  catalog: readonly CatalogEntry[];
}

/** Evidence strength. Ids beat names; names beat hints. */
const SCORE = {
  guid: 100,
  consentUrl: 90,
  errorText: 80,
  unknownGuid: 40,
  exactName: 70,
  nameBase: 20,
  perInformativeWord: 15,
  perFamilyWord: 5,
  perGenericWord: 2,
  nameCap: 65,
  signInOnly: 15,
  signInBoost: 12,
  catalogBase: 10,
  perCatalogKeyword: 5,
} as const;

interface Draft {
  appId: string | null;
  displayName: string;
  servicePrincipalId: string | null;
  primary: number;
  bonus: number;
  reasons: CandidateReason[];
  why: string[];
  /** Distinctive words of the message its name matches (see name-match.ts). */
  distinctive: number;
  /** Proposed because of an id the person gave (typed, pasted URL or error page). */
  byId: boolean;
}

export function rankCandidates(parsed: ParsedMessage, ctx: RankContext): AppCandidate[] {
  const drafts = new Map<string, Draft>();
  const byAppId = new Map(ctx.servicePrincipals.map((sp) => [sp.appId.toLowerCase(), sp]));
  const byObjectId = new Map(ctx.servicePrincipals.map((sp) => [sp.id.toLowerCase(), sp]));

  const upsert = (
    key: string,
    seed: Omit<Draft, 'primary' | 'bonus' | 'reasons' | 'why' | 'distinctive' | 'byId'>,
    score: number,
    reason: CandidateReason,
    why: string,
    isBonus = false,
  ): void => {
    const draft = drafts.get(key) ?? {
      ...seed,
      primary: 0,
      bonus: 0,
      reasons: [],
      why: [],
      distinctive: 0,
      byId: false,
    };
    if (reason === 'guid' || reason === 'consent_url' || reason === 'error_text') draft.byId = true;
    if (isBonus) draft.bonus += score;
    else draft.primary = Math.max(draft.primary, score);
    if (!draft.reasons.includes(reason)) draft.reasons.push(reason);
    if (!draft.why.includes(why)) draft.why.push(why);
    drafts.set(key, draft);
  };
  const seedOf = (
    sp: ServicePrincipal,
  ): Omit<Draft, 'primary' | 'bonus' | 'reasons' | 'why' | 'distinctive' | 'byId'> => ({
    appId: sp.appId.toLowerCase(),
    displayName: sp.displayName,
    servicePrincipalId: sp.id,
  });
  const seedForAppId = (
    appId: string,
    fallbackName: string,
  ): Omit<Draft, 'primary' | 'bonus' | 'reasons' | 'why' | 'distinctive' | 'byId'> => {
    const sp = byAppId.get(appId);
    return sp ? seedOf(sp) : { appId, displayName: fallbackName, servicePrincipalId: null };
  };

  // 1. Ids the person typed: an exact appId or service principal object id.
  const idHints = new Set([parsed.consentUrl?.clientId, parsed.errorText?.appId].filter((v): v is string => !!v));
  const hasPastedPage = parsed.errorText !== null || parsed.consentUrl !== null;
  for (const guid of parsed.guids) {
    // Ids that the URL or the error page name are scored below, with the more telling reason.
    if (idHints.has(guid)) continue;
    const sp = byAppId.get(guid) ?? byObjectId.get(guid);
    if (sp) {
      upsert(sp.appId.toLowerCase(), seedOf(sp), SCORE.guid, 'guid', 'matches the id you gave');
    } else if (!hasPastedPage) {
      // A lone unknown id may be an app that is not in the tenant yet; pasted pages carry many other ids.
      upsert(
        guid,
        { appId: guid, displayName: guid, servicePrincipalId: null },
        SCORE.unknownGuid,
        'guid',
        'the id you gave; no app with this id is set up in your organisation',
      );
    }
  }
  // 2. A pasted consent link, 3. a pasted error page.
  const pasted = [
    {
      appId: parsed.consentUrl?.clientId,
      label: 'App from the pasted sign-in link',
      score: SCORE.consentUrl,
      source: 'consent_url',
      reason: 'the sign-in link you pasted is for this app',
    },
    {
      appId: parsed.errorText?.appId,
      label: 'App from the pasted error',
      score: SCORE.errorText,
      source: 'error_text',
      reason: 'the error you pasted names this app',
    },
  ] as const;
  for (const { appId, label, score, source, reason } of pasted) {
    if (appId) upsert(appId, seedForAppId(appId, label), score, source, reason);
  }

  // 4. Names in the message against the tenant's own apps (Microsoft's APIs are never the app meant).
  const message = { words: parsed.words, concepts: conceptsOf(parsed.words) };
  const namedSpIds = new Set<string>();
  for (const sp of ctx.servicePrincipals) {
    if (isFirstPartyApp(sp)) continue;
    const match = matchName(message, sp.displayName);
    const family = match.informative.length - match.distinctive.length;
    const score = match.exact
      ? SCORE.exactName
      : match.informative.length > 0
        ? Math.min(
            SCORE.nameCap,
            SCORE.nameBase +
              SCORE.perInformativeWord * match.distinctive.length +
              SCORE.perFamilyWord * family +
              SCORE.perGenericWord * match.generic.length,
          )
        : 0;
    if (score === 0) continue;
    const key = sp.appId.toLowerCase();
    namedSpIds.add(sp.id);
    const words = [...match.informative, ...match.generic].map((w) => `"${w}"`).join(', ');
    upsert(
      key,
      seedOf(sp),
      score,
      'service_principal_name',
      match.exact ? 'you named it' : `its name matches ${words}`,
    );
    const draft = drafts.get(key);
    if (draft) draft.distinctive = Math.max(draft.distinctive, match.exact ? 99 : match.distinctive.length);
  }
  const namedSomething = drafts.size > 0;
  // Words the person typed that no app of the tenant carries: the app they mean is not here.
  const unmatchedWords = contentWords(parsed).filter(
    (w) =>
      !ctx.servicePrincipals.some(
        (sp) => !isFirstPartyApp(sp) && nameWordsOf(sp.displayName).concepts.has(conceptOf(w)),
      ),
  );

  // 5. Known apps (catalog) that the tenant does not have under that name.
  for (const entry of ctx.catalog) {
    const hits = entry.keywords.filter((k) => message.concepts.has(k) && !isGenericConcept(k));
    if (hits.length === 0) continue;
    if (ctx.servicePrincipals.some((sp) => entry.displayNamePattern.test(sp.displayName))) continue;
    upsert(
      `catalog:${entry.key}`,
      { appId: null, displayName: entry.friendlyName, servicePrincipalId: null },
      SCORE.catalogBase + SCORE.perCatalogKeyword * hits.length,
      'catalog',
      `a known ${entry.vendor} app, but it is not set up in your organisation under this name`,
    );
  }

  // 6. The person's recent failed sign-ins: a boost for named apps, a weak candidate otherwise. Typed
  //    words beat this fallback: when the message names something, an unnamed app is never proposed.
  const typedSomething =
    namedSomething || unmatchedWords.length > 0 || parsed.errorText?.appId || parsed.consentUrl?.clientId;
  const seenSignInApps = new Set<string>();
  for (const signIn of ctx.failedSignIns.slice(0, 100)) {
    const appId = signIn.appId?.toLowerCase();
    if (!appId || seenSignInApps.has(appId)) continue;
    seenSignInApps.add(appId);
    const sp = byAppId.get(appId);
    if (sp && isFirstPartyApp(sp) && !drafts.has(appId)) continue;
    if (!sp && isFirstPartyApp({ appId }) && !drafts.has(appId)) continue;
    const why = `your sign-in to it failed recently (error ${signIn.status.errorCode})`;
    if (drafts.has(appId)) {
      upsert(appId, seedForAppId(appId, signIn.appDisplayName), SCORE.signInBoost, 'failed_sign_in', why, true);
    } else if (!typedSomething) {
      upsert(appId, seedForAppId(appId, signIn.appDisplayName || appId), SCORE.signInOnly, 'failed_sign_in', why);
    }
  }

  // A distinctive word (sharepoint, dynamics, ...) that some app's name carries rules out the apps
  // whose names carry none of the person's distinctive words, however many family words they share.
  const bestDistinctive = Math.max(0, ...[...drafts.values()].map((d) => d.distinctive));
  const kept = [...drafts.values()].filter(
    (d) => d.byId || bestDistinctive === 0 || d.distinctive > 0 || d.appId === null,
  );
  return kept
    .map((d): AppCandidate => ({
      appId: d.appId,
      displayName: d.displayName,
      servicePrincipalId: d.servicePrincipalId,
      score: d.primary + d.bonus,
      reasons: d.reasons,
      why: capitalise(d.why.join('; ')),
    }))
    .sort((a, b) => b.score - a.score || a.displayName.localeCompare(b.displayName));
}

/** Words that could name an app: not generic, not family words, at least three letters. */
function contentWords(parsed: ParsedMessage): string[] {
  return parsed.words.filter(
    (w) => w.length >= 3 && !isGenericConcept(conceptOf(w)) && !isFamilyConcept(conceptOf(w)) && !/^\d+$/.test(w),
  );
}

function capitalise(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text;
}

export type IntakeDecision =
  | { kind: 'one'; candidate: AppCandidate }
  | { kind: 'choose'; candidates: AppCandidate[] }
  /** hints: name-only candidates (not in the tenant, no app id) worth mentioning when asking for more. */
  | { kind: 'none'; hints: AppCandidate[] };

/** Below this nothing is worth proposing. */
export const MIN_CANDIDATE_SCORE = 15;
/** A lead this large means the top candidate is clearly the one meant. */
export const DECISIVE_GAP = 15;
const MAX_CHOICES = 5;

export function decideIntake(candidates: readonly AppCandidate[]): IntakeDecision {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const actionable = sorted.filter((c) => c.appId !== null && c.score >= MIN_CANDIDATE_SCORE);
  if (actionable.length === 0) {
    return { kind: 'none', hints: sorted.filter((c) => c.appId === null).slice(0, MAX_CHOICES) };
  }
  const [top, second] = actionable;
  if (!second || top.score - second.score >= DECISIVE_GAP) return { kind: 'one', candidate: top };
  return { kind: 'choose', candidates: actionable.slice(0, MAX_CHOICES) };
}
