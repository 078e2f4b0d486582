/**
 * /oauth2PermissionGrants (delegated consent): list/filter (eq on clientId, consentType,
 * principalId, resourceId), get, create (one grant per clientId+resourceId+consentType+principalId:
 * a duplicate is refused with "Permission entry already exists", as 400 Request_BadRequest by default
 * or as 409 Request_MultipleObjectsWithSameKeyValue with the `duplicateGrantAnswer: "conflict"` fault;
 * both answers have been reported from Graph, e.g. in microsoftgraph/msgraph-sdk-powershell issues), PATCH (replaces `scope`, 204) and
 * DELETE (204). Listings honour the tenant's replication lag; GET by id always sees the latest write.
 */
import type { OAuth2PermissionGrant } from '../../src/graph/types';
import { badRequest, conflict, notFound } from '../errors';
import { grantId } from '../state';
import { collectionResponse, entityResponse, noContent, type CollectionSpec } from './collection';
import type { GraphContext, Route } from './context';

export const GRANTS_SPEC: CollectionSpec = {
  type: 'oAuth2PermissionGrant',
  entitySet: 'oauth2PermissionGrants',
  properties: ['id', 'clientId', 'consentType', 'principalId', 'resourceId', 'scope'],
  rules: {
    entityName: 'OAuth2PermissionGrant',
    directoryObjects: false,
    filterable: ['clientId', 'consentType', 'principalId', 'resourceId', 'id'],
    operators: ['eq', 'and'],
  },
};

function view(g: OAuth2PermissionGrant): Record<string, unknown> {
  return { ...g };
}

/** A listing (replication lag applies) of the grants matching `predicate`. */
export function listGrants(ctx: GraphContext, predicate: (g: OAuth2PermissionGrant) => boolean) {
  return collectionResponse(ctx, ctx.tenant.listedGrants().filter(predicate).map(view), GRANTS_SPEC);
}

function requireGrant(ctx: GraphContext, id: string): OAuth2PermissionGrant {
  const g = ctx.tenant.grant(id);
  if (!g) throw notFound(id);
  return g;
}

function normaliseScope(scope: unknown): string {
  if (typeof scope !== 'string')
    throw badRequest("Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'.");
  return scope.split(/\s+/).filter(Boolean).join(' ');
}

function asRecord(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('A JSON object is required as request body.');
  return body as Record<string, unknown>;
}

function createGrant(ctx: GraphContext) {
  const body = asRecord(ctx.body);
  const { clientId, resourceId, consentType } = body;
  const principalId = body.principalId ?? null;
  const invalid = (p: string) =>
    badRequest(`Invalid value specified for property '${p}' of resource 'OAuth2PermissionGrant'.`);
  if (typeof clientId !== 'string' || !ctx.tenant.servicePrincipal(clientId)) throw invalid('clientId');
  if (typeof resourceId !== 'string' || !ctx.tenant.servicePrincipal(resourceId)) throw invalid('resourceId');
  if (consentType !== 'AllPrincipals' && consentType !== 'Principal') throw invalid('consentType');
  if (consentType === 'AllPrincipals' && principalId !== null) throw invalid('principalId');
  if (consentType === 'Principal' && (typeof principalId !== 'string' || !ctx.tenant.user(principalId)))
    throw invalid('principalId');
  const scope = normaliseScope(body.scope ?? '');
  const existing = ctx.tenant.data.oauth2PermissionGrants.find(
    (g) =>
      g.clientId.toLowerCase() === clientId.toLowerCase() &&
      g.resourceId.toLowerCase() === resourceId.toLowerCase() &&
      g.consentType === consentType &&
      (g.principalId ?? '').toLowerCase() === String(principalId ?? '').toLowerCase(),
  );
  if (existing) {
    throw ctx.tenant.faults.duplicateGrantAnswer === 'conflict'
      ? conflict('Permission entry already exists.')
      : badRequest('Permission entry already exists.');
  }
  const sp = (id: string) =>
    ctx.tenant.servicePrincipal(id) as NonNullable<ReturnType<typeof ctx.tenant.servicePrincipal>>;
  const grant: OAuth2PermissionGrant = {
    id: grantId(sp(clientId).id, sp(resourceId).id, principalId as string | null),
    clientId: sp(clientId).id,
    consentType,
    principalId: consentType === 'Principal' ? (ctx.tenant.user(principalId as string)?.id ?? null) : null,
    resourceId: sp(resourceId).id,
    scope,
  };
  ctx.tenant.recordGrantChange(grant.id, null);
  ctx.tenant.data.oauth2PermissionGrants.push(grant);
  return entityResponse(ctx, view(grant), GRANTS_SPEC, 201);
}

function patchGrant(ctx: GraphContext, id: string) {
  const grant = requireGrant(ctx, id);
  const body = asRecord(ctx.body);
  for (const k of Object.keys(body)) {
    if (k !== 'scope' && !k.startsWith('@odata.')) {
      throw badRequest(`Property '${k}' cannot be updated on resource 'OAuth2PermissionGrant'.`);
    }
  }
  ctx.tenant.recordGrantChange(grant.id, grant);
  const index = ctx.tenant.data.oauth2PermissionGrants.indexOf(grant);
  // Replace the object so a recorded "before" snapshot and the live grant never alias.
  ctx.tenant.data.oauth2PermissionGrants[index] = {
    ...grant,
    ...('scope' in body ? { scope: normaliseScope(body.scope) } : {}),
  };
  return noContent();
}

function deleteGrant(ctx: GraphContext, id: string) {
  const grant = requireGrant(ctx, id);
  ctx.tenant.recordGrantChange(grant.id, grant);
  ctx.tenant.data.oauth2PermissionGrants = ctx.tenant.data.oauth2PermissionGrants.filter((g) => g !== grant);
  return noContent();
}

export const grantRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'oauth2PermissionGrants',
    permission: 'grants.read',
    handle: (ctx) => listGrants(ctx, () => true),
  },
  { method: 'POST', pattern: 'oauth2PermissionGrants', permission: 'grants.write', handle: createGrant },
  {
    method: 'GET',
    pattern: 'oauth2PermissionGrants/{id}',
    permission: 'grants.read',
    handle: (ctx, p) => entityResponse(ctx, view(requireGrant(ctx, p.id)), GRANTS_SPEC),
  },
  {
    method: 'PATCH',
    pattern: 'oauth2PermissionGrants/{id}',
    permission: 'grants.write',
    handle: (ctx, p) => patchGrant(ctx, p.id),
  },
  {
    method: 'DELETE',
    pattern: 'oauth2PermissionGrants/{id}',
    permission: 'grants.write',
    handle: (ctx, p) => deleteGrant(ctx, p.id),
  },
];
