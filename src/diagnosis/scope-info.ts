/**
 * What a delegated scope is, as published by its resource's service principal: who may consent to
 * it (User/Admin) and how to describe it on a card. Only the resource object the tenant returned
 * says so (Microsoft Graph publishes openid, profile, email and offline_access like any other
 * scope); a scope it does not publish has an unknown type, whatever its name suggests.
 */
import type { PermissionScope, ServicePrincipal } from '../graph/types';

export interface ScopeInfo {
  type: 'User' | 'Admin' | 'unknown';
  description: string;
  /** The published permission (for its id), when found and enabled. */
  permission: PermissionScope | null;
}

/**
 * The enabled scopes of a published list by lower-case value (the first of each value, as a scan
 * would find it). Built once per list: Microsoft Graph publishes ~800 scopes, a diagnosis looks
 * several up, and the tenant-read cache hands every diagnosis the same objects.
 */
const enabledByValue = new WeakMap<
  readonly PermissionScope[],
  { length: number; index: Map<string, PermissionScope> }
>();

function enabledScopes(scopes: readonly PermissionScope[]): Map<string, PermissionScope> {
  const known = enabledByValue.get(scopes);
  if (known && known.length === scopes.length) return known.index;
  const index = new Map<string, PermissionScope>();
  for (const s of scopes) {
    const key = s.value.toLowerCase();
    if (s.isEnabled && !index.has(key)) index.set(key, s);
  }
  enabledByValue.set(scopes, { length: scopes.length, index });
  return index;
}

export function findPublishedScope(resource: ServicePrincipal | null, value: string): PermissionScope | null {
  const scopes = resource?.oauth2PermissionScopes;
  return scopes ? (enabledScopes(scopes).get(value.toLowerCase()) ?? null) : null;
}

export function describeScope(resource: ServicePrincipal | null, value: string): ScopeInfo {
  const permission = findPublishedScope(resource, value);
  if (permission) {
    const description =
      permission.type === 'User'
        ? (permission.userConsentDisplayName ?? permission.adminConsentDisplayName ?? value)
        : (permission.adminConsentDisplayName ?? permission.userConsentDisplayName ?? value);
    return { type: permission.type, description, permission };
  }
  return { type: 'unknown', description: value, permission: null };
}
