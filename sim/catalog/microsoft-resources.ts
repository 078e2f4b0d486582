/**
 * Microsoft's first-party resource applications as their service principals appear in a tenant:
 * Microsoft Graph and Office 365 SharePoint Online, with a realistic subset of their real delegated
 * scopes (oauth2PermissionScopes) and application permissions (appRoles), using the real, global
 * permission ids. Service principal object ids differ per tenant, so fixtures pass their own `id`.
 *
 * Fixture authors: `microsoftGraphServicePrincipal('<object id>')` and
 * `sharePointServicePrincipal('<object id>')` give the complete objects; the simulator also uses
 * these definitions when a client instantiates one of them with POST /servicePrincipals.
 */
import type { AppRole, PermissionScope, ServicePrincipal } from '../../src/graph/types';
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../src/graph/types';

/** Microsoft Services' tenant, the owner of first-party applications. */
export const MICROSOFT_SERVICES_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

type ScopeSpec = [id: string, value: string, type: 'User' | 'Admin', adminDisplayName: string, userDisplayName?: string];
type RoleSpec = [id: string, value: string, displayName: string];

function scope([id, value, type, adminDisplayName, userDisplayName]: ScopeSpec): PermissionScope {
  return {
    id,
    value,
    type,
    isEnabled: true,
    adminConsentDisplayName: adminDisplayName,
    adminConsentDescription: `Allows the app to ${adminDisplayName.charAt(0).toLowerCase()}${adminDisplayName.slice(1)}.`,
    userConsentDisplayName: userDisplayName ?? adminDisplayName,
    userConsentDescription: `Allows the app to ${(userDisplayName ?? adminDisplayName).toLowerCase()} on your behalf.`,
  };
}

function role([id, value, displayName]: RoleSpec): AppRole {
  return {
    id,
    value,
    displayName,
    description: `Allows the app to ${displayName.charAt(0).toLowerCase()}${displayName.slice(1)} without a signed-in user.`,
    allowedMemberTypes: ['Application'],
    isEnabled: true,
  };
}

