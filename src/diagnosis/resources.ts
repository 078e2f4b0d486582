/**
 * Well-known Microsoft resource APIs and the mapping from an OAuth scope string to the resource
 * whose oauth2PermissionGrant would hold it. Only public, Microsoft-documented first-party app ids
 * appear here (never a vendor's app id: see docs/entra-semantics.md#vendor-apps-qlik).
 */
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../graph/types';
import { isGuid } from '../guid';

export const EXCHANGE_ONLINE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
export const DYNAMICS_CRM_APP_ID = '00000007-0000-0000-c000-000000000000';
export const AZURE_STORAGE_APP_ID = 'e406a681-f3d4-42a8-90b6-c2b029497af1';

/** Tenants that own Microsoft's first-party apps (appOwnerOrganizationId of their service principals). */
const MICROSOFT_OWNER_TENANTS = new Set([
  'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
]);

/** Classic first-party app ids look like 0000000X-0000-0000-c000-000000000000 or ...-0ff1-ce00-... */
const CLASSIC_FIRST_PARTY = /^0000000[0-9a-f]-0000-(?:0000-c000|0ff1-ce00)-000000000000$/i;

/** Scopes Entra issues through OpenID Connect; their grants live on Microsoft Graph. */
export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export function isFirstPartyApp(sp: { appId: string; appOwnerOrganizationId?: string | null }): boolean {
  if (CLASSIC_FIRST_PARTY.test(sp.appId) || sp.appId.toLowerCase() === AZURE_STORAGE_APP_ID) return true;
  const owner = sp.appOwnerOrganizationId?.toLowerCase();
  return owner !== undefined && MICROSOFT_OWNER_TENANTS.has(owner);
}

export interface ResolvedScope {
  /** Resource appId, or null when the scope names a resource we cannot identify. */
  resourceAppId: string | null;
  /** The permission value as it appears in oauth2PermissionGrant.scope ("Files.Read.All"). */
  value: string;
  /** True for ".default": "everything statically configured", i.e. the list is unknown. */
  isDefault: boolean;
}

/** Host (lower case) -> resource appId for scope URIs such as https://graph.microsoft.com/User.Read. */
function resourceForHost(host: string): string | null {
  if (host === 'graph.microsoft.com' || host === 'graph.microsoft.us' || host === 'canary.graph.microsoft.com') {
    return MICROSOFT_GRAPH_APP_ID;
  }
  if (
    host.endsWith('.sharepoint.com') ||
    host === 'microsoft.sharepoint-df.com' ||
    host.endsWith('.sharepoint-df.com')
  ) {
    return SHAREPOINT_APP_ID;
  }
  if (host === 'outlook.office.com' || host === 'outlook.office365.com') return EXCHANGE_ONLINE_APP_ID;
  if (host === 'storage.azure.com') return AZURE_STORAGE_APP_ID;
  if (/\.crm\d*\.dynamics\.com$/.test(host)) return DYNAMICS_CRM_APP_ID;
  return null;
}

/**
 * Map one requested scope to its resource. Bare names ("Files.Read.All", "offline_access") are
 * Microsoft Graph's, which is how Entra treats them. Returns null for empty/garbage input.
 */
export function resolveScope(raw: string): ResolvedScope | null {
  const scope = raw.trim();
  if (scope.length === 0 || scope.length > 300) return null;
  const uri = /^(?:https?:\/\/|api:\/\/)([^/\s]+)\/(.*)$/i.exec(scope);
  if (uri) {
    const host = uri[1].toLowerCase();
    const value = uri[2];
    const resourceAppId = isGuid(host) ? host : resourceForHost(host);
    return { resourceAppId, value, isDefault: value.toLowerCase() === '.default' };
  }
  const guidPrefixed = /^([0-9a-f-]{36})\/(.+)$/i.exec(scope);
  if (guidPrefixed && isGuid(guidPrefixed[1])) {
    const value = guidPrefixed[2];
    return { resourceAppId: guidPrefixed[1].toLowerCase(), value, isDefault: value.toLowerCase() === '.default' };
  }
  if (scope.toLowerCase() === '.default') return { resourceAppId: null, value: scope, isDefault: true };
  return { resourceAppId: MICROSOFT_GRAPH_APP_ID, value: scope, isDefault: false };
}

export function friendlyResourceName(appId: string): string {
  switch (appId.toLowerCase()) {
    case MICROSOFT_GRAPH_APP_ID:
      return 'Microsoft Graph';
    case SHAREPOINT_APP_ID:
      return 'Office 365 SharePoint Online';
    case EXCHANGE_ONLINE_APP_ID:
      return 'Office 365 Exchange Online';
    case DYNAMICS_CRM_APP_ID:
      return 'Dynamics CRM';
    case AZURE_STORAGE_APP_ID:
      return 'Azure Storage';
    default:
      return appId;
  }
}
