/**
 * /identityGovernance/appConsent/appConsentRequests and their userConsentRequests.
 * - userConsentRequests is a navigation property: v1.0 does not return it inline (the list example
 *   in learn.microsoft.com/graph/api/appconsentapprovalroute-list-appconsentrequests shows none;
 *   CIPP reads each request's children with GET .../appConsentRequests/{id}/userConsentRequests).
 *   It is inlined only with $expand=userConsentRequests.
 * - `$filter=userConsentRequests/any(u:u/status eq 'InProgress')` (the documented example) selects
 *   parents whose children match; callers then read the children per request.
 * - consentType exists only on beta's appConsentRequest; createdBy.user is an identity {id, displayName}.
 * Graph cannot approve or deny these requests, so the simulator offers no write.
 */
import type {
  AppConsentRequest as V1AppConsentRequest,
  UserConsentRequest as V1UserConsentRequest,
} from '@microsoft/microsoft-graph-types';
import type { FixtureAppConsentRequest as AppConsentRequest, UserConsentRequest } from '../../src/graph/types';
import { notFound } from '../errors';
import { collectionResponse, entityResponse, type CollectionSpec, type GraphObject } from './collection';
import type { GraphContext, GraphVersion, Route } from './context';

const BASE = 'identityGovernance/appConsent/appConsentRequests';

export const REQUESTS_SPEC: CollectionSpec = {
  type: 'appConsentRequest',
  entitySet: BASE,
  properties: ['id', 'appId', 'appDisplayName', 'pendingScopes'],
  navigation: ['userConsentRequests'],
  // appId and appDisplayName "Support $filter (eq only) and $orderby" (resources/appconsentrequest).
  rules: {
    entityName: 'AppConsentRequest',
    directoryObjects: false,
    filterable: ['id', 'appId', 'appDisplayName', 'userConsentRequests'],
    sortable: ['appId', 'appDisplayName'],
  },
};

export const USER_REQUESTS_SPEC: CollectionSpec = {
  type: 'userConsentRequest',
  entitySet: `${BASE}/userConsentRequests`,
  properties: [
    'id',
    'status',
    'createdDateTime',
    'createdBy',
    'reason',
    'approval',
    'approvalId',
    'completedDateTime',
    'customData',
  ],
  rules: {
    entityName: 'UserConsentRequest',
    directoryObjects: false,
    filterable: ['id', 'status', 'createdDateTime', 'reason'],
    sortable: ['reason'],
  },
};

function requireRequest(ctx: GraphContext, id: string): AppConsentRequest {
  const r = ctx.tenant.data.appConsentRequests.find((x) => x.id === id);
  if (!r) throw notFound(id);
  return r;
}

function identity(who: { id?: string; displayName?: string | null } | null | undefined) {
  return who ? { id: who.id ?? null, displayName: who.displayName ?? null } : null;
}

function userRequestView(u: UserConsentRequest): GraphObject {
  const out: V1UserConsentRequest = {
    id: u.id,
    status: u.status,
    createdDateTime: u.createdDateTime,
    createdBy: { user: identity(u.createdBy?.user), application: null, device: null },
    reason: u.reason ?? null,
    approvalId: u.id,
    completedDateTime: null,
    customData: null,
    approval: u.approval
      ? {
          id: u.id,
          stages: u.approval.stages.map((s, i) => ({
            id: `${u.id}-${i}`,
            assignedToMe: false,
            displayName: null,
            justification: s.justification ?? null,
            reviewResult: s.reviewResult,
            reviewedBy: identity(s.reviewedBy),
            reviewedDateTime: s.reviewedDateTime ?? null,
            status: s.status,
          })),
        }
      : null,
  };
  return out as unknown as GraphObject;
}

function requestView(r: AppConsentRequest, version: GraphVersion): GraphObject {
  const out: V1AppConsentRequest & { consentType?: string } = {
    id: r.id,
    appId: r.appId,
    appDisplayName: r.appDisplayName,
    pendingScopes: r.pendingScopes.map((s) => ({ displayName: s.displayName })),
    userConsentRequests: r.userConsentRequests.map((u) => userRequestView(u) as unknown as V1UserConsentRequest),
  };
  if (version === 'beta' && r.consentType !== undefined) out.consentType = r.consentType;
  return out as unknown as GraphObject;
}

const childrenContext = (r: AppConsentRequest) => `${BASE}('${r.id}')/userConsentRequests`;

export const consentRequestRoutes: Route[] = [
  {
    method: 'GET',
    pattern: BASE,
    permission: 'appConsentRequests.read',
    handle: (ctx) =>
      collectionResponse(
        ctx,
        ctx.tenant.data.appConsentRequests.map((r) => requestView(r, ctx.version)),
        REQUESTS_SPEC,
      ),
  },
  {
    method: 'GET',
    pattern: `${BASE}/{id}`,
    permission: 'appConsentRequests.read',
    handle: (ctx, p) => entityResponse(ctx, requestView(requireRequest(ctx, p.id), ctx.version), REQUESTS_SPEC),
  },
  {
    method: 'GET',
    pattern: `${BASE}/{id}/userConsentRequests`,
    permission: 'appConsentRequests.read',
    handle: (ctx, p) => {
      const r = requireRequest(ctx, p.id);
      return collectionResponse(ctx, r.userConsentRequests.map(userRequestView), {
        ...USER_REQUESTS_SPEC,
        entitySet: childrenContext(r),
      });
    },
  },
  {
    method: 'GET',
    pattern: `${BASE}/{id}/userConsentRequests/{userRequestId}`,
    permission: 'appConsentRequests.read',
    handle: (ctx, p) => {
      const r = requireRequest(ctx, p.id);
      const child = r.userConsentRequests.find((u) => u.id === p.userRequestId);
      if (!child) throw notFound(p.userRequestId);
      return entityResponse(ctx, userRequestView(child), { ...USER_REQUESTS_SPEC, entitySet: childrenContext(r) });
    },
  },
];
