/**
 * The `scope` parameter of an authorize request, as Entra reads it: space separated; a bare name
 * ("Files.Read.All") and the OpenID Connect scopes belong to Microsoft Graph; a full URI names the
 * resource by its identifier URI ("https://contoso.sharepoint.com/AllSites.Read") or app id
 * ("api://{appId}/x", "{appId}/x"); "{resource}/.default" means "whatever the app statically asks
 * for", which the simulator takes from the tenant fixture's apps[].requestedScopes.
 *
 * Written for the sign-in oracle, independently of src/diagnosis (which has its own parser).
 */
import type { FixtureApp } from '../fixture';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const SHAREPOINT_APP_ID = '00000003-0000-0ff1-ce00-000000000000';
const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
const CRM_APP_ID = '00000007-0000-0000-c000-000000000000';
const STORAGE_APP_ID = 'e406a681-f3d4-42a8-90b6-c2b029497af1';

/** Scopes Entra answers itself; their consent is recorded on Microsoft Graph's grant. */
export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RequestedScope {
  resourceAppId: string;
  value: string;
}

export interface ParsedScopes {
  scopes: RequestedScope[];
  /** Scope strings whose resource the simulator cannot identify (shown as an AADSTS error). */
  unknownResources: string[];
}

function resourceForHost(host: string): string | null {
  const h = host.toLowerCase();
  if (GUID.test(h)) return h;
  if (h === 'graph.microsoft.com') return GRAPH_APP_ID;
  if (h.endsWith('.sharepoint.com')) return SHAREPOINT_APP_ID;
  if (h === 'outlook.office.com' || h === 'outlook.office365.com') return EXCHANGE_APP_ID;
  if (h === 'storage.azure.com') return STORAGE_APP_ID;
  if (/\.crm\d*\.dynamics\.com$/.test(h)) return CRM_APP_ID;
  return null;
}

function add(out: RequestedScope[], resourceAppId: string, value: string): void {
  const key = resourceAppId.toLowerCase();
  if (!out.some((s) => s.resourceAppId === key && s.value.toLowerCase() === value.toLowerCase())) {
    out.push({ resourceAppId: key, value });
  }
}

/** `raw` null (no scope parameter) means "what the app asks for": the fixture's requestedScopes. */
export function parseScopeParameter(raw: string | null, app: FixtureApp | undefined): ParsedScopes {
  const scopes: RequestedScope[] = [];
  const unknownResources: string[] = [];
  const addStatic = (): void => {
    for (const [resourceAppId, values] of Object.entries(app?.requestedScopes ?? {})) {
      values.forEach((v) => add(scopes, resourceAppId, v));
    }
  };
  if (raw === null) {
    addStatic();
    return { scopes, unknownResources };
  }
  for (const item of raw.split(/\s+/).filter(Boolean)) {
    const uri = /^(?:https?:\/\/|api:\/\/)?([^/\s]+)\/(.+)$/i.exec(item);
    if (!uri) {
      if (item.toLowerCase() === '.default') addStatic();
      else add(scopes, GRAPH_APP_ID, OIDC_SCOPES.has(item.toLowerCase()) ? item.toLowerCase() : item);
      continue;
    }
    const resource = resourceForHost(uri[1]);
    if (!resource) {
      unknownResources.push(item);
      continue;
    }
    if (uri[2].toLowerCase() === '.default') {
      (app?.requestedScopes[resource] ?? app?.requestedScopes[resource.toUpperCase()] ?? []).forEach((v) =>
        add(scopes, resource, v),
      );
    } else {
      add(scopes, resource, uri[2]);
    }
  }
  return { scopes, unknownResources };
}
