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

export function findPublishedScope(resource: ServicePrincipal | null, value: string): PermissionScope | null {
  const wanted = value.toLowerCase();
  return resource?.oauth2PermissionScopes?.find((s) => s.value.toLowerCase() === wanted && s.isEnabled) ?? null;
}

export function describeScope(resource: ServicePrincipal | null, value: string): ScopeInfo {
  const permission = findPublishedScope(resource, value);
  if (permission) {
    const description = permission.type === 'User'
      ? permission.userConsentDisplayName ?? permission.adminConsentDisplayName ?? value
      : permission.adminConsentDisplayName ?? permission.userConsentDisplayName ?? value;
    return { type: permission.type, description, permission };
  }
  return { type: 'unknown', description: value, permission: null };
}
