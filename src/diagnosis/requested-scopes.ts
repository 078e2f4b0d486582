/**
 * Which permissions does the app ask for? Graph cannot say (learn.microsoft.com/graph/api/resources/signin
 * has no scope field; the app registration lives in the vendor's tenant), so only evidence counts,
 * strongest first:
 *   1. a consent URL the requester pasted, when its client_id is the app's (typed by the requester:
 *      never widened on alone, see remedy-plan.ts);
 *   2. Entra's own admin-consent request for the app (`pendingScopes`, recorded by Entra from the
 *      app's real sign-in);
 *   3. the app's existing delegated grants (what someone approved before).
 * A vendor catalog and the sign-in logs are never sources of scopes. Every scope carries its
 * resource (scope-resolution.ts) and the sources that mention it. Pure.
 */
import type { AppConsentRequest, OAuth2PermissionGrant, ServicePrincipal } from '../graph/types';
import type { RefusedScope, ScopeEvidence, ScopeEvidenceSource } from './evidence-types';
import { splitScope } from './facts-view';
import { OIDC_SCOPES } from './resources';
import { resolveRequestedScope, type BareNameRule } from './scope-resolution';
import { findPublishedScope } from './scope-info';
import type { ParsedMessage, RequestedScopes, ScopeSource } from './types';
import { resolveScope } from './resources';

export interface RequestedScopeInputs {
  /** The app being diagnosed; a pasted URL for another client is not used for its scopes. */
  appId: string | null;
  userId: string | null;
  consentUrl?: ParsedMessage['consentUrl'];
  /** Entra consent requests (any status) for the app. */
  consentRequests?: AppConsentRequest[];
  /** The app's delegated grants, any consent type. */
  grants?: OAuth2PermissionGrant[];
  /** Resource service principals known so far, by appId; null = not in the tenant. */
  resources?: Record<string, ServicePrincipal | null>;
  /** Application permissions a caller knows the app requests (Graph cannot tell): resource appId -> roles. */
  application?: Record<string, string[]> | null;
}

interface Seen {
  scope: string;
  resourceAppId: string | null;
  source: ScopeEvidenceSource;
  raw: string;
  isDefault: boolean;
}

/** Group scope strings by resource appId (bare names are Graph's, as in a sign-in URL); ".default" and unknown hosts go to `unresolved`. */
export function groupScopesByResource(scopes: readonly string[]): {
  delegated: Record<string, string[]>;
  unresolved: string[];
} {
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

function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

function fromStrings(
  raws: readonly string[],
  source: ScopeEvidenceSource,
  rule: BareNameRule,
  resources: Record<string, ServicePrincipal | null>,
): Seen[] {
  const out: Seen[] = [];
  for (const raw of raws) {
    const r = resolveRequestedScope(raw, rule, resources);
    if (r)
      out.push({ scope: r.value, resourceAppId: r.resourceAppId, source, raw: raw.trim(), isDefault: r.isDefault });
  }
  return out;
}

function urlIsForApp(input: RequestedScopeInputs): boolean {
  const url = input.consentUrl;
  return !!url && (!url.clientId || !input.appId || sameId(url.clientId, input.appId));
}

function fromGrants(input: RequestedScopeInputs): Seen[] {
  const resources = input.resources ?? {};
  const appIdOfSp = new Map<string, string>();
  for (const [appId, sp] of Object.entries(resources)) if (sp) appIdOfSp.set(sp.id.toLowerCase(), appId.toLowerCase());
  const out: Seen[] = [];
  for (const grant of input.grants ?? []) {
    const resourceAppId = appIdOfSp.get(grant.resourceId.toLowerCase());
    // A grant on a resource the bot did not read cannot be placed; it is granted already anyway.
    if (!resourceAppId) continue;
    for (const scope of splitScope(grant.scope))
      out.push({ scope, resourceAppId, source: 'existing_grant', raw: scope, isDefault: false });
  }
  return out;
}

const SOURCE_ORDER: ScopeEvidenceSource[] = ['consent_url', 'consent_request', 'existing_grant'];
const LEGACY_SOURCE: Record<ScopeEvidenceSource, ScopeSource> = {
  consent_url: 'url',
  consent_request: 'consent_request',
  existing_grant: 'existing_grant',
};

export function selectRequestedScopes(input: RequestedScopeInputs): RequestedScopes {
  const resources = input.resources ?? {};
  const forApp = urlIsForApp(input);
  const url = input.consentUrl;
  const requests = (input.consentRequests ?? []).filter((r) => !input.appId || sameId(r.appId, input.appId));
  const seen: Seen[] = [
    ...(forApp && url ? fromStrings(url.scopes, 'consent_url', 'graph', resources) : []),
    ...fromStrings(
      requests.flatMap((r) => (r.pendingScopes ?? []).map((s) => s.displayName)),
      'consent_request',
      'by_publisher',
      resources,
    ),
    ...fromGrants(input),
  ];

  const evidence: ScopeEvidence[] = [];
  const unresolved: string[] = [];
  let usesDefault = false;
  for (const s of seen) {
    if (s.isDefault) {
      usesDefault = true;
      if (!unresolved.includes(s.raw)) unresolved.push(s.raw);
      continue;
    }
    const resource = s.resourceAppId ? (resources[s.resourceAppId] ?? null) : null;
    const published = resource ? findPublishedScope(resource, s.scope)?.value : undefined;
    const scope = published ?? (OIDC_SCOPES.has(s.scope.toLowerCase()) ? s.scope.toLowerCase() : s.scope);
    const existing = evidence.find(
      (e) => e.scope.toLowerCase() === scope.toLowerCase() && e.resourceAppId === s.resourceAppId,
    );
    if (existing) {
      if (!existing.sources.includes(s.source)) existing.sources.push(s.source);
    } else {
      evidence.push({ scope, resourceAppId: s.resourceAppId, sources: [s.source] });
    }
    if (s.resourceAppId === null && !unresolved.includes(s.raw)) unresolved.push(s.raw);
  }
  for (const e of evidence) e.sources.sort((a, b) => SOURCE_ORDER.indexOf(a) - SOURCE_ORDER.indexOf(b));

  const delegated: Record<string, string[]> = {};
  const refused: RefusedScope[] = [];
  for (const e of evidence) {
    if (e.resourceAppId === null) {
      refused.push({ scope: e.scope, resourceAppId: null, reason: 'unresolved' });
      continue;
    }
    const known = e.resourceAppId in resources;
    const sp = known ? resources[e.resourceAppId] : undefined;
    // A resource in the tenant that does not publish the scope: Entra would refuse it, so no click writes it.
    if (sp && !findPublishedScope(sp, e.scope) && !OIDC_SCOPES.has(e.scope.toLowerCase())) {
      refused.push({ scope: e.scope, resourceAppId: e.resourceAppId, reason: 'not_published' });
      continue;
    }
    (delegated[e.resourceAppId] ??= []).push(e.scope);
  }

  const application =
    input.application && Object.values(input.application).some((l) => l.length > 0)
      ? structuredClone(input.application)
      : {};
  const strongest = SOURCE_ORDER.find((src) => evidence.some((e) => e.sources.includes(src)));
  const source: ScopeSource | null = strongest
    ? LEGACY_SOURCE[strongest]
    : usesDefault && forApp
      ? 'url'
      : Object.keys(application).length > 0
        ? 'fixture'
        : null;
  return {
    delegated,
    application,
    source,
    prompt: forApp ? (url?.prompt ?? null) : null,
    clientId: url?.clientId ?? null,
    unresolved,
    evidence,
    refused,
    usesDefault,
  };
}
