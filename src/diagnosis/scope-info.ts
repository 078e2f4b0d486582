/**
 * What a delegated scope is, as published by its resource's service principal: who may consent to
 * it (User/Admin) and how to describe it on a card.
 */
import type { PermissionScope, ServicePrincipal } from '../graph/types';
import { OIDC_SCOPES } from './resources';

export interface ScopeInfo {
  type: 'User' | 'Admin' | 'unknown';
  description: string;
  /** The published permission (for its id), when found and enabled. */
  permission: PermissionScope | null;
}

const OIDC_DESCRIPTIONS: Record<string, string> = {
  openid: 'Sign you in',
  profile: 'View your basic profile',
  email: 'View your email address',
  offline_access: 'Keep access to data you have given it access to',
};

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
  const oidc = value.toLowerCase();
  if (OIDC_SCOPES.has(oidc)) {
    // Graph publishes these as User scopes; a trimmed-down fixture may omit them.
    return { type: 'User', description: OIDC_DESCRIPTIONS[oidc], permission: null };
  }
  return { type: 'unknown', description: value, permission: null };
}
