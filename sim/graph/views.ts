/**
 * Stored objects -> the JSON Graph returns (per API version), plus the entity descriptions used for
 * $select validation and default property sets.
 */
import type { FixtureGroup, ServicePrincipal, User } from '../../src/graph/types';
import type { DirectoryObject } from '../state';
import type { CollectionSpec, GraphObject } from './collection';
import type { GraphVersion } from './context';

export const USER_DEFAULT_PROPERTIES = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation',
  'preferredLanguage', 'surname', 'userPrincipalName', 'id',
] as const;

export const USER_PROPERTIES = [
  ...USER_DEFAULT_PROPERTIES, 'accountEnabled', 'userType', 'createdDateTime', 'department', 'companyName',
  'otherMails', 'proxyAddresses', 'onPremisesSyncEnabled', 'employeeId', 'usageLocation', 'mailNickname',
  'externalUserState', 'identities', 'signInActivity', 'assignedLicenses', 'deletedDateTime',
];

export const GROUP_PROPERTIES = [
  'id', 'displayName', 'description', 'securityEnabled', 'mailEnabled', 'mail', 'mailNickname', 'groupTypes',
  'isAssignableToRole', 'membershipRule', 'visibility', 'createdDateTime', 'deletedDateTime',
];

export const SERVICE_PRINCIPAL_PROPERTIES = [
  'id', 'appId', 'displayName', 'accountEnabled', 'appRoleAssignmentRequired', 'appRoles', 'oauth2PermissionScopes',
  'appOwnerOrganizationId', 'publisherName', 'verifiedPublisher', 'servicePrincipalType', 'tags',
  'disabledByMicrosoftStatus', 'homepage', 'replyUrls', 'appDisplayName', 'appDescription', 'description',
  'servicePrincipalNames', 'signInAudience', 'notes', 'info', 'loginUrl', 'logoutUrl', 'createdDateTime',
  'preferredSingleSignOnMode', 'keyCredentials', 'passwordCredentials', 'alternativeNames', 'deletedDateTime',
];

export function userView(u: User): GraphObject {
  return { '@odata.type': '#microsoft.graph.user', ...u };
}

export function groupView(g: FixtureGroup): GraphObject {
  const { members: _members, ...rest } = g;
  return { '@odata.type': '#microsoft.graph.group', ...rest };
}

/** beta renames oauth2PermissionScopes to publishedPermissionScopes. */
export function servicePrincipalView(sp: ServicePrincipal, version: GraphVersion): GraphObject {
  const out: GraphObject = {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    appDisplayName: sp.displayName,
    servicePrincipalNames: [sp.appId],
    ...sp,
  };
  if (version === 'beta') {
    out.publishedPermissionScopes = out.oauth2PermissionScopes;
    delete out.oauth2PermissionScopes;
  }
  return out;
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
