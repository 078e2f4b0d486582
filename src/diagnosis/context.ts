/** The slice of Facts that cards need later, kept small enough to store with a request. Pure. */
import type { DiagnosisContext, Facts, Remedy } from './types';
import { scopesNamed } from './scope-info';

export function buildDiagnosisContext(facts: Facts, remedies: Remedy[]): DiagnosisContext {
  const named = new Map<string, Set<string>>();
  const note = (resourceAppId: string, scopes: string[]) => {
    const set = named.get(resourceAppId) ?? new Set<string>();
    scopes.forEach((s) => set.add(s.toLowerCase()));
    named.set(resourceAppId, set);
  };
  Object.entries(facts.requested.delegated).forEach(([appId, scopes]) => note(appId, scopes));
  remedies.forEach((r) => {
    if (r.kind === 'grant_delegated') note(r.resourceAppId, [...r.scopes, ...(r.confirm ?? [])]);
  });

  const resources: DiagnosisContext['resources'] = {};
  for (const [appId, wanted] of named) {
    const sp = facts.resources[appId] ?? null;
    resources[appId] = sp
      ? {
          displayName: sp.displayName,
          oauth2PermissionScopes: scopesNamed(sp.oauth2PermissionScopes ?? [], wanted),
        }
      : null;
  }
  const sp = facts.servicePrincipal;
  const userNames: Record<string, string> = {};
  if (facts.user) userNames[facts.user.id] = facts.user.displayName;
  return {
    // v1.0 has no publisherName (beta only); the publisher is verifiedPublisher + appOwnerOrganizationId.
    publisherName: null,
    verifiedPublisher: sp?.verifiedPublisher
      ? {
          displayName: sp.verifiedPublisher.displayName,
          verifiedPublisherId: sp.verifiedPublisher.verifiedPublisherId,
          addedDateTime: sp.verifiedPublisher.addedDateTime ?? null,
        }
      : null,
    appOwnerOrganizationId: sp?.appOwnerOrganizationId ?? null,
    resources,
    appRoles: (sp?.appRoles ?? []).filter((r) => r.isEnabled && r.allowedMemberTypes.includes('User')),
    userNames,
    classifications: classificationsOf(facts, named),
  };
}

/** The tenant's classification of each named scope (delegatedPermissionClassifications), for the card's risk column. */
function classificationsOf(
  facts: Facts,
  named: Map<string, Set<string>>,
): NonNullable<DiagnosisContext['classifications']> {
  const out: NonNullable<DiagnosisContext['classifications']> = {};
  for (const [appId, wanted] of named) {
    const rows = (facts.classifications[appId] ?? []).filter((c) => wanted.has(c.permissionName.toLowerCase()));
    if (rows.length > 0)
      out[appId] = Object.fromEntries(rows.map((c) => [c.permissionName.toLowerCase(), c.classification]));
  }
  return out;
}
