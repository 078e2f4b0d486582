/**
 * Least privilege, as Microsoft Graph enforces it: every operation names the permissions that allow it
 * (docs/permissions.md and the Graph API reference "Permissions" tables). A requirement is a list of groups; each
 * group is satisfied by ANY of its permissions, and ALL groups must be satisfied (sign-in logs need
 * AuditLog.Read.All AND Directory.Read.All).
 *
 * Application tokens carry permissions in `roles`, delegated (on-behalf-of) tokens in `scp`; the
 * simulator checks both the same way. Delegated writes are further limited by the signed-in user's
 * directory roles (sim/graph/delegated-roles.ts).
 */
import { forbidden, GraphHttpError } from './errors';

export type Requirement = readonly (readonly string[])[];

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];

export const PERMISSIONS = {
  'users.read': [['User.Read.All', 'User.ReadBasic.All', 'User.ReadWrite.All', ...DIRECTORY_READ]],
  /** /me with a delegated token */
  'me.read': [['User.Read', 'User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', ...DIRECTORY_READ]],
  'groups.read': [['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_READ]],
  /** memberOf / transitiveMemberOf of a user */
  'users.memberOf': [['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_READ]],
  'directoryObjects.read': [DIRECTORY_READ],
  'organization.read': [['Organization.Read.All', 'User.Read', ...DIRECTORY_READ]],
  'servicePrincipals.read': [['Application.Read.All', 'Application.ReadWrite.All', ...DIRECTORY_READ]],
  'servicePrincipals.write': [['Application.ReadWrite.All', 'Directory.ReadWrite.All']],
  'grants.read': [['DelegatedPermissionGrant.Read.All', 'DelegatedPermissionGrant.ReadWrite.All', ...DIRECTORY_READ]],
  'grants.write': [['DelegatedPermissionGrant.ReadWrite.All']],
  'appRoleAssignedTo.read': [
    ['Application.Read.All', 'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', ...DIRECTORY_READ],
  ],
  /**
   * POST/DELETE .../appRoleAssignedTo: AppRoleAssignment.ReadWrite.All AND Application.Read.All
   * (learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto, "Permissions").
   */
  'appRoleAssignedTo.write': [['AppRoleAssignment.ReadWrite.All'], ['Application.Read.All']],
  'userAppRoleAssignments.read': [['AppRoleAssignment.ReadWrite.All', ...DIRECTORY_READ]],
  'authorizationPolicy.read': [['Policy.Read.All', 'Policy.ReadWrite.Authorization']],
  'authorizationPolicy.write': [['Policy.ReadWrite.Authorization']],
  'permissionGrantPolicies.read': [
    ['Policy.Read.PermissionGrant', 'Policy.ReadWrite.PermissionGrant', 'Policy.Read.All'],
  ],
  'delegatedPermissionClassifications.read': [['Application.Read.All', 'Application.ReadWrite.All', ...DIRECTORY_READ]],
  'delegatedPermissionClassifications.write': [['Policy.ReadWrite.PermissionGrant']],
  'adminConsentRequestPolicy.read': [['Policy.Read.All', 'Policy.ReadWrite.ConsentRequest']],
  'adminConsentRequestPolicy.write': [['Policy.ReadWrite.ConsentRequest']],
  'appConsentRequests.read': [['ConsentRequest.Read.All', 'ConsentRequest.ReadWrite.All']],
  'signIns.read': [['AuditLog.Read.All'], DIRECTORY_READ],
  'roleAssignments.read': [
    [
      'RoleManagement.Read.Directory',
      'RoleManagement.Read.All',
      'RoleManagement.ReadWrite.Directory',
      ...DIRECTORY_READ,
    ],
  ],
} as const satisfies Record<string, Requirement>;

export type PermissionName = keyof typeof PERMISSIONS;

/**
 * Adds what a permission implies: X.ReadWrite.Y implies X.Read.Y, X.Read.All implies
 * X.ReadBasic.All, RoleManagement.Read.Directory is implied by RoleManagement.Read.All.
 */
export function expandPermissions(granted: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const p of granted) {
    out.add(p);
    const rw = /^(.+)\.ReadWrite\.(.+)$/.exec(p);
    if (rw) out.add(`${rw[1]}.Read.${rw[2]}`);
  }
  for (const p of [...out]) {
    const ra = /^(.+)\.Read\.All$/.exec(p);
    if (ra) out.add(`${ra[1]}.ReadBasic.All`);
    if (p === 'RoleManagement.Read.All') out.add('RoleManagement.Read.Directory');
  }
  return out;
}

export function satisfies(granted: ReadonlySet<string>, requirement: Requirement): boolean {
  return requirement.every((group) => group.some((p) => granted.has(p)));
}

/**
 * Sign-in logs without AuditLog.Read.All: Graph answers 403 Authentication_MSGraphPermissionMissing
 * rather than the directory's Authorization_RequestDenied (community-captured responses, e.g. in
 * microsoftgraph/msgraph-sdk-powershell issues about Get-MgAuditLogSignIn).
 */
const AUDIT_LOG_READ = ['AuditLog.Read.All'];

export function requirePermission(granted: ReadonlySet<string>, name: PermissionName): void {
  if (satisfies(granted, PERMISSIONS[name])) return;
  if (name === 'signIns.read' && !satisfies(granted, [AUDIT_LOG_READ])) {
    throw new GraphHttpError(
      403,
      'Authentication_MSGraphPermissionMissing',
      'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
    );
  }
  throw forbidden();
}
