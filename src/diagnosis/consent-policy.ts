/**
 * Could this user consent to scope S of resource R for client app C on their own? Mirrors Entra's
 * user-consent settings (docs/entra-semantics.md#user-consent-settings): the authorization policy lists the
 * permission grant policies assigned to ordinary users; consent is allowed if any of them allows it.
 */
import type {
  AuthorizationPolicy,
  DelegatedPermissionClassification,
  PermissionGrantPolicy,
  ServicePrincipal,
} from '../graph/types';
import type { FindingCode } from './types';
import { failedConditions, type ConditionKind, type PermissionUnderTest } from './permission-grant-conditions';
import { describeScope } from './scope-info';

export type UserConsentReason =
  | 'allowed'
  | 'user_consent_disabled'
  | 'unverified_publisher'
  | 'scope_not_low'
  | 'managed_exclusion'
  | 'admin_only_scope'
  | 'custom_policy_excluded'
  | 'custom_policy_not_included'
  /** A custom policy is assigned but its definition could not be read. */
  | 'policy_unreadable'
  /** The client's service principal is missing, so publisher conditions cannot be judged. */
  | 'client_unknown';

export interface ScopeConsentVerdict {
  resourceAppId: string;
  scope: string;
  allowed: boolean;
  reason: UserConsentReason;
  /** The policy that allowed it, or the one whose refusal is reported. */
  policyId: string | null;
  /** The finding this refusal explains; null for allowed or undecidable verdicts. */
  findingCode: FindingCode | null;
}

export interface UserConsentContext {
  tenantId: string;
  authorizationPolicy: AuthorizationPolicy;
  permissionGrantPolicies: PermissionGrantPolicy[];
  client: ServicePrincipal | null;
  resourceAppId: string;
  resource: ServicePrincipal | null;
  classifications: DelegatedPermissionClassification[];
}

export const SELF_CONSENT_PREFIX = 'managepermissiongrantsforself.';
export const POLICY_LEGACY = 'microsoft-user-default-legacy';
export const POLICY_LOW = 'microsoft-user-default-low';
export const POLICY_RECOMMENDED = 'microsoft-user-default-recommended';

const FINDING_FOR_REASON: Record<UserConsentReason, FindingCode | null> = {
  allowed: null,
  user_consent_disabled: 'USER_CONSENT_DISABLED',
  unverified_publisher: 'USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER',
  scope_not_low: 'USER_CONSENT_LIMITED_SCOPE_NOT_LOW',
  managed_exclusion: 'USER_CONSENT_BLOCKED_BY_MANAGED_POLICY',
  admin_only_scope: 'ADMIN_ONLY_SCOPES',
  // A custom policy narrows which permissions users may grant: the closest stable code.
  custom_policy_excluded: 'USER_CONSENT_LIMITED_SCOPE_NOT_LOW',
  custom_policy_not_included: 'USER_CONSENT_LIMITED_SCOPE_NOT_LOW',
  policy_unreadable: null,
  client_unknown: null,
};

/** When several assigned policies refuse, report the most specific explanation. */
const REPORT_PRIORITY: UserConsentReason[] = [
  'admin_only_scope',
  'managed_exclusion',
  'unverified_publisher',
  'scope_not_low',
  'custom_policy_excluded',
  'custom_policy_not_included',
  'policy_unreadable',
  'client_unknown',
  'user_consent_disabled',
];

/** Ids (lower case, prefix removed) of the user-consent policies assigned to ordinary users. */
export function selfConsentPolicyIds(policy: AuthorizationPolicy): string[] {
  return (policy.defaultUserRolePermissions?.permissionGrantPoliciesAssigned ?? [])
    .filter((entry) => entry.toLowerCase().startsWith(SELF_CONSENT_PREFIX))
    .map((entry) => entry.slice(SELF_CONSENT_PREFIX.length).toLowerCase());
}

interface PolicyOutcome {
  allowed: boolean;
  reason: UserConsentReason;
}

function classificationOf(
  ctx: UserConsentContext,
  scope: string,
  permissionId: string | null,
): PermissionUnderTest['classification'] {
  const wanted = scope.toLowerCase();
  const found = ctx.classifications.find(
    (c) => c.permissionName.toLowerCase() === wanted || (permissionId !== null && c.permissionId === permissionId),
  );
  return found?.classification ?? null;
}

/**
 * The two simple built-in policies as Microsoft documents them (learn.microsoft.com/entra/identity/
 * enterprise-apps/manage-app-consent-policies, "built-in policies"), used only when Graph did not
 * return the policy itself. microsoft-user-default-recommended is Microsoft-managed and changes over
 * time: it is never assumed, only read.
 */
function documentedBuiltIn(policyId: string, tenantId: string): PermissionGrantPolicy | null {
  const any = {
    permissionClassification: 'all',
    resourceApplication: 'any',
    permissions: ['all'],
    clientApplicationIds: ['all'],
    clientApplicationTenantIds: ['all'],
    clientApplicationPublisherIds: ['all'],
    clientApplicationsFromVerifiedPublisherOnly: false,
    certifiedClientApplicationsOnly: false,
  } as const;
  if (policyId === POLICY_LEGACY) {
    return {
      id: POLICY_LEGACY,
      displayName: 'documented built-in',
      description: '',
      excludes: [],
      includes: [
        {
          ...any,
          id: 'legacy',
          permissionType: 'delegatedUserConsentable',
          permissions: ['all'],
          clientApplicationIds: ['all'],
          clientApplicationTenantIds: ['all'],
          clientApplicationPublisherIds: ['all'],
        },
      ],
    };
  }
  if (policyId === POLICY_LOW) {
    return {
      id: POLICY_LOW,
      displayName: 'documented built-in',
      description: '',
      excludes: [],
      includes: [
        {
          ...any,
          id: 'low-verified',
          permissionType: 'delegated',
          permissionClassification: 'low',
          clientApplicationsFromVerifiedPublisherOnly: true,
          permissions: ['all'],
          clientApplicationIds: ['all'],
          clientApplicationTenantIds: ['all'],
          clientApplicationPublisherIds: ['all'],
        },
        {
          ...any,
          id: 'low-own-tenant',
          permissionType: 'delegated',
          permissionClassification: 'low',
          clientApplicationTenantIds: [tenantId],
          permissions: ['all'],
          clientApplicationIds: ['all'],
          clientApplicationPublisherIds: ['all'],
        },
      ],
    };
  }
  return null;
}

