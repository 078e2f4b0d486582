/**
 * Matching one delegated permission against a permissionGrantConditionSet (custom user-consent
 * policies). Unset properties mean "any", as in Graph's defaults.
 */
import type { PermissionGrantConditionSet, ServicePrincipal } from '../graph/types';

export interface PermissionUnderTest {
  resourceAppId: string;
  /** Published permission id; null when the resource does not publish the scope. */
  permissionId: string | null;
  type: 'User' | 'Admin' | 'unknown';
  classification: 'low' | 'medium' | 'high' | null;
  client: ServicePrincipal | null;
}

/**
 * Which kind of condition failed: about the permission itself, its classification ("low"), or who
 * published the client app.
 */
export type ConditionKind = 'permission' | 'classification' | 'client';

function isAll(list: string[] | undefined): boolean {
  return list === undefined || list.length === 0 || list.some((v) => v.toLowerCase() === 'all');
}

function listHas(list: string[], value: string | null | undefined): boolean {
  if (!value) return false;
  const wanted = value.toLowerCase();
  return list.some((v) => v.toLowerCase() === wanted);
}

/** Which kinds of condition in the set the permission fails; empty = the set matches. */
export function failedConditions(set: PermissionGrantConditionSet, p: PermissionUnderTest): ConditionKind[] {
  const failed = new Set<ConditionKind>();
  if (set.permissionType === 'application') failed.add('permission');
  // delegatedUserConsentable: published as type "User" (an unpublished scope is not consentable at all).
  if (set.permissionType === 'delegatedUserConsentable' && p.type !== 'User') failed.add('permission');
  const classification = set.permissionClassification;
  if (classification !== undefined && classification !== 'all' && classification !== p.classification)
    failed.add('classification');
  if (!isAll(set.permissions) && !listHas(set.permissions ?? [], p.permissionId)) failed.add('permission');
  const resource = set.resourceApplication;
  if (
    resource !== undefined &&
    resource.toLowerCase() !== 'any' &&
    resource.toLowerCase() !== p.resourceAppId.toLowerCase()
  ) {
    failed.add('permission');
  }
  const client = p.client;
  if (!isAll(set.clientApplicationIds) && !listHas(set.clientApplicationIds ?? [], client?.appId)) failed.add('client');
  if (
    !isAll(set.clientApplicationTenantIds) &&
    !listHas(set.clientApplicationTenantIds ?? [], client?.appOwnerOrganizationId)
  ) {
    failed.add('client');
  }
  const publisherId = client?.verifiedPublisher?.verifiedPublisherId;
  if (!isAll(set.clientApplicationPublisherIds) && !listHas(set.clientApplicationPublisherIds ?? [], publisherId)) {
    failed.add('client');
  }
  if (set.clientApplicationsFromVerifiedPublisherOnly === true && !publisherId) failed.add('client');
  // Graph exposes no certification flag on service principals, so a certified-only condition cannot be proven.
  if (set.certifiedClientApplicationsOnly === true) failed.add('client');
  return [...failed];
}
