/**
 * Microsoft Graph v1.0 resource shapes, as far as Consent Doctor reads or writes them.
 * The simulator stores tenants in exactly these shapes (the tenant fixture format), so the bot and
 * the simulator cannot drift apart. Optional fields are ones Graph may omit or return as null.
 *
 * Each interface is checked at compile time against Microsoft's own v1.0 types
 * (@microsoft/microsoft-graph-types, generated from the published v1.0 metadata): a property v1.0
 * does not have, or a type v1.0 would not accept, fails `npm run typecheck` (see the end of this file).
 */
import type * as V1 from '@microsoft/microsoft-graph-types';

export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const SHAREPOINT_APP_ID = '00000003-0000-0ff1-ce00-000000000000';
export const DEFAULT_APP_ROLE_ID = '00000000-0000-0000-0000-000000000000';

export interface User {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string | null;
  accountEnabled?: boolean;
  userType?: 'Member' | 'Guest';
}

export interface Group {
  id: string;
  displayName: string;
  securityEnabled?: boolean;
  isAssignableToRole?: boolean;
}

/** A fixture group carries its direct members (directoryObject ids: users or groups). */
export interface FixtureGroup extends Group {
  members: string[];
}

export interface DirectoryObjectRef {
  '@odata.type': '#microsoft.graph.user' | '#microsoft.graph.group' | '#microsoft.graph.servicePrincipal';
  id: string;
  displayName?: string;
}

export interface PermissionScope {
  id: string;
  value: string;
  type: 'User' | 'Admin';
  isEnabled: boolean;
  adminConsentDisplayName?: string;
  adminConsentDescription?: string;
  userConsentDisplayName?: string | null;
  userConsentDescription?: string | null;
}

export interface AppRole {
  id: string;
  value: string | null;
  displayName: string;
  description?: string;
  allowedMemberTypes: Array<'User' | 'Application'>;
  isEnabled: boolean;
}

export interface VerifiedPublisher {
  displayName: string | null;
  verifiedPublisherId: string | null;
  addedDateTime: string | null;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  accountEnabled?: boolean;
  appRoleAssignmentRequired?: boolean;
  appRoles?: AppRole[];
  oauth2PermissionScopes?: PermissionScope[];
  appOwnerOrganizationId?: string | null;
  verifiedPublisher?: VerifiedPublisher;
  servicePrincipalType?: string;
  tags?: string[];
  disabledByMicrosoftStatus?: string | null;
  homepage?: string | null;
  replyUrls?: string[];
}

export interface OAuth2PermissionGrant {
  id: string;
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  resourceId: string;
  scope: string;
}

export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType?: 'User' | 'Group' | 'ServicePrincipal';
  principalDisplayName?: string;
  resourceId: string;
  resourceDisplayName?: string;
  createdDateTime?: string;
}

export interface AuthorizationPolicy {
  id: string;
  displayName?: string;
  defaultUserRolePermissions: {
    allowedToCreateApps?: boolean;
    permissionGrantPoliciesAssigned: string[];
  };
}

export interface V1PermissionGrantConditionSet {
  id: string;
  permissionType?: 'delegated' | 'application' | 'delegatedUserConsentable';
  permissionClassification?: 'low' | 'medium' | 'high' | 'all';
  /** ["all"] or permission ids */
  permissions?: string[];
  /** "any" or a resource appId */
  resourceApplication?: string;
  /** ["all"] or client app ids */
  clientApplicationIds?: string[];
  clientApplicationTenantIds?: string[];
  clientApplicationPublisherIds?: string[];
  clientApplicationsFromVerifiedPublisherOnly?: boolean;
}

/** A condition set as policies hold it: certifiedClientApplicationsOnly is beta-only (absent on v1.0). */
export type PermissionGrantConditionSet = V1PermissionGrantConditionSet & { certifiedClientApplicationsOnly?: boolean };

export interface PermissionGrantPolicy {
  id: string;
  displayName?: string;
  description?: string;
  includes: PermissionGrantConditionSet[];
  excludes: PermissionGrantConditionSet[];
}

export interface DelegatedPermissionClassification {
  id: string;
  permissionId: string;
  permissionName: string;
  classification: 'low' | 'medium' | 'high';
}

