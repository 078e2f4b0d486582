/**
 * Which permissions does the app ask for? Graph cannot say, so we take the most trustworthy source
 * available: the pasted sign-in URL, the user's Entra consent request, the catalog, the sign-in
 * records, and finally scopes declared by the caller (the simulator's fixture).
 */
import type { AppConsentRequest, SignIn } from '../graph/types';
import type { CatalogEntry } from './catalog';
import type { ParsedMessage, RequestedScopes, ScopeSource } from './types';
import { resolveScope } from './resources';

export interface RequestedScopeInputs {
  /** The app being diagnosed; a pasted URL for another client is not used for its scopes. */
  appId: string | null;
  userId: string | null;
  consentUrl?: ParsedMessage['consentUrl'];
  consentRequests?: AppConsentRequest[];
  catalogEntry?: CatalogEntry | null;
  signIns?: SignIn[] | null;
  /** Scopes known by other means (e.g. the tenant fixture's apps[].requestedScopes). */
  declared?: { delegated: Record<string, string[]>; application?: Record<string, string[]> } | null;
}

interface ScopeSet {
  delegated: Record<string, string[]>;
  unresolved: string[];
}

/** Group scope strings by resource appId; ".default" and unknown hosts go to `unresolved`. */
export function groupScopesByResource(scopes: readonly string[]): ScopeSet {
  const delegated: Record<string, string[]> = {};
  const unresolved: string[] = [];
  for (const raw of scopes) {
    const resolved = resolveScope(raw);
    if (!resolved) continue;
    if (resolved.isDefault || resolved.resourceAppId === null) {
      unresolved.push(raw.trim());
      continue;
    }
    const list = (delegated[resolved.resourceAppId] ??= []);
    if (!list.some((s) => s.toLowerCase() === resolved.value.toLowerCase())) list.push(resolved.value);
  }
  return { delegated, unresolved };
}

function isEmpty(record: Record<string, string[]>): boolean {
  return Object.values(record).every((list) => list.length === 0);
}

function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

function fromConsentUrl(input: RequestedScopeInputs): ScopeSet | null {
  const url = input.consentUrl;
  if (!url || url.scopes.length === 0) return null;
  if (url.clientId && input.appId && !sameId(url.clientId, input.appId)) return null;
  return groupScopesByResource(url.scopes);
}

/** Prefer the consent request this user raised; any request for the app still shows what it asks for. */
function fromConsentRequests(input: RequestedScopeInputs): ScopeSet | null {
  const forApp = (input.consentRequests ?? []).filter((r) => !input.appId || sameId(r.appId, input.appId));
  const byUser = forApp.filter((r) => r.userConsentRequests.some((u) => sameId(u.createdBy?.user?.id, input.userId)));
  const chosen = [...byUser, ...forApp].find((r) => r.pendingScopes.length > 0);
  if (!chosen) return null;
  return groupScopesByResource(chosen.pendingScopes.map((s) => s.displayName));
}

function fromCatalog(input: RequestedScopeInputs): ScopeSet | null {
  const documented = input.catalogEntry?.documentedScopes;
  if (!documented || isEmpty(documented)) return null;
  return { delegated: structuredClone(documented), unresolved: [] };
}

/**
 * Graph's signIn has no scope field; sign-in records that carry one (the simulator writes
 * "scopes: a b c" into status.additionalDetails) are read here.
 */
function fromSignIns(input: RequestedScopeInputs): ScopeSet | null {
  for (const signIn of input.signIns ?? []) {
    if (input.appId && !sameId(signIn.appId, input.appId)) continue;
    const details = signIn.status.additionalDetails ?? '';
    const match = /\bscopes?\s*[:=]\s*([^\n;|]{1,4000})/i.exec(details);
    if (!match) continue;
    const set = groupScopesByResource(match[1].split(/[\s,]+/));
    if (!isEmpty(set.delegated)) return set;
  }
  return null;
}

function fromDeclared(input: RequestedScopeInputs): ScopeSet | null {
  const declared = input.declared?.delegated;
  return declared && !isEmpty(declared) ? { delegated: structuredClone(declared), unresolved: [] } : null;
}

const SOURCES: Array<[ScopeSource, (input: RequestedScopeInputs) => ScopeSet | null]> = [
  ['url', fromConsentUrl],
  ['consent_request', fromConsentRequests],
  ['catalog', fromCatalog],
  ['sign_in', fromSignIns],
  ['fixture', fromDeclared],
];

export function selectRequestedScopes(input: RequestedScopeInputs): RequestedScopes {
  const application = structuredClone(input.declared?.application ?? {});
  const url = input.consentUrl;
  const urlIsForThisApp = !url?.clientId || !input.appId || sameId(url.clientId, input.appId);
  const base = {
    application: isEmpty(application) ? {} : application,
    prompt: urlIsForThisApp ? url?.prompt ?? null : null,
    clientId: input.consentUrl?.clientId ?? null,
  };
  const unresolved: string[] = [];
  for (const [source, read] of SOURCES) {
    const set = read(input);
    if (!set) continue;
    unresolved.push(...set.unresolved);
    if (!isEmpty(set.delegated)) return { ...base, delegated: set.delegated, source, unresolved };
  }
  return { ...base, delegated: {}, source: isEmpty(base.application) ? null : 'fixture', unresolved };
}
