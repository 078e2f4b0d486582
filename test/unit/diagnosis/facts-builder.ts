/** Small builder for Facts in plain data, so each rule test states only what matters to it. */
import {
  MICROSOFT_GRAPH_APP_ID,
  SHAREPOINT_APP_ID,
  type AppConsentRequest,
  type AppRoleAssignment,
  type Group,
  type OAuth2PermissionGrant,
  type PermissionScope,
  type ServicePrincipal,
  type SignIn,
  type User,
} from '../../../src/graph/types';
import type { Facts, RequestedScopes, ScopeEvidenceSource, ScopeSource } from '../../../src/diagnosis/types';
import { builtInPermissionGrantPolicies } from '../../../sim/catalog/permission-grant-policies';
import { MICROSOFT_GRAPH_SCOPES } from '../../../sim/catalog/microsoft-resources';

/** The OpenID Connect scopes exactly as Microsoft Graph publishes them (generated data, not a copy). */
const OIDC_AS_PUBLISHED: PermissionScope[] = MICROSOFT_GRAPH_SCOPES.filter((s) =>
  ['openid', 'profile', 'email'].includes(s.value),
).map((s) => ({ ...s }));

export const TENANT_ID = '11111111-1111-1111-1111-111111111111';
export const VENDOR_TENANT_ID = 'c0ffee00-0000-4000-8000-000000000001';
export const QLIK_SHAREPOINT_APP_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
export const QLIK_ONEDRIVE_APP_ID = 'aaaaaaaa-0000-4000-8000-000000000002';

export const USER: User = {
  id: 'u0000000-0000-4000-8000-00000000a11c',
  displayName: 'Alice Analyst',
  userPrincipalName: 'alice@contoso.test',
  accountEnabled: true,
};
export const ADMIN: User = {
  id: 'u0000000-0000-4000-8000-0000000ad111',
  displayName: 'Adam Admin',
  userPrincipalName: 'adam@contoso.test',
  accountEnabled: true,
};

/** Display names as Microsoft Graph publishes them (plain words, shown to end users). */
const DISPLAY_NAMES: Record<string, string> = {
  'User.Read': 'Sign you in and read your profile',
  'Files.Read': 'Read your files',
  'Files.Read.All': 'Read all files that you have access to',
  'Files.ReadWrite.All': 'Have full access to all files you have access to',
  'Sites.Read.All': 'Read items in all site collections',
  'Sites.Manage.All': 'Create, edit, and delete items and lists in all your site collections',
  'Sites.ReadWrite.All': 'Edit or delete items in all site collections',
  offline_access: 'Maintain access to data you have given it access to',
  'User.Read.All': "Read all users' full profiles",
  'AllSites.Read': 'Read items in all site collections',
};

function scope(id: string, value: string, type: 'User' | 'Admin'): PermissionScope {
  const name = DISPLAY_NAMES[value] ?? value;
  return {
    id,
    value,
    type,
    isEnabled: true,
    adminConsentDisplayName: name,
    userConsentDisplayName: type === 'User' ? name : null,
  };
}

