/**
 * /servicePrincipals: list/filter, get by object id or alternate key `(appId='...')`, create
 * (instantiate a multi-tenant app), patch, delete; and the navigations the bot reads:
 * oauth2PermissionGrants (grants where the SP is the client), appRoleAssignments (SP as principal)
 * and delegatedPermissionClassifications. appRoleAssignedTo lives in app-role-assignments.ts.
 */
import type { DelegatedPermissionClassification, ServicePrincipal } from '../../src/graph/types';
import { badRequest, conflict, notFound } from '../errors';
import { normaliseServicePrincipal } from '../load-fixture';
import { newObjectId } from '../state';
import { principalAssignmentsResponse } from './app-role-assignments';
import { collectionResponse, entityResponse, noContent, type CollectionSpec } from './collection';
import type { GraphContext, Route } from './context';
import { listGrants } from './grants';
import { SERVICE_PRINCIPAL_PROPERTIES, servicePrincipalView } from './views';

export const SERVICE_PRINCIPALS_SPEC: CollectionSpec = {
  type: 'servicePrincipal',
  entitySet: 'servicePrincipals',
  properties: SERVICE_PRINCIPAL_PROPERTIES,
  rules: {
    entityName: 'ServicePrincipal',
    directoryObjects: true,
    filterable: [
      'id',
      'appId',
      'displayName',
      'accountEnabled',
      'appRoleAssignmentRequired',
      'appOwnerOrganizationId',
      'servicePrincipalType',
      'servicePrincipalNames',
      'tags',
      'preferredSingleSignOnMode',
      'signInAudience',
      'verifiedPublisher/verifiedPublisherId',
      'appDisplayName',
    ],
    searchable: ['displayName', 'appDisplayName', 'description', 'appId'],
    sortable: ['displayName'],
  },
};

const ALTERNATE_KEY = /^\((appId|id)=(?:'([^']*)'|([0-9a-fA-F-]{36}))\)$/;

/** Resolves `{id}` or `(appId='..')` to the tenant's service principal, or 404. */
export function requireServicePrincipal(ctx: GraphContext, key: string): ServicePrincipal {
  const alt = ALTERNATE_KEY.exec(key);
  let sp: ServicePrincipal | undefined;
  if (alt) {
    const value = alt[2] ?? alt[3];
    sp = alt[1] === 'appId' ? ctx.tenant.servicePrincipalByAppId(value) : ctx.tenant.servicePrincipal(value);
    if (!sp) throw notFound(alt[1] === 'appId' ? `appId=${value}` : value);
  } else {
    if (key.startsWith('(')) throw badRequest(`Invalid alternate key '${key}'.`);
    sp = ctx.tenant.servicePrincipal(key);
    if (!sp) throw notFound(key);
  }
  return sp;
}

function asRecord(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('A JSON object is required as request body.');
  return body as Record<string, unknown>;
}

const READ_ONLY_PROPERTIES = new Set([
  'id',
  'appId',
  'appOwnerOrganizationId',
  'servicePrincipalType',
  'deletedDateTime',
]);
const WRITABLE_PROPERTIES = new Set([
  'accountEnabled',
  'appRoleAssignmentRequired',
  'displayName',
  'tags',
  'notes',
  'homepage',
  'replyUrls',
  'description',
  'loginUrl',
  'logoutUrl',
  'notificationEmailAddresses',
  'preferredSingleSignOnMode',
  'servicePrincipalNames',
  'alternativeNames',
  'appRoles',
  'oauth2PermissionScopes',
  'info',
  'keyCredentials',
  'passwordCredentials',
]);

function validatePatch(body: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('@odata.')) continue;
    if (READ_ONLY_PROPERTIES.has(k)) throw badRequest(`Property '${k}' is read-only and cannot be set.`);
    if (!WRITABLE_PROPERTIES.has(k)) throw badRequest(`Invalid property '${k}'.`);
    if ((k === 'accountEnabled' || k === 'appRoleAssignmentRequired') && typeof v !== 'boolean') {
      throw badRequest(`Invalid value specified for property '${k}' of resource 'ServicePrincipal'.`);
    }
  }
}

function createServicePrincipal(ctx: GraphContext) {
  const body = asRecord(ctx.body);
  const appId = body.appId;
  if (typeof appId !== 'string' || appId === '') throw badRequest("Property 'appId' is required.");
  if (ctx.tenant.servicePrincipalByAppId(appId)) {
    throw conflict(
      `The service principal cannot be created, updated, or restored because the service principal name ${appId} is already in use.`,
    );
  }
  const definition = ctx.core.appDefinition(appId, newObjectId());
  if (!definition) {
    throw badRequest(`The appId '${appId}' of the service principal does not reference a valid application object.`);
  }
  const { appId: _appId, ...rest } = body;
  validatePatch(rest);
  const sp = normaliseServicePrincipal({ ...definition, ...(rest as Partial<ServicePrincipal>) });
  ctx.tenant.data.servicePrincipals.push(sp);
  return entityResponse(ctx, servicePrincipalView(sp, ctx.version), SERVICE_PRINCIPALS_SPEC, 201);
}

function patchServicePrincipal(ctx: GraphContext, key: string) {
  const sp = requireServicePrincipal(ctx, key);
  const body = asRecord(ctx.body);
  if (ctx.version === 'beta' && 'publishedPermissionScopes' in body) {
    body.oauth2PermissionScopes = body.publishedPermissionScopes;
    delete body.publishedPermissionScopes;
  }
  validatePatch(body);
  for (const [k, v] of Object.entries(body)) {
    if (!k.startsWith('@odata.')) (sp as unknown as Record<string, unknown>)[k] = structuredClone(v);
  }
  return noContent();
}

