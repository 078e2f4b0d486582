/**
 * /auditLogs/signIns (AuditLog.Read.All AND Directory.Read.All). Tenants without Entra ID P1/P2
 * answer 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant. Newest first, like Graph.
 */
import type { SignIn } from '../../src/graph/types';
import { GraphHttpError, notFound } from '../errors';
import { collectionResponse, entityResponse, type CollectionSpec, type GraphObject } from './collection';
import type { GraphContext, Route } from './context';

export const SIGN_INS_SPEC: CollectionSpec = {
  type: 'signIn',
  entitySet: 'auditLogs/signIns',
  properties: [
    'id',
    'createdDateTime',
    'userId',
    'userPrincipalName',
    'userDisplayName',
    'appId',
    'appDisplayName',
    'resourceId',
    'resourceDisplayName',
    'correlationId',
    'conditionalAccessStatus',
    'status',
    'ipAddress',
    'clientAppUsed',
    'isInteractive',
    'riskDetail',
    'riskLevelAggregated',
    'riskState',
    'location',
    'deviceDetail',
    'appliedConditionalAccessPolicies',
  ],
  rules: {
    entityName: 'SignIn',
    directoryObjects: false,
    filterable: [
      'id',
      'createdDateTime',
      'userId',
      'userPrincipalName',
      'userDisplayName',
      'appId',
      'appDisplayName',
      'resourceId',
      'resourceDisplayName',
      'correlationId',
      'conditionalAccessStatus',
      'status/errorCode',
      'ipAddress',
      'clientAppUsed',
      'isInteractive',
    ],
    // learn.microsoft.com/graph/api/signin-list: $top (default and max 1000), $skiptoken and $filter only.
    maxTop: 1000,
  },
};

export const RETENTION_DAYS = 30;

function requirePremium(ctx: GraphContext): void {
  if (!ctx.tenant.data.tenant.premium) {
    throw new GraphHttpError(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license",
    );
  }
}

const view = (s: SignIn): GraphObject => structuredClone(s) as unknown as GraphObject;

export const signInRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'auditLogs/signIns',
    permission: 'signIns.read',
    handle: (ctx) => {
      requirePremium(ctx);
      // Entra keeps sign-in logs for 30 days (learn.microsoft.com/entra/identity/monitoring-health/reference-reports-data-retention).
      const cutoff = ctx.tenant.clock() - RETENTION_DAYS * 86_400_000;
      const newestFirst = ctx.tenant.data.signIns
        .filter((s) => Date.parse(s.createdDateTime) >= cutoff)
        .sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime));
      return collectionResponse(ctx, newestFirst.map(view), SIGN_INS_SPEC);
    },
  },
  {
    method: 'GET',
    pattern: 'auditLogs/signIns/{id}',
    permission: 'signIns.read',
    handle: (ctx, p) => {
      requirePremium(ctx);
      const s = ctx.tenant.data.signIns.find((x) => x.id === p.id);
      if (!s) throw notFound(p.id);
      return entityResponse(ctx, view(s), SIGN_INS_SPEC);
    },
  },
];
