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

/** Positions of every scope of a published list (enabled or not) by lower-case value, built once per list. */
const positionsByValue = new WeakMap<readonly PermissionScope[], { length: number; index: Map<string, number[]> }>();

function scopePositions(scopes: readonly PermissionScope[]): Map<string, number[]> {
  const known = positionsByValue.get(scopes);
  if (known && known.length === scopes.length) return known.index;
  const index = new Map<string, number[]>();
  scopes.forEach((s, i) => {
    const key = s.value.toLowerCase();
    const at = index.get(key);
    if (at) at.push(i);
    else index.set(key, [i]);
  });
  positionsByValue.set(scopes, { length: scopes.length, index });
  return index;
}

/** The scopes of `scopes` whose value (any case) is in `wanted` (lower-case), in the list's order: a filter, without the scan. */
export function scopesNamed(scopes: readonly PermissionScope[], wanted: ReadonlySet<string>): PermissionScope[] {
  const index = scopePositions(scopes);
  const positions: number[] = [];
  for (const value of wanted) positions.push(...(index.get(value) ?? []));
  return positions.sort((a, b) => a - b).map((i) => scopes[i]);
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