/** Microsoft Graph delegated permissions (a subset; ids are the real global ones). */
export const MICROSOFT_GRAPH_SCOPES: PermissionScope[] = ([
  ['37f7f235-527c-4136-accd-4a02d197296e', 'openid', 'User', 'Sign users in'],
  ['14dad69e-099b-42c9-810b-d002981feec1', 'profile', 'User', "View users' basic profile"],
  ['64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', 'email', 'User', "View users' email address"],
  ['7427e0e9-2fba-42fe-b0c0-848c9e6a8182', 'offline_access', 'User', 'Maintain access to data you have given it access to'],
  ['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'User.Read', 'User', 'Sign in and read user profile'],
  ['b340eb25-3456-403f-be2f-af7a0d370277', 'User.ReadBasic.All', 'User', "Read all users' basic profiles"],
  ['a154be20-db9c-4678-8ab7-66f6cc099a59', 'User.Read.All', 'Admin', "Read all users' full profiles"],
  ['5f8c59db-677d-491f-a6b8-5f174b11ec1d', 'Group.Read.All', 'Admin', 'Read all groups'],
  ['06da0dbc-49e2-44d2-8312-53f166ab848a', 'Directory.Read.All', 'Admin', 'Read directory data'],
  ['0e263e50-5827-48a4-b97c-d940288653c7', 'Directory.AccessAsUser.All', 'Admin', 'Access directory as the signed in user'],
  ['10465720-29dd-4523-a11a-6a75c743c9d9', 'Files.Read', 'User', 'Read user files'],
  ['5c28f0bf-8a70-41f1-8ab2-9032436ddb65', 'Files.ReadWrite', 'User', 'Have full access to user files'],
  ['df85f4d6-205c-4ac5-a5ea-6bf408dba283', 'Files.Read.All', 'User', 'Read all files that user can access'],
  ['863451e7-0667-486c-a5d6-d135439485f0', 'Files.ReadWrite.All', 'User', 'Have full access to all files user can access'],
  ['205e70e5-aba6-4c52-a976-6d2d46c48043', 'Sites.Read.All', 'User', 'Read items in all site collections'],
  ['89fe6a52-be36-487e-b7d8-d061c450a026', 'Sites.ReadWrite.All', 'User', 'Edit or delete items in all site collections'],
  ['65e50fdc-43b7-4915-933e-e8138f11f40a', 'Sites.Manage.All', 'User', 'Create, edit, and delete items and lists in all site collections'],
  ['5a54b8b3-347c-476d-8f8e-42d5c7424d29', 'Sites.FullControl.All', 'Admin', 'Have full control of all site collections'],
  ['570282fd-fa5c-430d-a7fd-fc8dc98a9dca', 'Mail.Read', 'User', 'Read user mail'],
  ['e383f46e-2787-4529-855e-0e479a3ffac0', 'Mail.Send', 'User', 'Send mail as a user'],
  ['465a38f9-76ea-45b9-9f34-9e8b0d4b0b42', 'Calendars.Read', 'User', 'Read user calendars'],
] as ScopeSpec[]).map(scope);

/** Microsoft Graph application permissions (a subset; ids are the real global ones). */
export const MICROSOFT_GRAPH_APP_ROLES: AppRole[] = ([
  ['df021288-bdef-4463-88db-98f22de89214', 'User.Read.All', "Read all users' full profiles"],
  ['97235f07-e226-4f63-ace3-39588e11d3a1', 'User.ReadBasic.All', "Read all users' basic profiles"],
  ['741f803b-c850-494e-b5df-cde7c675a1ca', 'User.ReadWrite.All', "Read and write all users' full profiles"],
  ['98830695-27a2-44f7-8c18-0c3ebc9698f6', 'GroupMember.Read.All', 'Read all group memberships'],
  ['5b567255-7703-4780-807c-7be8301ae99b', 'Group.Read.All', 'Read all groups'],
  ['7ab1d382-f21e-4acd-a863-ba3e13f7da61', 'Directory.Read.All', 'Read directory data'],
  ['19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'Directory.ReadWrite.All', 'Read and write directory data'],
  ['9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Application.Read.All', 'Read all applications'],
  ['1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Application.ReadWrite.All', 'Read and write all applications'],
  ['81b4724a-58aa-41c1-8a55-84ef97466587', 'DelegatedPermissionGrant.Read.All', 'Read all delegated permission grants'],
  ['8e8e4742-1d95-4f68-9d56-6ee75648c72a', 'DelegatedPermissionGrant.ReadWrite.All', 'Manage all delegated permission grants'],
  ['06b708a9-e830-4db3-a914-8e69da51d44f', 'AppRoleAssignment.ReadWrite.All', 'Manage app permission grants and app role assignments'],
  ['246dd0d5-5bd0-4def-940b-0421030a5b68', 'Policy.Read.All', "Read your organization's policies"],
  ['9e640839-a198-48fb-8b9a-013fd6f6cbcd', 'Policy.Read.PermissionGrant', 'Read consent and permission grant policies'],
  ['999f8c63-0a38-4f1b-91fd-ed1947bdd1a9', 'Policy.ReadWrite.ConsentRequest', "Read and write your organization's consent request policy"],
  ['fb221be6-99f2-473f-bd32-01c6a0e9ca3b', 'Policy.ReadWrite.Authorization', "Read and write your organization's authorization policy"],
  ['1260ad83-98fb-4785-abbb-d6cc1806fd41', 'ConsentRequest.Read.All', 'Read all consent requests'],
  ['b0afded3-3588-46d8-8b3d-9842eff778da', 'AuditLog.Read.All', 'Read all audit log data'],
  ['483bed4a-2ad3-4361-a73b-c83ccdbdc53c', 'RoleManagement.Read.Directory', 'Read all directory RBAC settings'],
  ['c7fbd983-d9aa-4fa7-84b8-17382c103bc4', 'RoleManagement.Read.All', 'Read role management data for all RBAC providers'],
  ['498476ce-e0fe-48b0-b801-37ba7e2685c6', 'Organization.Read.All', 'Read organization information'],
  ['01d4889c-1287-42c6-ac1f-5d1e02578ef6', 'Files.Read.All', 'Read files in all site collections'],
  ['332a536c-c7ef-4017-ab91-336970924f0d', 'Sites.Read.All', 'Read items in all site collections'],
] as RoleSpec[]).map(role);

/** Office 365 SharePoint Online delegated permissions (a subset; real ids). */
export const SHAREPOINT_SCOPES: PermissionScope[] = ([
  ['4e0d77b0-96ba-4398-af14-3baa780278f4', 'AllSites.Read', 'User', 'Read items in all site collections'],
  ['640ddd16-e5b7-4d71-9690-3f4022699ee7', 'AllSites.Write', 'User', 'Read and write items in all site collections'],
  ['b3f70a70-8a4b-4f95-9573-d71c496a53f4', 'AllSites.Manage', 'User', 'Read and write items and lists in all site collections'],
  ['56680e0d-d2a3-4ae1-80d8-3c4f2100e3d0', 'AllSites.FullControl', 'Admin', 'Have full control of all site collections'],
  ['dd2c8d78-58e1-46d7-82dd-34d411282686', 'MyFiles.Read', 'User', 'Read user files'],
  ['2cfdc887-d7b4-4798-9b33-3d98d6b95dd2', 'MyFiles.Write', 'User', 'Read and write user files'],
  ['1002502a-9a71-4426-8551-69ab83452fab', 'Sites.Search.All', 'Admin', 'Run search queries as a user'],
  ['a468ea40-458c-4cc2-80c4-51781af71e41', 'TermStore.Read.All', 'Admin', 'Read managed metadata'],
] as ScopeSpec[]).map(scope);

/** Office 365 SharePoint Online application permissions (a subset; real ids). */
export const SHAREPOINT_APP_ROLES: AppRole[] = ([
  ['d13f72ca-a275-4b96-b789-48ebcc4da984', 'Sites.Read.All', 'Read items in all site collections'],
  ['fbcd29d2-fcca-4405-aded-518d457caae4', 'Sites.ReadWrite.All', 'Read and write items in all site collections'],
  ['9bff6588-13f2-4c48-bbf2-ddab62256b36', 'Sites.Manage.All', 'Read and write items and lists in all site collections'],
  ['678536fe-1083-478a-9c59-b99265e6b0d3', 'Sites.FullControl.All', 'Have full control of all site collections'],
] as RoleSpec[]).map(role);

function firstParty(id: string, appId: string, displayName: string, scopes: PermissionScope[], appRoles: AppRole[]): ServicePrincipal {
  return {
    id,
    appId,
    displayName,
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appRoles: structuredClone(appRoles),
    oauth2PermissionScopes: structuredClone(scopes),
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    servicePrincipalType: 'Application',
    tags: [],
    disabledByMicrosoftStatus: null,
    homepage: null,
    replyUrls: [],
  };
}

export function microsoftGraphServicePrincipal(objectId: string): ServicePrincipal {
  return firstParty(objectId, MICROSOFT_GRAPH_APP_ID, 'Microsoft Graph', MICROSOFT_GRAPH_SCOPES, MICROSOFT_GRAPH_APP_ROLES);
}

export function sharePointServicePrincipal(objectId: string): ServicePrincipal {
  return firstParty(objectId, SHAREPOINT_APP_ID, 'Office 365 SharePoint Online', SHAREPOINT_SCOPES, SHAREPOINT_APP_ROLES);
}

/** First-party apps the simulator can instantiate with POST /servicePrincipals. */
export const MICROSOFT_RESOURCE_APPS: ReadonlyArray<{ appId: string; create(objectId: string): ServicePrincipal }> = [
  { appId: MICROSOFT_GRAPH_APP_ID, create: microsoftGraphServicePrincipal },
  { appId: SHAREPOINT_APP_ID, create: sharePointServicePrincipal },
];
