/**
 * /identityGovernance/appConsent/appConsentRequests with nested userConsentRequests.
 * `$filter=userConsentRequests/any(u:u/status eq 'InProgress')` returns matching parents with ALL
 * their children, as Graph does; callers filter the children themselves.
 * Graph cannot approve or deny these requests, so the simulator offers no write.
 */
import type { AppConsentRequest } from '../../src/graph/types';
import { notFound } from '../errors';
import { collectionResponse, entityResponse, type CollectionSpec, type GraphObject } from './collection';
import type { GraphContext, Route } from './context';

const BASE = 'identityGovernance/appConsent/appConsentRequests';

const REQUESTS_SPEC: CollectionSpec = {
  type: 'appConsentRequest',
  entitySet: BASE,
  properties: ['id', 'appId', 'appDisplayName', 'consentType', 'pendingScopes', 'userConsentRequests'],
  rules: { entityName: 'AppConsentRequest', directoryObjects: false, filterable: ['id', 'appId', 'appDisplayName', 'userConsentRequests'] },
};

const USER_REQUESTS_SPEC: CollectionSpec = {
  type: 'userConsentRequest',
  entitySet: `${BASE}/userConsentRequests`,
  properties: ['id', 'status', 'createdDateTime', 'createdBy', 'reason', 'approval', 'approvalId', 'completedDateTime', 'customData'],
  rules: { entityName: 'UserConsentRequest', directoryObjects: false, filterable: ['id', 'status', 'createdDateTime'] },
};

function requireRequest(ctx: GraphContext, id: string): AppConsentRequest {
  const r = ctx.tenant.data.appConsentRequests.find((x) => x.id === id);
  if (!r) throw notFound(id);
  return r;
}

const view = (r: AppConsentRequest): GraphObject => structuredClone(r) as unknown as GraphObject;

export const consentRequestRoutes: Route[] = [
  {
    method: 'GET',
    pattern: BASE,
    permission: 'appConsentRequests.read',
    handle: (ctx) => collectionResponse(ctx, ctx.tenant.data.appConsentRequests.map(view), REQUESTS_SPEC),
  },
  {
    method: 'GET',
    pattern: `${BASE}/{id}`,
    permission: 'appConsentRequests.read',
    handle: (ctx, p) => entityResponse(ctx, view(requireRequest(ctx, p.id)), REQUESTS_SPEC),
  },
  {
    method: 'GET',
    pattern: `${BASE}/{id}/userConsentRequests`,
    permission: 'appConsentRequests.read',
    handle: (ctx, p) => collectionResponse(ctx, view(requireRequest(ctx, p.id)).userConsentRequests as GraphObject[], USER_REQUESTS_SPEC),
  },
  {
    method: 'GET',
    pattern: `${BASE}/{id}/userConsentRequests/{userRequestId}`,
    permission: 'appConsentRequests.read',
    handle: (ctx, p) => {
      const child = requireRequest(ctx, p.id).userConsentRequests.find((u) => u.id === p.userRequestId);
      if (!child) throw notFound(p.userRequestId);
      return entityResponse(ctx, structuredClone(child) as unknown as GraphObject, USER_REQUESTS_SPEC);
    },
  },
];
