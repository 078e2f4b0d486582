/**
 * /roleManagement/directory: roleAssignments (listing requires $filter, e.g. principalId eq '..' or
 * roleDefinitionId in (..); direct assignments only; roleDefinitionId is the template id for built-in
 * roles; `principal` only with $expand=principal, learn.microsoft.com/graph/api/resources/unifiedroleassignment
 * "Relationships", shown with its @odata.type, id and displayName as `principal($select=id,displayName)`
 * gives it; the simulator ignores a nested $select), roleDefinitions
 * (the built-in roles that matter for consent), and beta transitiveRoleAssignments (includes roles
 * held through groups; needs ConsistencyLevel: eventual and $count=true).
 */
import type { UnifiedRoleAssignment } from '../../src/graph/types';
import { notFound, unsupportedQuery } from '../errors';
import { collectionResponse, entityResponse, type CollectionSpec, type GraphObject } from './collection';
import { consistencyEventual, type GraphContext, type Route } from './context';
import { evaluateFilter } from '../odata/filter-eval';
import { parseQueryOptions } from '../odata/query';

const BASE = 'roleManagement/directory';

const ASSIGNMENTS_SPEC: CollectionSpec = {
  type: 'unifiedRoleAssignment',
  entitySet: `${BASE}/roleAssignments`,
  properties: ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId', 'condition'],
  navigation: ['principal'],
  rules: {
    entityName: 'UnifiedRoleAssignment',
    directoryObjects: false,
    filterRequired: true,
    filterable: ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId'],
  },
};

/** Built-in role definitions (id = template id). */
export const BUILT_IN_ROLES: GraphObject[] = [
  [
    '62e90394-69f5-4237-9190-012177145e10',
    'Global Administrator',
    'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
  ],
  [
    'e8611ab8-c189-46e8-94e1-60213ab1f814',
    'Privileged Role Administrator',
    'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
  ],
  [
    '158c047a-c907-4556-b7ef-446551a6b5f7',
    'Cloud Application Administrator',
    'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.',
  ],
  [
    '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    'Application Administrator',
    'Can create and manage all aspects of app registrations and enterprise apps.',
  ],
  [
    'fe930be7-5e62-47db-91af-98c3a49a38b1',
    'User Administrator',
    'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
  ],
  [
    'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    'Global Reader',
    'Can read everything that a Global Administrator can, but not update anything.',
  ],
].map(([id, displayName, description]) => ({
  id,
  templateId: id,
  displayName,
  description,
  isBuiltIn: true,
  isEnabled: true,
}));

const DEFINITIONS_SPEC: CollectionSpec = {
  type: 'unifiedRoleDefinition',
  entitySet: `${BASE}/roleDefinitions`,
  rules: {
    entityName: 'UnifiedRoleDefinition',
    directoryObjects: false,
    filterable: ['id', 'displayName', 'templateId', 'isBuiltIn'],
  },
};

/** The assigned principal as a directoryObject with its concrete type; null when it no longer exists. */
function principalOf(ctx: GraphContext, principalId: string): GraphObject | null {
  const found = ctx.tenant.directoryObject(principalId);
  if (!found) return null;
  const { id, displayName } = found.object as { id: string; displayName?: string | null };
  return { '@odata.type': `#microsoft.graph.${found.type}`, id, displayName: displayName ?? null };
}

const view = (ctx: GraphContext, a: UnifiedRoleAssignment): GraphObject => ({
  appScopeId: null,
  condition: null,
  ...a,
  principal: principalOf(ctx, a.principalId),
});

/** Assignments held by the principal or by any group it belongs to (transitively). */
function transitiveAssignments(ctx: GraphContext): GraphObject[] {
  const opts = parseQueryOptions(ctx.query);
  if (!consistencyEventual(ctx) || !opts.count) {
    throw unsupportedQuery(
      "transitiveRoleAssignments requires the 'ConsistencyLevel: eventual' header and '$count=true'.",
    );
  }
  const principals = new Set<string>();
  for (const a of ctx.tenant.data.roleAssignments) {
    if (opts.filter && evaluateFilter(opts.filter, { principalId: a.principalId })) principals.add(a.principalId);
  }
  // A filter on principalId names a user; expand it to the groups that user belongs to.
  const candidates = new Set<string>();
  for (const u of ctx.tenant.data.users) {
    if (opts.filter && evaluateFilter(opts.filter, { principalId: u.id })) {
      candidates.add(u.id.toLowerCase());
      ctx.tenant.transitiveGroupsOf(u.id).forEach((g) => candidates.add(g.id.toLowerCase()));
    }
  }
  return ctx.tenant.data.roleAssignments
    .filter((a) => principals.has(a.principalId) || candidates.has(a.principalId.toLowerCase()))
    .map((a) => view(ctx, a));
}

export const roleManagementRoutes: Route[] = [
  {
    method: 'GET',
    pattern: `${BASE}/roleAssignments`,
    permission: 'roleAssignments.read',
    handle: (ctx) =>
      collectionResponse(
        ctx,
        ctx.tenant.data.roleAssignments.map((a) => view(ctx, a)),
        ASSIGNMENTS_SPEC,
      ),
  },
  {
    method: 'GET',
    pattern: `${BASE}/roleAssignments/{id}`,
    permission: 'roleAssignments.read',
    handle: (ctx, p) => {
      const a = ctx.tenant.data.roleAssignments.find((x) => x.id === p.id);
      if (!a) throw notFound(p.id);
      return entityResponse(ctx, view(ctx, a), ASSIGNMENTS_SPEC);
    },
  },
  {
    method: 'GET',
    pattern: `${BASE}/transitiveRoleAssignments`,
    permission: 'roleAssignments.read',
    versions: ['beta'],
    handle: (ctx) => {
      // The principal filter means "held by or through" here, so the handler applies it itself.
      return collectionResponse(ctx, transitiveAssignments(ctx), {
        ...ASSIGNMENTS_SPEC,
        entitySet: `${BASE}/transitiveRoleAssignments`,
        prefiltered: true,
      });
    },
  },
  {
    method: 'GET',
    pattern: `${BASE}/roleDefinitions`,
    permission: 'roleAssignments.read',
    handle: (ctx) => collectionResponse(ctx, BUILT_IN_ROLES, DEFINITIONS_SPEC),
  },
  {
    method: 'GET',
    pattern: `${BASE}/roleDefinitions/{id}`,
    permission: 'roleAssignments.read',
    handle: (ctx, p) => {
      const d = BUILT_IN_ROLES.find((r) => String(r.id).toLowerCase() === p.id.toLowerCase());
      if (!d) throw notFound(p.id);
      return entityResponse(ctx, d, DEFINITIONS_SPEC);
    },
  },
];
