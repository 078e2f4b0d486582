/**
 * Which application permission each read needs (docs/permissions.md). When Graph answers a read with 403 the
 * diagnosis names the missing permission instead of failing: the admin can then grant exactly that.
 */

export type ReadKey =
  | 'user'
  | 'memberOf'
  | 'transitiveMemberOf'
  | 'servicePrincipal'
  | 'resource'
  | 'authorizationPolicy'
  | 'permissionGrantPolicies'
  | 'classifications'
  | 'adminConsentRequestPolicy'
  | 'consentRequests'
  | 'userConsentRequests'
  | 'signIns'
  | 'grants'
  | 'appRoleAssignedTo'
  | 'servicePrincipalList'
  | 'failedSignIns'
  | 'roleAssignments'
  | 'consentAdmins';

export interface ReadRequirement {
  /** Words for the admin: which fact the bot could not read. */
  fact: string;
  /** The least-privileged Graph application permission that allows the read. */
  permission: string;
}

export const READ_REQUIREMENTS: Record<ReadKey, ReadRequirement> = {
  user: { fact: "the user's account", permission: 'User.Read.All' },
  memberOf: { fact: "the user's group memberships", permission: 'GroupMember.Read.All' },
  transitiveMemberOf: { fact: "the user's nested group memberships", permission: 'GroupMember.Read.All' },
  servicePrincipal: { fact: "the app's enterprise application", permission: 'Application.Read.All' },
  resource: { fact: 'the resource APIs the app calls', permission: 'Application.Read.All' },
  authorizationPolicy: { fact: 'the user consent settings', permission: 'Policy.Read.All' },
  permissionGrantPolicies: { fact: 'the permission grant policies', permission: 'Policy.Read.All' },
  classifications: { fact: 'the permission classifications', permission: 'Application.Read.All' },
  adminConsentRequestPolicy: { fact: 'the admin consent workflow settings', permission: 'Policy.Read.All' },
  consentRequests: { fact: 'the Entra admin consent requests', permission: 'ConsentRequest.Read.All' },
  userConsentRequests: { fact: 'who raised the Entra admin consent requests', permission: 'ConsentRequest.Read.All' },
  signIns: { fact: 'the sign-in logs', permission: 'AuditLog.Read.All' },
  grants: { fact: "the app's delegated permission grants", permission: 'DelegatedPermissionGrant.Read.All' },
  appRoleAssignedTo: { fact: "the app's user and group assignments", permission: 'Application.Read.All' },
  servicePrincipalList: { fact: "the organisation's enterprise applications", permission: 'Application.Read.All' },
  failedSignIns: { fact: "the user's recent failed sign-ins", permission: 'AuditLog.Read.All' },
  roleAssignments: { fact: "the user's directory roles", permission: 'RoleManagement.Read.Directory' },
  consentAdmins: { fact: 'who holds the consent-granting admin roles', permission: 'RoleManagement.Read.Directory' },
};

/** Graph's answer when the tenant has no Entra ID P1/P2: sign-in logs are a premium feature. */
export const NON_PREMIUM_CODE = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';
