/**
 * /policies: authorizationPolicy (singleton; beta also exposes the top-level
 * permissionGrantPolicyIdsAssignedToDefaultUserRole), permissionGrantPolicies with includes/excludes,
 * and adminConsentRequestPolicy (GET; updates are PUT -> 204).
 */
import type { AdminConsentRequestPolicy, PermissionGrantPolicy } from '../../src/graph/types';
import { badRequest, notFound } from '../errors';
import { collectionResponse, entityResponse, noContent, type CollectionSpec, type GraphObject } from './collection';
import type { GraphContext, GraphVersion, Route } from './context';

function authorizationPolicyView(ctx: GraphContext): GraphObject {
  const policy = structuredClone(ctx.tenant.data.authorizationPolicy) as unknown as GraphObject;
  const out: GraphObject = {
    '@odata.type': '#microsoft.graph.authorizationPolicy',
    description: 'Used to manage authorization related settings across the company.',
    allowInvitesFrom: 'everyone',
    allowedToSignUpEmailBasedSubscriptions: true,
    allowedToUseSSPR: true,
    allowEmailVerifiedUsersToJoinOrganization: false,
    blockMsolPowerShell: false,
    guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
    ...policy,
  };
  if (ctx.version === 'beta') {
    out.permissionGrantPolicyIdsAssignedToDefaultUserRole =
      ctx.tenant.data.authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned;
  }
  return out;
}

function patchAuthorizationPolicy(ctx: GraphContext) {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') throw badRequest('A JSON object is required as request body.');
  const policy = ctx.tenant.data.authorizationPolicy;
  const assigned = ctx.version === 'beta' ? body.permissionGrantPolicyIdsAssignedToDefaultUserRole : undefined;
  const perms = body.defaultUserRolePermissions as Record<string, unknown> | undefined;
  const next = perms?.permissionGrantPoliciesAssigned ?? assigned;
  if (next !== undefined) {
    if (!Array.isArray(next) || next.some((p) => typeof p !== 'string')) {
      throw badRequest("Invalid value specified for property 'permissionGrantPoliciesAssigned'.");
    }
    policy.defaultUserRolePermissions.permissionGrantPoliciesAssigned = [...(next as string[])];
  }
  if (perms && typeof perms.allowedToCreateApps === 'boolean')
    policy.defaultUserRolePermissions.allowedToCreateApps = perms.allowedToCreateApps;
  if (typeof body.displayName === 'string') policy.displayName = body.displayName;
  return noContent();
}

const PGP_SPEC: CollectionSpec = {
  type: 'permissionGrantPolicy',
  entitySet: 'policies/permissionGrantPolicies',
  properties: [
    'id',
    'displayName',
    'description',
    'includes',
    'excludes',
    'includeAllPreApprovedApplications',
    'resourceScopeType',
  ],
  rules: { entityName: 'PermissionGrantPolicy', directoryObjects: false, filterable: ['id', 'displayName'] },
};

const CONDITION_SET_SPEC: CollectionSpec = {
  type: 'permissionGrantConditionSet',
  entitySet: 'policies/permissionGrantPolicies/includes',
  rules: { entityName: 'PermissionGrantConditionSet', directoryObjects: false },
};

function requirePolicy(ctx: GraphContext, id: string): PermissionGrantPolicy {
  const p = ctx.tenant.data.permissionGrantPolicies.find((x) => x.id.toLowerCase() === id.toLowerCase());
  if (!p) throw notFound(id);
  return p;
}

/** certifiedClientApplicationsOnly exists only on beta's permissionGrantConditionSet. */
function pgpView(p: PermissionGrantPolicy, version: GraphVersion): GraphObject {
  const out = structuredClone(p);
  if (version === 'v1.0') {
    for (const set of [...out.includes, ...out.excludes]) delete set.certifiedClientApplicationsOnly;
  }
  return out as unknown as GraphObject;
}

const ACRP_FIELDS: Array<keyof AdminConsentRequestPolicy> = [
  'isEnabled',
  'notifyReviewers',
  'remindersEnabled',
  'requestDurationInDays',
  'reviewers',
];