function deleteServicePrincipal(ctx: GraphContext, key: string) {
  const sp = requireServicePrincipal(ctx, key);
  const data = ctx.tenant.data;
  data.servicePrincipals = data.servicePrincipals.filter((s) => s !== sp);
  for (const g of data.oauth2PermissionGrants.filter((g) => g.clientId === sp.id || g.resourceId === sp.id)) {
    ctx.tenant.recordGrantChange(g.id, g);
  }
  data.oauth2PermissionGrants = data.oauth2PermissionGrants.filter(
    (g) => g.clientId !== sp.id && g.resourceId !== sp.id,
  );
  data.appRoleAssignments = data.appRoleAssignments.filter((a) => a.principalId !== sp.id && a.resourceId !== sp.id);
  return noContent();
}

// ---- delegatedPermissionClassifications (stored per resource appId) ------------------------------

function classificationsOf(ctx: GraphContext, sp: ServicePrincipal): DelegatedPermissionClassification[] {
  const store = ctx.tenant.data.delegatedPermissionClassifications;
  const key = Object.keys(store).find((k) => k.toLowerCase() === sp.appId.toLowerCase());
  if (key) return store[key];
  store[sp.appId] = [];
  return store[sp.appId];
}

function addClassification(ctx: GraphContext, key: string) {
  const sp = requireServicePrincipal(ctx, key);
  const body = asRecord(ctx.body);
  const classification = body.classification;
  if (classification !== 'low' && classification !== 'medium' && classification !== 'high') {
    throw badRequest("Invalid value specified for property 'classification'.");
  }
  const scopes = sp.oauth2PermissionScopes ?? [];
  const scope = scopes.find((s) => s.id === body.permissionId) ?? scopes.find((s) => s.value === body.permissionName);
  if (!scope) throw badRequest('The permission being classified was not found on the service principal.');
  const list = classificationsOf(ctx, sp);
  if (list.some((c) => c.permissionId === scope.id)) throw conflict('The permission is already classified.');
  const created: DelegatedPermissionClassification = {
    id: newObjectId(),
    permissionId: scope.id,
    permissionName: scope.value,
    classification,
  };
  list.push(created);
  return entityResponse(
    ctx,
    { ...created },
    { type: 'delegatedPermissionClassification', entitySet: 'delegatedPermissionClassifications' },
    201,
  );
}

export const servicePrincipalRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'servicePrincipals',
    permission: 'servicePrincipals.read',
    handle: (ctx) =>
      collectionResponse(
        ctx,
        ctx.tenant.data.servicePrincipals.map((sp) => servicePrincipalView(sp, ctx.version)),
        SERVICE_PRINCIPALS_SPEC,
      ),
  },
  {
    method: 'POST',
    pattern: 'servicePrincipals',
    permission: 'servicePrincipals.write',
    handle: createServicePrincipal,
  },
  {
    method: 'GET',
    pattern: 'servicePrincipals/{id}',
    permission: 'servicePrincipals.read',
    handle: (ctx, p) =>
      entityResponse(
        ctx,
        servicePrincipalView(requireServicePrincipal(ctx, p.id), ctx.version),
        SERVICE_PRINCIPALS_SPEC,
      ),
  },
  {
    method: 'PATCH',
    pattern: 'servicePrincipals/{id}',
    permission: 'servicePrincipals.write',
    handle: (ctx, p) => patchServicePrincipal(ctx, p.id),
  },
  {
    method: 'DELETE',
    pattern: 'servicePrincipals/{id}',
    permission: 'servicePrincipals.write',
    handle: (ctx, p) => deleteServicePrincipal(ctx, p.id),
  },
  {
    method: 'GET',
    pattern: 'servicePrincipals/{id}/oauth2PermissionGrants',
    permission: 'grants.read',
    handle: (ctx, p) => {
      const sp = requireServicePrincipal(ctx, p.id);
      return listGrants(ctx, (g) => g.clientId === sp.id);
    },
  },
  {
    method: 'GET',
    pattern: 'servicePrincipals/{id}/appRoleAssignments',
    permission: 'appRoleAssignedTo.read',
    handle: (ctx, p) => {
      const sp = requireServicePrincipal(ctx, p.id);
      return principalAssignmentsResponse(ctx, sp.id, false, `servicePrincipals('${sp.id}')/appRoleAssignments`);
    },
  },
  {
    method: 'GET',
    pattern: 'servicePrincipals/{id}/delegatedPermissionClassifications',
    permission: 'delegatedPermissionClassifications.read',
    handle: (ctx, p) => {
      const sp = requireServicePrincipal(ctx, p.id);
      const items = classificationsOf(ctx, sp).map((c) => ({ ...c }));
      return collectionResponse(ctx, items, {
        type: 'delegatedPermissionClassification',
        entitySet: `servicePrincipals('${sp.id}')/delegatedPermissionClassifications`,
        rules: {
          entityName: 'DelegatedPermissionClassification',
          directoryObjects: false,
          filterable: ['permissionId', 'permissionName', 'classification', 'id'],
        },
      });
    },
  },
  {
    method: 'POST',
    pattern: 'servicePrincipals/{id}/delegatedPermissionClassifications',
    permission: 'delegatedPermissionClassifications.write',
    handle: (ctx, p) => addClassification(ctx, p.id),
  },
  {
    method: 'DELETE',
    pattern: 'servicePrincipals/{id}/delegatedPermissionClassifications/{classificationId}',
    permission: 'delegatedPermissionClassifications.write',
    handle: (ctx, p) => {
      const sp = requireServicePrincipal(ctx, p.id);
      const list = classificationsOf(ctx, sp);
      const index = list.findIndex((c) => c.id === p.classificationId);
      if (index === -1) throw notFound(p.classificationId);
      list.splice(index, 1);
      return noContent();
    },
  },
];
