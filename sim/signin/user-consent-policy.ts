/**
 * May this user consent to this delegated scope for this app? Entra's rule (permission grant
 * policies, learn.microsoft.com "Manage app consent policies"): the authorization policy assigns the
 * default user role zero or more `ManagePermissionGrantsForSelf.{policyId}` entries; a permission is
 * user-consentable when at least one of those policies includes it (some include condition set
 * matches) and does not exclude it (no exclude condition set matches). No entry = user consent off.
 * The built-in policies (legacy, low, recommended) are condition sets too (sim/catalog), so one
 * evaluator covers built-in and custom policies.
 */
import type {
  DelegatedPermissionClassification,
  PermissionGrantConditionSet,
  PermissionGrantPolicy,
  PermissionScope,
  ServicePrincipal,
} from '../../src/graph/types';

const SELF_PREFIX = 'managepermissiongrantsforself.';

export interface ScopeUnderTest {
  resourceAppId: string;
  /** The resource's definition of the scope (null: the resource does not publish it). */
  definition: PermissionScope | null;
}

export interface PolicyContext {
  assignedPolicyIds: string[];
  policies: PermissionGrantPolicy[];
  classifications: Record<string, DelegatedPermissionClassification[]>;
  client: Pick<ServicePrincipal, 'appId' | 'appOwnerOrganizationId' | 'verifiedPublisher'>;
}

/** The policy ids users may consent under (empty: user consent is off). */
export function selfConsentPolicyIds(assigned: readonly string[]): string[] {
  return assigned.filter((p) => p.toLowerCase().startsWith(SELF_PREFIX)).map((p) => p.slice(SELF_PREFIX.length));
}

const isAll = (list: readonly string[] | undefined): boolean =>
  !list || list.length === 0 || list.some((x) => x.toLowerCase() === 'all');
const listHas = (list: readonly string[] | undefined, value: string | null | undefined): boolean =>
  isAll(list) ||
  (value !== null && value !== undefined && (list ?? []).some((x) => x.toLowerCase() === value.toLowerCase()));

function classificationOf(ctx: PolicyContext, scope: ScopeUnderTest): string | null {
  const list =
    Object.entries(ctx.classifications).find(
      ([appId]) => appId.toLowerCase() === scope.resourceAppId.toLowerCase(),
    )?.[1] ?? [];
  const def = scope.definition;
  if (!def) return null;
  const hit = list.find(
    (c) =>
      c.permissionId.toLowerCase() === def.id.toLowerCase() ||
      c.permissionName.toLowerCase() === def.value.toLowerCase(),
  );
  return hit?.classification ?? null;
}

export function conditionSetMatches(
  set: PermissionGrantConditionSet,
  ctx: PolicyContext,
  scope: ScopeUnderTest,
): boolean {
  const def = scope.definition;
  if (!def) return false;
  const type = set.permissionType ?? 'delegated';
  if (type === 'application') return false;
  if (type === 'delegatedUserConsentable' && def.type !== 'User') return false;
  const wanted = set.permissionClassification ?? 'all';
  if (wanted !== 'all' && classificationOf(ctx, scope) !== wanted) return false;
  const resource = set.resourceApplication ?? 'any';
  if (resource.toLowerCase() !== 'any' && resource.toLowerCase() !== scope.resourceAppId.toLowerCase()) return false;
  if (!listHas(set.permissions, def.id)) return false;
  if (!listHas(set.clientApplicationIds, ctx.client.appId)) return false;
  if (!listHas(set.clientApplicationTenantIds, ctx.client.appOwnerOrganizationId)) return false;
  const publisherId = ctx.client.verifiedPublisher?.verifiedPublisherId ?? null;
  if (!listHas(set.clientApplicationPublisherIds, publisherId)) return false;
  if (set.clientApplicationsFromVerifiedPublisherOnly === true && !publisherId) return false;
  // Publisher attestation (Microsoft 365 certification) is not modelled: such sets never match.
  if (set.certifiedClientApplicationsOnly === true) return false;
  return true;
}

function policyAllows(policy: PermissionGrantPolicy, ctx: PolicyContext, scope: ScopeUnderTest): boolean {
  return (
    policy.includes.some((s) => conditionSetMatches(s, ctx, scope)) &&
    !policy.excludes.some((s) => conditionSetMatches(s, ctx, scope))
  );
}

/** True when some assigned self-consent policy lets a user consent to `scope` for this client. */
export function userMayConsent(ctx: PolicyContext, scope: ScopeUnderTest): boolean {
  if (scope.definition?.type === 'Admin') return false;
  return selfConsentPolicyIds(ctx.assignedPolicyIds).some((id) => {
    const policy = ctx.policies.find((p) => p.id.toLowerCase() === id.toLowerCase());
    return policy !== undefined && policyAllows(policy, ctx, scope);
  });
}