function putAdminConsentRequestPolicy(ctx: GraphContext) {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') throw badRequest('A JSON object is required as request body.');
  const current = ctx.tenant.data.adminConsentRequestPolicy;
  const next: AdminConsentRequestPolicy = { ...current };
  for (const k of Object.keys(body)) {
    if (k.startsWith('@odata.') || k === 'version') continue;
    if (!ACRP_FIELDS.includes(k as keyof AdminConsentRequestPolicy)) throw badRequest(`Invalid property '${k}'.`);
  }
  for (const k of ['isEnabled', 'notifyReviewers', 'remindersEnabled'] as const) {
    if (k in body) {
      if (typeof body[k] !== 'boolean') throw badRequest(`Invalid value specified for property '${k}'.`);
      next[k] = body[k] as boolean;
    }
  }
  if ('requestDurationInDays' in body) {
    const d = body.requestDurationInDays;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 30)
      throw badRequest("Invalid value specified for property 'requestDurationInDays'.");
    next.requestDurationInDays = d;
  }
  if ('reviewers' in body) {
    if (!Array.isArray(body.reviewers)) throw badRequest("Invalid value specified for property 'reviewers'.");
    next.reviewers = structuredClone(body.reviewers) as AdminConsentRequestPolicy['reviewers'];
  }
  if (next.isEnabled && next.reviewers.length === 0) {
    throw badRequest('At least one reviewer is required when the admin consent workflow is enabled.');
  }
  next.version = current.version + 1;
  ctx.tenant.data.adminConsentRequestPolicy = next;
  return noContent();
}

export const policyRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'policies/authorizationPolicy',
    permission: 'authorizationPolicy.read',
    handle: (ctx) =>
      entityResponse(ctx, authorizationPolicyView(ctx), {
        type: 'authorizationPolicy',
        entitySet: 'policies/authorizationPolicy',
      }),
  },
  {
    method: 'PATCH',
    pattern: 'policies/authorizationPolicy',
    permission: 'authorizationPolicy.write',
    handle: patchAuthorizationPolicy,
  },
  {
    method: 'GET',
    pattern: 'policies/permissionGrantPolicies',
    permission: 'permissionGrantPolicies.read',
    handle: (ctx) =>
      collectionResponse(
        ctx,
        ctx.tenant.data.permissionGrantPolicies.map((x) => pgpView(x, ctx.version)),
        PGP_SPEC,
      ),
  },
  {
    method: 'GET',
    pattern: 'policies/permissionGrantPolicies/{id}',
    permission: 'permissionGrantPolicies.read',
    handle: (ctx, p) => entityResponse(ctx, pgpView(requirePolicy(ctx, p.id), ctx.version), PGP_SPEC),
  },
  {
    method: 'GET',
    pattern: 'policies/permissionGrantPolicies/{id}/includes',
    permission: 'permissionGrantPolicies.read',
    handle: (ctx, p) => {
      const policy = requirePolicy(ctx, p.id);
      return collectionResponse(ctx, pgpView(policy, ctx.version).includes as GraphObject[], {
        ...CONDITION_SET_SPEC,
        entitySet: `policies/permissionGrantPolicies('${policy.id}')/includes`,
      });
    },
  },
  {
    method: 'GET',
    pattern: 'policies/permissionGrantPolicies/{id}/excludes',
    permission: 'permissionGrantPolicies.read',
    handle: (ctx, p) => {
      const policy = requirePolicy(ctx, p.id);
      return collectionResponse(ctx, pgpView(policy, ctx.version).excludes as GraphObject[], {
        ...CONDITION_SET_SPEC,
        entitySet: `policies/permissionGrantPolicies('${policy.id}')/excludes`,
      });
    },
  },
  {
    method: 'GET',
    pattern: 'policies/adminConsentRequestPolicy',
    permission: 'adminConsentRequestPolicy.read',
    handle: (ctx) =>
      entityResponse(
        ctx,
        { ...structuredClone(ctx.tenant.data.adminConsentRequestPolicy) },
        {
          type: 'adminConsentRequestPolicy',
          entitySet: 'policies/adminConsentRequestPolicy',
        },
      ),
  },
  {
    method: 'PUT',
    pattern: 'policies/adminConsentRequestPolicy',
    permission: 'adminConsentRequestPolicy.write',
    handle: putAdminConsentRequestPolicy,
  },
];
