/**
 * Stored objects -> the JSON Graph returns (per API version), plus the entity descriptions used for
 * $select validation and default property sets.
 */
import type { ServicePrincipal as V1ServicePrincipal, User as V1User } from '@microsoft/microsoft-graph-types';
import type { ServicePrincipal as BetaServicePrincipal } from '@microsoft/microsoft-graph-types-beta';
import type { FixtureGroup, User } from '../../src/graph/types';
import type { StoredServicePrincipal } from '../fixture';
import type { DirectoryObject } from '../state';
import type { CollectionSpec, GraphObject } from './collection';
import type { GraphVersion } from './context';

export const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

export const USER_PROPERTIES = [
  ...USER_DEFAULT_PROPERTIES,
  'accountEnabled',
  'userType',
  'createdDateTime',
  'department',
  'companyName',
  'otherMails',
  'proxyAddresses',
  'onPremisesSyncEnabled',
  'employeeId',
  'usageLocation',
  'mailNickname',
  'externalUserState',
  'identities',
  'signInActivity',
  'assignedLicenses',
  'deletedDateTime',
];

export const GROUP_PROPERTIES = [
  'id',
  'displayName',
  'description',
  'securityEnabled',
  'mailEnabled',
  'mail',
  'mailNickname',
  'groupTypes',
  'isAssignableToRole',
  'membershipRule',
  'visibility',
  'createdDateTime',
  'deletedDateTime',
];

export const SERVICE_PRINCIPAL_PROPERTIES = [
  'id',
  'appId',
  'displayName',
  'accountEnabled',
  'appRoleAssignmentRequired',
  'appRoles',
  'oauth2PermissionScopes',
  'appOwnerOrganizationId',
  'verifiedPublisher',
  'servicePrincipalType',
  'tags',
  'disabledByMicrosoftStatus',
  'homepage',
  'replyUrls',
  'appDisplayName',
  'appDescription',
  'description',
  'servicePrincipalNames',
  'signInAudience',
  'notes',
  'info',
  'loginUrl',
  'logoutUrl',
  'preferredSingleSignOnMode',
  'keyCredentials',
  'passwordCredentials',
  'alternativeNames',
  'deletedDateTime',
];

/** businessPhones is a collection: Graph returns [] for a user without phones, never null. */
export function userView(u: User): GraphObject {
  const out: V1User & { '@odata.type': string } = { '@odata.type': '#microsoft.graph.user', businessPhones: [], ...u };
  return out as unknown as GraphObject;
}

export function groupView(g: FixtureGroup): GraphObject {
  const { members: _members, ...rest } = g;
  return { '@odata.type': '#microsoft.graph.group', ...rest };
}

/**
 * v1.0 has no publisherName (it is a beta-only property: learn.microsoft.com/graph/api/resources/serviceprincipal
 * lists none; microsoftgraph/microsoft-graph-docs#12202); beta also renames oauth2PermissionScopes to
 * publishedPermissionScopes (learn.microsoft.com/graph/api/resources/serviceprincipal?view=graph-rest-beta).
 */
export function servicePrincipalView(sp: StoredServicePrincipal, version: GraphVersion): GraphObject {
  const { publisherName, ...v1 } = sp;
  if (version === 'v1.0') {
    const out: V1ServicePrincipal & { '@odata.type': string } = {
      '@odata.type': '#microsoft.graph.servicePrincipal',
      appDisplayName: sp.displayName,
      servicePrincipalNames: [sp.appId],
      ...v1,
    };
    return out as unknown as GraphObject;
  }
  const { oauth2PermissionScopes, ...rest } = v1;
  const out: BetaServicePrincipal & { '@odata.type': string } = {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    appDisplayName: sp.displayName,
    servicePrincipalNames: [sp.appId],
    ...rest,
    publisherName: publisherName ?? null,
    publishedPermissionScopes: oauth2PermissionScopes,
  };
  return out as unknown as GraphObject;
}

export function directoryObjectView(o: DirectoryObject, version: GraphVersion): GraphObject {
  switch (o.type) {
    case 'user':
      return userView(o.object);
    case 'group':
      return groupView(o.object);
    case 'servicePrincipal':
      return servicePrincipalView(o.object, version);
  }
}

/** Polymorphic directoryObject collections (memberOf, members, ...): any filter is an advanced query. */
export function directoryObjectsSpec(entityName: string): CollectionSpec {
  return {
    type: 'directoryObject',
    entitySet: 'directoryObjects',
    polymorphic: true,
    properties: [...new Set([...USER_PROPERTIES, ...GROUP_PROPERTIES, ...SERVICE_PRINCIPAL_PROPERTIES])],
    rules: {
      entityName,
      directoryObjects: true,
      filterNeedsAdvanced: true,
      searchable: ['displayName', 'mail', 'userPrincipalName', 'description'],
    },
  };
}
