/**
 * The Graph reads behind a diagnosis, as batch parts. Parts are keyed so a caller that already
 * ran some of them (the intake round) is not charged twice. Which round a read goes in depends
 * only on what it needs: the app's service principal object id, or nothing.
 */
import { isGuid } from '../guid';
import type { ReadPart } from './batch-reader';
import type { ReadKey } from './facts-permissions';

const USER_SELECT = 'id,displayName,userPrincipalName,mail,accountEnabled,userType';
const GROUP_SELECT = 'id,displayName,securityEnabled,isAssignableToRole';
/**
 * A resource API's service principal: only what the diagnosis reads from it. Microsoft Graph's
 * publishes ~800 delegated scopes and ~700 app roles; leaving appRoles out roughly halves the read
 * (add it when a rule needs a resource's application permissions).
 */
export const RESOURCE_SELECT = 'id,appId,displayName,oauth2PermissionScopes';
export const SIGN_IN_LIMIT = 20;

// A batch part id is the read key, plus a suffix for per-resource and per-person reads
// ("resource:<appId>", "classifications:<appId>", "userConsentRequests:<id>", "user~<id>").

export function readKeyOf(id: string): ReadKey {
  return id.split(/[:~]/, 1)[0] as ReadKey;
}

/** OData string literal: single quotes are doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Path segment for /users/{id|UPN}; '#' in guest UPNs and other reserved characters are escaped. */
export function userSegment(userQuery: string): string {
  return encodeURIComponent(userQuery.trim());
}

