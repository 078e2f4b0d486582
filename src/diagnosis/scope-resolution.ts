/**
 * Which resource does a requested scope belong to? Decided by what the tenant shows:
 *  - a scope URI names its resource (https://graph.microsoft.com/X, https://<tenant>.sharepoint.com/X,
 *    api://<appId>/X, <appId>/X): resources.ts maps the well-known hosts;
 *  - a bare name in a sign-in URL is Microsoft Graph's: "if the resource identifier is omitted in the
 *    scope parameter, the resource is assumed to be Microsoft Graph"
 *    (learn.microsoft.com/entra/identity-platform/scopes-oidc);
 *  - a bare name without that context (Entra's consent request lists `pendingScopes` by name only)
 *    is Microsoft Graph's when Graph publishes it (as for sign-in URLs). Any other bare name stays
 *    unresolved: user_impersonation is published by Dynamics CRM, Azure Storage and many custom APIs,
 *    and the one resource of the tenant that publishes a name need not be the one the app calls (the
 *    real one may be missing from the tenant). Guessing would grant the wrong API. An existing grant
 *    of the app names its resource, and is evidence of its own.
 * Pure.
 */
import type { ServicePrincipal } from '../graph/types';
import { MICROSOFT_GRAPH_APP_ID } from '../graph/types';
import { OIDC_SCOPES, resolveScope } from './resources';
import { findPublishedScope } from './scope-info';

export interface ScopeResolution {
  /** The permission value as written in oauth2PermissionGrant.scope. */
  value: string;
  /** The resource appId (lower case), or null when unresolved. */
  resourceAppId: string | null;
  /** ".default": whatever the app registration lists; the list itself is unknown. */
  isDefault: boolean;
  /** For an unresolved bare name: the resources (appIds) that publish it; several = ambiguous. */
  publishers: string[];
}

export type BareNameRule = 'graph' | 'by_publisher';

/** Resource appIds (lower case) whose service principal publishes `value` as an enabled delegated scope. */
export function publishersOf(value: string, resources: Record<string, ServicePrincipal | null>): string[] {
  return Object.entries(resources)
    .filter(([, sp]) => sp !== null && findPublishedScope(sp, value) !== null)
    .map(([appId]) => appId.toLowerCase());
}

export function resolveRequestedScope(
  raw: string,
  bareNames: BareNameRule,
  resources: Record<string, ServicePrincipal | null>,
): ScopeResolution | null {
  const resolved = resolveScope(raw);
  if (!resolved) return null;
  const value = resolved.value;
  const bare =
    !/^(?:https?:\/\/|api:\/\/)/i.test(raw.trim()) && !/^[0-9a-f-]{36}\//i.test(raw.trim()) && !resolved.isDefault;
  if (!bare)
    return {
      value,
      resourceAppId: resolved.resourceAppId?.toLowerCase() ?? null,
      isDefault: resolved.isDefault,
      publishers: [],
    };
  if (OIDC_SCOPES.has(value.toLowerCase()))
    return { value: value.toLowerCase(), resourceAppId: MICROSOFT_GRAPH_APP_ID, isDefault: false, publishers: [] };
  if (bareNames === 'graph') return { value, resourceAppId: MICROSOFT_GRAPH_APP_ID, isDefault: false, publishers: [] };
  const publishers = publishersOf(value, resources);
  if (publishers.includes(MICROSOFT_GRAPH_APP_ID))
    return { value, resourceAppId: MICROSOFT_GRAPH_APP_ID, isDefault: false, publishers };
  return { value, resourceAppId: null, isDefault: false, publishers };
}