export interface AdminConsentRequestPolicy {
  isEnabled: boolean;
  notifyReviewers: boolean;
  remindersEnabled: boolean;
  requestDurationInDays: number;
  reviewers: Array<{ query: string; queryType: string; queryRoot: string | null }>;
  version: number;
}

export interface ConsentRequestStage {
  reviewResult: string | null;
  status: string;
  justification?: string | null;
  reviewedBy?: { id?: string; displayName?: string; userPrincipalName?: string } | null;
  reviewedDateTime?: string | null;
}

export interface UserConsentRequest {
  id: string;
  status: 'Initializing' | 'InProgress' | 'Expired' | 'Completed' | string;
  createdDateTime: string;
  createdBy: { user: { id: string; displayName?: string; userPrincipalName?: string } };
  reason?: string | null;
  approval?: { stages: ConsentRequestStage[] };
}

export interface AppConsentRequest {
  id: string;
  appId: string;
  appDisplayName: string;
  pendingScopes: Array<{ displayName: string }>;
  /** A navigation property: v1.0 returns it only with $expand; read it per request (.../{id}/userConsentRequests). */
  userConsentRequests: UserConsentRequest[];
}

/** The fixture's shape of a request: beta's consentType is accepted and served on beta only. */
export type FixtureAppConsentRequest = AppConsentRequest & { consentType?: string };

export interface SignIn {
  id: string;
  createdDateTime: string;
  userId: string;
  userPrincipalName: string;
  userDisplayName?: string;
  appId: string;
  appDisplayName: string;
  resourceId?: string | null;
  resourceDisplayName?: string | null;
  correlationId?: string;
  conditionalAccessStatus?: 'success' | 'failure' | 'notApplied' | 'unknownFutureValue';
  status: { errorCode: number; failureReason?: string | null; additionalDetails?: string | null };
}

export interface UnifiedRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
}

/** Graph's error body. */
export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError?: { date: string; 'request-id': string; 'client-request-id'?: string };
  };
}

// ---- compile-time conformance with Microsoft's v1.0 types ---------------------------------------

/** Every key of T exists on Graph's v1.0 type G, with a value G accepts (else the key maps to never). */
type OnlyV1<T, G> = { [K in keyof T]: K extends keyof G ? G[K] : never };
/** Fails to compile unless T conforms to G. */
type Conforms<G, T extends OnlyV1<T, G>> = T;

export type V1Conformance = [
  Conforms<V1.User, User>,
  Conforms<V1.Group, Group>,
  Conforms<V1.PermissionScope, PermissionScope>,
  Conforms<V1.AppRole, AppRole>,
  Conforms<V1.VerifiedPublisher, VerifiedPublisher>,
  Conforms<V1.ServicePrincipal, ServicePrincipal>,
  Conforms<V1.OAuth2PermissionGrant, OAuth2PermissionGrant>,
  Conforms<V1.AppRoleAssignment, AppRoleAssignment>,
  Conforms<V1.AuthorizationPolicy, Omit<AuthorizationPolicy, 'defaultUserRolePermissions'>>,
  Conforms<V1.DefaultUserRolePermissions, AuthorizationPolicy['defaultUserRolePermissions']>,
  Conforms<V1.PermissionGrantConditionSet, V1PermissionGrantConditionSet>,
  Conforms<V1.PermissionGrantPolicy, Omit<PermissionGrantPolicy, 'includes' | 'excludes'>>,
  Conforms<V1.DelegatedPermissionClassification, DelegatedPermissionClassification>,
  Conforms<V1.AdminConsentRequestPolicy, Omit<AdminConsentRequestPolicy, 'reviewers'>>,
  Conforms<V1.ApprovalStage, ConsentRequestStage>,
  Conforms<V1.UserConsentRequest, Omit<UserConsentRequest, 'approval' | 'createdBy'>>,
  Conforms<V1.AppConsentRequest, Omit<AppConsentRequest, 'userConsentRequests'>>,
  Conforms<V1.SignIn, SignIn>,
  Conforms<V1.SignInStatus, SignIn['status']>,
  Conforms<V1.UnifiedRoleAssignment, UnifiedRoleAssignment>,
];