function q(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%24/g, '$').replace(/%2C/gi, ',')}`)
    .join('&');
}

/** Sign-ins filter on userId when the caller gave an object id, else on the UPN. */
function signInUserFilter(userQuery: string): string {
  const trimmed = userQuery.trim();
  return isGuid(trimmed)
    ? `userId eq ${odataString(trimmed.toLowerCase())}`
    : `userPrincipalName eq ${odataString(trimmed)}`;
}

/**
 * Reads that do not depend on which app is diagnosed. `lookupOnly` resources are read without their
 * classifications (only a resource the app asks for needs those; they follow in round 2), which keeps
 * round 1 inside one $batch of 20.
 */
export function tenantAndUserReads(
  userQuery: string,
  resourceAppIds: readonly string[],
  lookupOnly: readonly string[] = [],
): ReadPart[] {
  const user = userSegment(userQuery);
  const parts: ReadPart[] = [
    { id: 'user', url: `/users/${user}?${q({ $select: USER_SELECT })}` },
    { id: 'memberOf', url: `/users/${user}/memberOf?${q({ $select: GROUP_SELECT })}`, collection: true },
    {
      id: 'transitiveMemberOf',
      url: `/users/${user}/transitiveMemberOf?${q({ $select: GROUP_SELECT })}`,
      collection: true,
    },
    { id: 'authorizationPolicy', url: '/policies/authorizationPolicy' },
    { id: 'permissionGrantPolicies', url: '/policies/permissionGrantPolicies', collection: true },
    { id: 'adminConsentRequestPolicy', url: '/policies/adminConsentRequestPolicy' },
  ];
  for (const appId of resourceAppIds) parts.push(...resourceReads(appId));
  for (const appId of lookupOnly) if (!resourceAppIds.includes(appId)) parts.push(resourceRead(appId));
  return parts;
}

/** A resource API's service principal and its permission classifications. */
export function resourceReads(resourceAppId: string): ReadPart[] {
  return [resourceRead(resourceAppId), classificationsRead(resourceAppId)];
}

/**
 * The same few resource APIs are read for every diagnosis (most from the tenant-read cache): their
 * parts are built once per app id. Frozen, since every caller shares them; bounded like any memo.
 */
const resourceParts = new Map<string, Readonly<ReadPart>>();
function memoPart(key: string, build: () => ReadPart): ReadPart {
  let part = resourceParts.get(key);
  if (!part) {
    if (resourceParts.size >= 1_000) resourceParts.clear();
    part = Object.freeze(build());
    resourceParts.set(key, part);
  }
  return part;
}

/** A resource API's service principal with the permissions it publishes. */
export function resourceRead(resourceAppId: string): ReadPart {
  const appId = resourceAppId.toLowerCase();
  return memoPart(`resource:${appId}`, () => ({
    id: `resource:${appId}`,
    url: `/servicePrincipals?${q({ $filter: `appId eq ${odataString(appId)}`, $select: RESOURCE_SELECT })}`,
    collection: true,
  }));
}

/** The resource's delegated permission classifications (for policies that allow "low" permissions). */
export function classificationsRead(resourceAppId: string): ReadPart {
  const appId = resourceAppId.toLowerCase();
  return memoPart(`classifications:${appId}`, () => ({
    id: `classifications:${appId}`,
    url: `/servicePrincipals(appId=${odataString(appId)})/delegatedPermissionClassifications`,
    collection: true,
  }));
}

/** Reads that need the app id only. */
export function appReads(appId: string, userQuery: string): ReadPart[] {
  const id = appId.toLowerCase();
  return [
    {
      id: 'servicePrincipal',
      url: `/servicePrincipals?${q({ $filter: `appId eq ${odataString(id)}` })}`,
      collection: true,
    },
    {
      id: 'consentRequests',
      url: `/identityGovernance/appConsent/appConsentRequests?${q({ $filter: `appId eq ${odataString(id)}` })}`,
      collection: true,
    },
    {
      // signIns supports $top, $skiptoken and $filter only (learn.microsoft.com/graph/api/signin-list):
      // no $orderby; results come newest first, and the caller sorts again in code.
      id: 'signIns',
      url: `/auditLogs/signIns?${q({
        $filter: `appId eq ${odataString(id)} and ${signInUserFilter(userQuery)}`,
        $top: String(SIGN_IN_LIMIT),
      })}`,
      collection: true,
      maxItems: SIGN_IN_LIMIT,
    },
  ];
}

/**
 * The people behind one Entra consent request: userConsentRequests is a navigation property that
 * v1.0 does not return inline, so each request's children are read on their own
 * (learn.microsoft.com/graph/api/appconsentrequest-list-userconsentrequests).
 */
export function userConsentRequestReads(requestId: string): ReadPart {
  return {
    id: `userConsentRequests:${requestId}`,
    url: `/identityGovernance/appConsent/appConsentRequests/${encodeURIComponent(requestId)}/userConsentRequests`,
    collection: true,
  };
}

/**
 * The user's directory role assignments (docs/entra-semantics.md#who-may-grant): needs the user's object id,
 * because the list must be filtered on principalId.
 */
export function userRoleReads(userId: string): ReadPart[] {
  const filter = `principalId eq ${odataString(userId.trim().toLowerCase())}`;
  return [
    {
      id: 'roleAssignments',
      url: `/roleManagement/directory/roleAssignments?${q({ $filter: filter, $select: 'id,principalId,roleDefinitionId,directoryScopeId' })}`,
      collection: true,
    },
  ];
}

/** Reads that need the app's service principal object id. */
export function servicePrincipalReads(spId: string): ReadPart[] {
  const id = spId.toLowerCase();
  return [
    {
      id: 'grants',
      url: `/oauth2PermissionGrants?${q({ $filter: `clientId eq ${odataString(id)}` })}`,
      collection: true,
    },
    {
      id: 'appRoleAssignedTo',
      url: `/servicePrincipals/${encodeURIComponent(id)}/appRoleAssignedTo`,
      collection: true,
    },
  ];
}

/**
 * The same two reads addressed by the app id (the service principal's alternate key), so they need
 * no earlier answer and join round 1 (learn.microsoft.com/graph/api/serviceprincipal-list-oauth2permissiongrants
 * and serviceprincipal-list-approleassignedto: "address the service principal using either its id or
 * appId"). Same part ids: a caller never reads both. An app not in the tenant answers 404 (no grants).
 */
export function servicePrincipalReadsByAppId(appId: string): ReadPart[] {
  const key = `servicePrincipals(appId=${odataString(appId.toLowerCase())})`;
  return [
    { id: 'grants', url: `/${key}/oauth2PermissionGrants`, collection: true },
    { id: 'appRoleAssignedTo', url: `/${key}/appRoleAssignedTo`, collection: true },
  ];
}

/** One person's name, for findings that say who holds a single-user grant. */
export function principalNameRead(userId: string): ReadPart {
  return { id: `user~${userId.toLowerCase()}`, url: `/users/${encodeURIComponent(userId)}?$select=id,displayName` };
}

/**
 * Who holds a consent-granting directory role, with their names (unifiedRoleAssignment: roleDefinitionId
 * supports $filter eq/in, principal supports $expand; learn.microsoft.com/graph/api/resources/unifiedroleassignment).
 * Free text reads it in the intake round: an admin who approved an app only for themselves is then
 * named without a round trip of its own (the grants that name them arrive one round later).
 */
export function consentAdminReads(roleDefinitionIds: readonly string[]): ReadPart[] {
  if (roleDefinitionIds.length === 0) return [];
  const list = roleDefinitionIds.map((id) => odataString(id.toLowerCase())).join(',');
  return [
    {
      id: 'consentAdmins',
      url: `/roleManagement/directory/roleAssignments?${q({
        $filter: `roleDefinitionId in (${list})`,
        $select: 'id,principalId,roleDefinitionId,directoryScopeId',
        $expand: 'principal($select=id,displayName)',
      })}`,
      collection: true,
    },
  ];
}

/** Intake (app not yet known): the tenant's apps for name matching and the user's recent failures. */
export const INTAKE_SIGN_IN_LIMIT = 50;
export function findAppCandidatesReads(userQuery: string): ReadPart[] {
  return [
    {
      id: 'servicePrincipalList',
      // publisherName is beta-only: v1.0 would answer 400 for it in $select.
      url: `/servicePrincipals?${q({ $select: 'id,appId,displayName,verifiedPublisher,appOwnerOrganizationId,accountEnabled', $top: '999' })}`,
      collection: true,
    },
    {
      // The tenant's Entra consent requests, so the chosen app's requests are known after intake and
      // their userConsentRequests (never inline on v1.0) fit in the next round.
      id: 'consentRequestList',
      url: `/identityGovernance/appConsent/appConsentRequests?${q({ $select: 'id,appId,appDisplayName,pendingScopes' })}`,
      collection: true,
    },
    {
      id: 'failedSignIns',
      url: `/auditLogs/signIns?${q({ $filter: signInUserFilter(userQuery), $top: String(INTAKE_SIGN_IN_LIMIT) })}`,
      collection: true,
      maxItems: INTAKE_SIGN_IN_LIMIT,
    },
  ];
}
