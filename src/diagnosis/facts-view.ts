/**
 * Derived views over Facts that several checks need: which grants apply to this user, which
 * requested scopes they already cover, and which sign-ins are recent enough to be evidence.
 */
import type { OAuth2PermissionGrant, SignIn } from '../graph/types';
import type { Facts } from './types';

export interface FactsView {
  facts: Facts;
  userId: string | null;
  /** Grants Entra would use for this user: AllPrincipals, or Principal for this user. */
  applicableGrants: OAuth2PermissionGrant[];
  /** Resource appId (lower case) of a grant, via facts.resources; null when the resource is not known. */
  resourceAppIdOf(grant: OAuth2PermissionGrant): string | null;
  allPrincipalsGrant(resourceAppId: string): OAuth2PermissionGrant | null;
  userGrant(resourceAppId: string): OAuth2PermissionGrant | null;
  /** Lower-cased scopes this user already holds on the resource. */
  coveredScopes(resourceAppId: string): Set<string>;
  /** Requested delegated scopes (resource appId -> values) not yet covered for this user. */
  neededScopes: Record<string, string[]>;
  /** Sign-ins since the last success, newest first: the failures that describe the current problem. */
  recentFailures: SignIn[];
}

export function splitScope(scope: string | null | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter((s) => s.length > 0);
}

/** Union preserving first spelling, compared case-insensitively. */
export function unionScopes(...lists: ReadonlyArray<readonly string[]>): string[] {
  const seen = new Map<string, string>();
  for (const list of lists) for (const s of list) if (!seen.has(s.toLowerCase())) seen.set(s.toLowerCase(), s);
  return [...seen.values()];
}

export function buildFactsView(facts: Facts): FactsView {
  const userId = facts.user?.id ?? null;
  const appIdBySpId = new Map<string, string>();
  for (const [appId, sp] of Object.entries(facts.resources))
    if (sp) appIdBySpId.set(sp.id.toLowerCase(), appId.toLowerCase());
  const resourceAppIdOf = (g: OAuth2PermissionGrant): string | null =>
    appIdBySpId.get(g.resourceId.toLowerCase()) ?? null;
  const isUsers = (g: OAuth2PermissionGrant): boolean =>
    g.consentType === 'Principal' && !!userId && g.principalId?.toLowerCase() === userId.toLowerCase();
  const applicableGrants = facts.grants.filter((g) => g.consentType === 'AllPrincipals' || isUsers(g));
  const forResource = (
    resourceAppId: string,
    pick: (g: OAuth2PermissionGrant) => boolean,
  ): OAuth2PermissionGrant | null =>
    facts.grants.find((g) => pick(g) && resourceAppIdOf(g) === resourceAppId.toLowerCase()) ?? null;
  const coveredScopes = (resourceAppId: string): Set<string> =>
    new Set(
      applicableGrants
        .filter((g) => resourceAppIdOf(g) === resourceAppId.toLowerCase())
        .flatMap((g) => splitScope(g.scope).map((s) => s.toLowerCase())),
    );

  const neededScopes: Record<string, string[]> = {};
  for (const [resourceAppId, scopes] of Object.entries(facts.requested.delegated)) {
    const covered = coveredScopes(resourceAppId);
    const missing = scopes.filter((s) => !covered.has(s.toLowerCase()));
    if (missing.length > 0) neededScopes[resourceAppId] = missing;
  }

  const signIns = facts.signIns ?? [];
  const lastSuccess = signIns.findIndex((s) => s.status.errorCode === 0);
  const recentFailures = (lastSuccess === -1 ? signIns : signIns.slice(0, lastSuccess)).slice(0, 50);

  return {
    facts,
    userId,
    applicableGrants,
    resourceAppIdOf,
    allPrincipalsGrant: (r) => forResource(r, (g) => g.consentType === 'AllPrincipals'),
    userGrant: (r) => forResource(r, isUsers),
    coveredScopes,
    neededScopes,
    recentFailures,
  };
}

export function hasSignInError(view: FactsView, codes: readonly number[]): number[] {
  return [...new Set(view.recentFailures.map((s) => s.status.errorCode).filter((c) => codes.includes(c)))];
}