/**
 * A permission grant policy allows the permission when some include condition set matches and no
 * exclude set does (learn.microsoft.com/graph/api/resources/permissiongrantpolicy). The refusal reason
 * says which kind of condition stopped it, for the finding.
 */
function evaluatePolicy(ctx: UserConsentContext, policyId: string, p: PermissionUnderTest): PolicyOutcome {
  const policy =
    ctx.permissionGrantPolicies.find((candidate) => candidate.id.toLowerCase() === policyId) ??
    documentedBuiltIn(policyId, ctx.tenantId);
  if (!policy) return { allowed: false, reason: 'policy_unreadable' };
  const includeFailures = (policy.includes ?? []).map((set) => failedConditions(set, p));
  if (!includeFailures.some((failed) => failed.length === 0)) {
    const only = (kinds: ConditionKind[]): boolean =>
      includeFailures.some((failed) => failed.every((k) => kinds.includes(k)));
    if (only(['client'])) return { allowed: false, reason: ctx.client ? 'unverified_publisher' : 'client_unknown' };
    if (only(['classification']) || only(['classification', 'client']))
      return { allowed: false, reason: 'scope_not_low' };
    return { allowed: false, reason: 'custom_policy_not_included' };
  }
  if ((policy.excludes ?? []).some((set) => failedConditions(set, p).length === 0)) {
    return { allowed: false, reason: policyId === POLICY_RECOMMENDED ? 'managed_exclusion' : 'custom_policy_excluded' };
  }
  return { allowed: true, reason: 'allowed' };
}

function verdict(
  ctx: UserConsentContext,
  scope: string,
  allowed: boolean,
  reason: UserConsentReason,
  policyId: string | null,
): ScopeConsentVerdict {
  return {
    resourceAppId: ctx.resourceAppId,
    scope,
    allowed,
    reason,
    policyId,
    findingCode: FINDING_FOR_REASON[reason],
  };
}

export function evaluateScopeConsent(ctx: UserConsentContext, scope: string): ScopeConsentVerdict {
  const info = describeScope(ctx.resource, scope);
  // Admin scopes need an administrator whatever the policy says.
  if (info.type === 'Admin') return verdict(ctx, scope, false, 'admin_only_scope', null);
  const permissionId = info.permission?.id ?? null;
  const p: PermissionUnderTest = {
    resourceAppId: ctx.resourceAppId,
    permissionId,
    type: info.type,
    classification: classificationOf(ctx, scope, permissionId),
    client: ctx.client,
  };
  const policyIds = selfConsentPolicyIds(ctx.authorizationPolicy);
  if (policyIds.length === 0) return verdict(ctx, scope, false, 'user_consent_disabled', null);
  const refusals: Array<{ policyId: string; reason: UserConsentReason }> = [];
  for (const policyId of policyIds) {
    const outcome = evaluatePolicy(ctx, policyId, p);
    if (outcome.allowed) return verdict(ctx, scope, true, 'allowed', policyId);
    refusals.push({ policyId, reason: outcome.reason });
  }
  refusals.sort((a, b) => REPORT_PRIORITY.indexOf(a.reason) - REPORT_PRIORITY.indexOf(b.reason));
  return verdict(ctx, scope, false, refusals[0].reason, refusals[0].policyId);
}

export function evaluateUserConsent(ctx: UserConsentContext, scopes: readonly string[]): ScopeConsentVerdict[] {
  return scopes.map((scope) => evaluateScopeConsent(ctx, scope));
}

/**
 * When the requested scopes are unknown, some refusals still follow from the app alone: consent
 * off for everyone, or only verified publishers allowed and this app is not one.
 */
export function clientLevelConsentBlock(
  ctx: Omit<UserConsentContext, 'resourceAppId' | 'resource' | 'classifications'>,
): { reason: UserConsentReason; findingCode: FindingCode; policyId: string | null } | null {
  const policyIds = selfConsentPolicyIds(ctx.authorizationPolicy);
  if (policyIds.length === 0)
    return { reason: 'user_consent_disabled', findingCode: 'USER_CONSENT_DISABLED', policyId: null };
  if (!ctx.client) return null;
  // Every include set of every assigned policy fails on the client alone: no permission could be consented.
  const probe: PermissionUnderTest = {
    resourceAppId: '',
    permissionId: null,
    type: 'User',
    classification: null,
    client: ctx.client,
  };
  const clientRefusedEverywhere = policyIds.every((id) => {
    const policy =
      ctx.permissionGrantPolicies.find((c) => c.id.toLowerCase() === id) ?? documentedBuiltIn(id, ctx.tenantId);
    if (!policy) return false;
    return (policy.includes ?? []).every((set) => failedConditions(set, probe).includes('client'));
  });
  if (clientRefusedEverywhere) {
    return {
      reason: 'unverified_publisher',
      findingCode: 'USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER',
      policyId: policyIds[0],
    };
  }
  return null;
}