export const GRAPH_SP: ServicePrincipal = {
  id: 'sp-graph-0000',
  appId: MICROSOFT_GRAPH_APP_ID,
  displayName: 'Microsoft Graph',
  accountEnabled: true,
  appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  oauth2PermissionScopes: [
    scope('e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'User.Read', 'User'),
    scope('10465720-29dd-4523-a11a-6a75c743c9d9', 'Files.Read', 'User'),
    scope('df85f4d6-205c-4ac5-a5ea-6bf408dba283', 'Files.Read.All', 'User'),
    scope('863451e7-0667-486c-a5d6-d135439485f0', 'Files.ReadWrite.All', 'User'),
    scope('205e70e5-aba6-4c52-a976-6d2d46c48043', 'Sites.Read.All', 'User'),
    scope('65e50fdc-43b7-4915-933e-e8138f11f40a', 'Sites.Manage.All', 'User'),
    scope('89fe6a52-be36-487e-b7d8-d061c450a026', 'Sites.ReadWrite.All', 'User'),
    scope('7427e0e9-2fba-42fe-b0c0-848c9e6a8182', 'offline_access', 'User'),
    scope('a154be20-db9c-4678-8ab7-66f6cc099a59', 'User.Read.All', 'Admin'),
    ...OIDC_AS_PUBLISHED,
  ],
};

export const SHAREPOINT_SP: ServicePrincipal = {
  id: 'sp-spo-0000',
  appId: SHAREPOINT_APP_ID,
  displayName: 'Office 365 SharePoint Online',
  accountEnabled: true,
  appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  oauth2PermissionScopes: [scope('4e0d77b0-96ba-4398-af14-3baa780278f4', 'AllSites.Read', 'User')],
};

const QLIK_NAMES: Record<string, string> = {
  sharepoint: 'Qlik Web Connectors (Office 365 SharePoint)',
  onedrive: 'Qlik Web Connectors (OneDrive)',
  outlook: 'Qlik Web Connectors (Outlook 365)',
  dynamics: 'Qlik Web Connectors (Dynamics 365 CRM)',
  storage: 'Qlik Web Connectors (Azure Storage)',
};

/** A Qlik Web Connectors service principal; app ids are test values, never real Qlik ids. */
export function qlikSp(kind: keyof typeof QLIK_NAMES, overrides: Partial<ServicePrincipal> = {}): ServicePrincipal {
  const index = Object.keys(QLIK_NAMES).indexOf(kind) + 1;
  return {
    id: `sp-qlik-${kind}`,
    appId: `aaaaaaaa-0000-4000-8000-00000000000${index}`,
    displayName: QLIK_NAMES[kind],
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appRoles: [],
    oauth2PermissionScopes: [],
    appOwnerOrganizationId: VENDOR_TENANT_ID,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    ...overrides,
  };
}

export const QLIK_FAMILY: ServicePrincipal[] = ['sharepoint', 'onedrive', 'outlook', 'dynamics', 'storage'].map((k) =>
  qlikSp(k),
);

export function group(id: string, displayName = id): Group {
  return { id, displayName, securityEnabled: true };
}

export function grant(
  resource: ServicePrincipal,
  scopes: string,
  principal: User | null,
  client = qlikSp('sharepoint'),
): OAuth2PermissionGrant {
  return {
    id: `grant-${principal?.id ?? 'all'}-${resource.id}`,
    clientId: client.id,
    consentType: principal ? 'Principal' : 'AllPrincipals',
    principalId: principal?.id ?? null,
    resourceId: resource.id,
    scope: scopes,
  };
}

export function assignment(
  principalId: string,
  resource: ServicePrincipal,
  appRoleId = '00000000-0000-0000-0000-000000000000',
): AppRoleAssignment {
  return { id: `asg-${principalId}`, appRoleId, principalId, resourceId: resource.id };
}

export function signIn(errorCode: number, overrides: Partial<SignIn> = {}): SignIn {
  return {
    id: `signin-${errorCode}`,
    createdDateTime: '2025-06-01T10:00:00Z',
    userId: USER.id,
    userPrincipalName: USER.userPrincipalName,
    appId: QLIK_SHAREPOINT_APP_ID,
    appDisplayName: 'Qlik Web Connectors (Office 365 SharePoint)',
    status: { errorCode },
    ...overrides,
  };
}

export function consentRequest(
  status: string,
  overrides: Partial<AppConsentRequest['userConsentRequests'][number]> = {},
  appId = QLIK_SHAREPOINT_APP_ID,
): AppConsentRequest {
  return {
    id: 'acr-1',
    appId,
    appDisplayName: 'Qlik Web Connectors (Office 365 SharePoint)',
    pendingScopes: [{ displayName: 'Files.Read.All' }, { displayName: 'offline_access' }],
    userConsentRequests: [
      {
        id: 'ucr-1',
        status,
        createdDateTime: '2025-06-01T09:00:00Z',
        createdBy: { user: { id: USER.id, displayName: USER.displayName, userPrincipalName: USER.userPrincipalName } },
        reason: 'monthly report',
        ...overrides,
      },
    ],
  };
}

/** A healthy baseline: user exists, app exists and is granted for everyone, legacy user consent. */
export class FactsBuilder {
  readonly facts: Facts;

  constructor(app: ServicePrincipal = qlikSp('sharepoint')) {
    this.facts = {
      tenantId: TENANT_ID,
      userQuery: USER.userPrincipalName,
      user: { ...USER },
      directGroups: [],
      transitiveGroups: [],
      appId: app.appId,
      servicePrincipal: app,
      resources: { [MICROSOFT_GRAPH_APP_ID]: GRAPH_SP },
      grants: [],
      appRoleAssignedTo: [],
      authorizationPolicy: policyWith('ManagePermissionGrantsForSelf.microsoft-user-default-legacy'),
      // As Graph lists them: the built-in policies come with every tenant.
      permissionGrantPolicies: builtInPermissionGrantPolicies(TENANT_ID),
      classifications: {},
      adminConsentRequestPolicy: {
        isEnabled: true,
        notifyReviewers: true,
        remindersEnabled: true,
        requestDurationInDays: 30,
        reviewers: [],
        version: 1,
      },
      consentRequests: [],
      signIns: [],
      signInsUnavailable: null,
      requested: { delegated: {}, application: {}, source: null, prompt: null, evidence: [] },
      forbidden: [],
      now: '2025-06-02T00:00:00Z',
    };
  }

  requesting(
    scopes: Record<string, string[]>,
    source: ScopeSource = 'url',
    extra: Partial<RequestedScopes> = {},
  ): this {
    const evidenceSource =
      source === 'url' ? 'consent_url' : source === 'consent_request' ? 'consent_request' : 'existing_grant';
    const evidence = Object.entries(scopes).flatMap(([resourceAppId, list]) =>
      list.map((scope) => ({ scope, resourceAppId, sources: [evidenceSource] as ScopeEvidenceSource[] })),
    );
    this.facts.requested = { delegated: scopes, application: {}, source, prompt: null, evidence, ...extra };
    return this;
  }

  requestingGraph(...scopes: string[]): this {
    return this.requesting({ [MICROSOFT_GRAPH_APP_ID]: scopes });
  }

  withPolicies(...assigned: string[]): this {
    this.facts.authorizationPolicy = policyWith(...assigned);
    return this;
  }

  with(patch: Partial<Facts>): this {
    Object.assign(this.facts, patch);
    return this;
  }

  build(): Facts {
    return structuredClone(this.facts);
  }
}

export function policyWith(...assigned: string[]): Facts['authorizationPolicy'] {
  return {
    id: 'authorizationPolicy',
    defaultUserRolePermissions: {
      permissionGrantPoliciesAssigned: [
        'ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team',
        ...assigned,
      ],
    },
  };
}
