/**
 * Microsoft's first-party resource applications as their service principals appear in a tenant,
 * at real size: Microsoft Graph (every delegated scope and application permission it publishes),
 * Office 365 SharePoint Online, Dynamics CRM and Azure Storage. The permission lists are generated
 * from Microsoft's permission data and from service principals as real tenants return them
 * (scripts/generate-first-party-resources.ts; each file under ./generated records its sources and
 * their commits). Service principal object ids differ per tenant, so callers pass their own `id`.
 *
 * Fixture authors: `microsoftGraphServicePrincipal('<object id>')` etc. give the complete objects;
 * a fixture may also name a first-party resource by `appId` alone (no permission lists) and the
 * loader fills them in (sim/README.md, "First-party resources"). The simulator also uses these
 * definitions when a client instantiates one of them with POST /servicePrincipals.
 */
import type { AppRole, PermissionScope, ServicePrincipal } from '../../src/graph/types';
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../src/graph/types';
import azureStorage from './generated/azure-storage.json';
import dynamicsCrm from './generated/dynamics-crm.json';
import microsoftGraph from './generated/microsoft-graph.json';
import sharePoint from './generated/office-365-sharepoint-online.json';

export const DYNAMICS_CRM_APP_ID = '00000007-0000-0000-c000-000000000000';
export const AZURE_STORAGE_APP_ID = 'e406a681-f3d4-42a8-90b6-c2b029497af1';

/** Microsoft Services' tenant, the owner of first-party applications. */
export const MICROSOFT_SERVICES_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

/** A generated data file: the permission lists plus where they came from. */
export interface FirstPartyResourceData {
  appId: string;
  displayName: string;
  sources: Array<{ repo: string; commit: string; paths: string[]; role: string }>;
  counts: Record<string, number>;
  oauth2PermissionScopes: PermissionScope[];
  appRoles: AppRole[];
}

// JSON imports type `type` and `allowedMemberTypes` as string; the generator writes only Graph's values.
const asData = (json: unknown): FirstPartyResourceData => json as FirstPartyResourceData;

export const MICROSOFT_GRAPH_DATA = asData(microsoftGraph);
export const SHAREPOINT_DATA = asData(sharePoint);
export const DYNAMICS_CRM_DATA = asData(dynamicsCrm);
export const AZURE_STORAGE_DATA = asData(azureStorage);

/** Microsoft Graph delegated permissions: every one its service principal publishes. */
export const MICROSOFT_GRAPH_SCOPES: readonly PermissionScope[] = MICROSOFT_GRAPH_DATA.oauth2PermissionScopes;
/** Microsoft Graph application permissions: every one its service principal publishes. */
export const MICROSOFT_GRAPH_APP_ROLES: readonly AppRole[] = MICROSOFT_GRAPH_DATA.appRoles;
export const SHAREPOINT_SCOPES: readonly PermissionScope[] = SHAREPOINT_DATA.oauth2PermissionScopes;
export const SHAREPOINT_APP_ROLES: readonly AppRole[] = SHAREPOINT_DATA.appRoles;

/** The permission lists of a first-party resource, copied (callers may mutate their tenant). */
export function firstPartyPermissions(
  data: FirstPartyResourceData,
): Pick<ServicePrincipal, 'appRoles' | 'oauth2PermissionScopes'> {
  return {
    appRoles: structuredClone(data.appRoles),
    oauth2PermissionScopes: structuredClone(data.oauth2PermissionScopes),
  };
}

/** The service principal without its permission lists: what a fixture writes to name the resource. */
export function firstPartyReference(id: string, data: FirstPartyResourceData): ServicePrincipal {
  return {
    id,
    appId: data.appId,
    displayName: data.displayName,
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    servicePrincipalType: 'Application',
    tags: [],
    disabledByMicrosoftStatus: null,
    homepage: null,
    replyUrls: [],
  };
}

function firstParty(id: string, data: FirstPartyResourceData): ServicePrincipal {
  return { ...firstPartyReference(id, data), ...firstPartyPermissions(data) };
}

export function microsoftGraphServicePrincipal(objectId: string): ServicePrincipal {
  return firstParty(objectId, MICROSOFT_GRAPH_DATA);
}

export function sharePointServicePrincipal(objectId: string): ServicePrincipal {
  return firstParty(objectId, SHAREPOINT_DATA);
}

export function dynamicsCrmServicePrincipal(objectId: string): ServicePrincipal {
  return firstParty(objectId, DYNAMICS_CRM_DATA);
}

export function azureStorageServicePrincipal(objectId: string): ServicePrincipal {
  return firstParty(objectId, AZURE_STORAGE_DATA);
}

/** First-party apps the simulator knows: POST /servicePrincipals instantiates them; fixtures may name them by appId. */
export const MICROSOFT_RESOURCE_APPS: ReadonlyArray<{
  appId: string;
  data: FirstPartyResourceData;
  create(objectId: string): ServicePrincipal;
}> = [
  { appId: MICROSOFT_GRAPH_APP_ID, data: MICROSOFT_GRAPH_DATA, create: microsoftGraphServicePrincipal },
  { appId: SHAREPOINT_APP_ID, data: SHAREPOINT_DATA, create: sharePointServicePrincipal },
  { appId: DYNAMICS_CRM_APP_ID, data: DYNAMICS_CRM_DATA, create: dynamicsCrmServicePrincipal },
  { appId: AZURE_STORAGE_APP_ID, data: AZURE_STORAGE_DATA, create: azureStorageServicePrincipal },
];

export function firstPartyResource(appId: string): FirstPartyResourceData | undefined {
  const key = appId.toLowerCase();
  return MICROSOFT_RESOURCE_APPS.find((a) => a.appId === key)?.data;
}

/**
 * A fixture's service principal with a first-party resource's permission lists filled in when the
 * fixture names the resource by appId without them (Graph itself always returns both lists, so a
 * tenant snapshot carries them and is loaded as it is).
 */
export function withFirstPartyPermissions(sp: ServicePrincipal): ServicePrincipal {
  const data = typeof sp.appId === 'string' ? firstPartyResource(sp.appId) : undefined;
  if (!data) return sp;
  return {
    ...sp,
    appRoles: sp.appRoles ?? structuredClone(data.appRoles),
    oauth2PermissionScopes: sp.oauth2PermissionScopes ?? structuredClone(data.oauth2PermissionScopes),
  };
}
