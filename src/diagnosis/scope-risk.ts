/**
 * How much a delegated scope can do, from data only: the scope's own type as its resource publishes
 * it (Admin = an administrator must consent), the tenant's own delegatedPermissionClassifications
 * ("high"), and the documented high-impact set (high-impact-permissions.ts). Pure.
 */
import type { DelegatedPermissionClassification, ServicePrincipal } from '../graph/types';
import { isHighImpact } from './high-impact-permissions';
import { findPublishedScope } from './scope-info';

type ScopeRiskReason = 'admin_type' | 'tenant_classified_high' | 'high_impact_set';

function scopeRiskReasons(
  resourceAppId: string,
  scope: string,
  resource: ServicePrincipal | null,
  classifications: readonly DelegatedPermissionClassification[],
): ScopeRiskReason[] {
  const reasons: ScopeRiskReason[] = [];
  const published = findPublishedScope(resource, scope);
  if (published?.type === 'Admin') reasons.push('admin_type');
  const wanted = scope.toLowerCase();
  const classified = classifications.find(
    (c) => c.permissionName?.toLowerCase() === wanted || (published !== null && c.permissionId === published.id),
  );
  if (classified?.classification === 'high') reasons.push('tenant_classified_high');
  if (isHighImpact(resourceAppId, scope) || (published !== null && isHighImpact(resourceAppId, published.id)))
    reasons.push('high_impact_set');
  return reasons;
}

export function isHighPrivilege(
  resourceAppId: string,
  scope: string,
  resource: ServicePrincipal | null,
  classifications: readonly DelegatedPermissionClassification[],
): boolean {
  return scopeRiskReasons(resourceAppId, scope, resource, classifications).length > 0;
}
