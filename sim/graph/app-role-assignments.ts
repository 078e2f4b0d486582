/**
 * App role assignments (user/group/service principal -> app):
 *   GET/POST /servicePrincipals/{id}/appRoleAssignedTo, DELETE .../appRoleAssignedTo/{assignmentId}
 *   GET /users/{id}/appRoleAssignments: the user's own assignments plus those of groups the user is
 *   a DIRECT member of (group assignment does not cascade to nested groups).
 * A duplicate assignment is 400 "Permission being assigned already exists on the object".
 */
import type { AppRole, AppRoleAssignment } from '../../src/graph/types';
import { DEFAULT_APP_ROLE_ID } from '../../src/graph/types';
import { badRequest, notFound } from '../errors';
import { assignmentId } from '../state';
import { collectionResponse, entityResponse, noContent, type CollectionSpec } from './collection';
import type { GraphContext, Route } from './context';
import { requireServicePrincipal } from './service-principals';

export const ASSIGNMENTS_SPEC: CollectionSpec = {
  type: 'appRoleAssignment',
  entitySet: 'appRoleAssignments',
  properties: [
    'id',
    'appRoleId',
    'createdDateTime',
    'deletedDateTime',
    'principalDisplayName',
    'principalId',
    'principalType',
    'resourceDisplayName',
    'resourceId',
  ],
  rules: {
    entityName: 'AppRoleAssignment',
    directoryObjects: false,
    // appRoleId is not filterable (microsoftgraph/microsoft-graph-docs#10665); principalId and
    // resourceId are Edm.Guid: unquoted literals only.
    filterable: ['principalId', 'resourceId', 'principalType'],
    guidProperties: ['principalId', 'resourceId'],
  },
};

/** appRoleAssignedTo cannot be filtered on principalId either (microsoftgraph/msgraph-sdk-dotnet#2306). */
const ASSIGNED_TO_SPEC: CollectionSpec = {
  ...ASSIGNMENTS_SPEC,
  rules: { ...ASSIGNMENTS_SPEC.rules, filterable: ['resourceId', 'principalType'] },
};

function view(a: AppRoleAssignment): Record<string, unknown> {
  return { deletedDateTime: null, ...a };
}

/** Assignments where `principalId` is the principal (plus, for users, their direct groups'). */
export function principalAssignmentsResponse(
  ctx: GraphContext,
  principalId: string,
  includeDirectGroups: boolean,
  entitySet: string,
) {
  const principals = new Set([principalId.toLowerCase()]);
  if (includeDirectGroups) ctx.tenant.directGroupsOf(principalId).forEach((g) => principals.add(g.id.toLowerCase()));
  const items = ctx.tenant.data.appRoleAssignments.filter((a) => principals.has(a.principalId.toLowerCase())).map(view);
  return collectionResponse(ctx, items, { ...ASSIGNMENTS_SPEC, entitySet });
}

function allowedRole(roles: AppRole[], appRoleId: string, memberType: 'User' | 'Application'): boolean {
  if (appRoleId === DEFAULT_APP_ROLE_ID) {
    // The default role exists only when the app defines no role assignable to this kind of principal.
    return !roles.some((r) => r.isEnabled && r.allowedMemberTypes.includes(memberType));
  }
  return roles.some((r) => r.id === appRoleId && r.isEnabled && r.allowedMemberTypes.includes(memberType));
}

function createAssignment(ctx: GraphContext, key: string) {
  const resource = requireServicePrincipal(ctx, key);
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') throw badRequest('A JSON object is required as request body.');
  const { principalId, resourceId, appRoleId } = body;
  if (typeof principalId !== 'string') throw badRequest("Property 'principalId' is required.");
  if (typeof appRoleId !== 'string') throw badRequest("Property 'appRoleId' is required.");
  // resourceId is required in the body (learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto).
  if (resourceId === undefined || resourceId === null) throw badRequest("Property 'resourceId' is required.");
  if (typeof resourceId !== 'string' || resourceId.toLowerCase() !== resource.id.toLowerCase()) {
    throw badRequest(
      "The 'resourceId' in the request body must be the id of the service principal in the request URL.",
    );
  }
  const principal = ctx.tenant.directoryObject(principalId);
  if (!principal) throw notFound(principalId);
  const memberType = principal.type === 'servicePrincipal' ? 'Application' : 'User';
  if (!allowedRole(resource.appRoles ?? [], appRoleId, memberType)) {
    throw badRequest(`Permission being assigned was not found on application '${resource.appId}'.`);
  }
  if (principal.type === 'group' && !ctx.tenant.data.tenant.premium) {
    throw badRequest('Group-based assignment to applications requires a Microsoft Entra ID P1 or P2 license.');
  }
  const duplicate = ctx.tenant.data.appRoleAssignments.some(
    (a) =>
      a.principalId.toLowerCase() === principal.object.id.toLowerCase() &&
      a.resourceId === resource.id &&
      a.appRoleId.toLowerCase() === appRoleId.toLowerCase(),
  );
  if (duplicate) throw badRequest('Permission being assigned already exists on the object');
  const assignment: AppRoleAssignment = {
    id: assignmentId(),
    appRoleId,
    createdDateTime: new Date().toISOString(),
    principalDisplayName: principal.object.displayName,
    principalId: principal.object.id,
    principalType: principal.type === 'user' ? 'User' : principal.type === 'group' ? 'Group' : 'ServicePrincipal',
    resourceDisplayName: resource.displayName,
    resourceId: resource.id,
  };
  ctx.tenant.data.appRoleAssignments.push(assignment);
  return entityResponse(ctx, view(assignment), { ...ASSIGNMENTS_SPEC, entitySet: 'appRoleAssignments' }, 201);
}

export const appRoleAssignmentRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'servicePrincipals/{id}/appRoleAssignedTo',
    permission: 'appRoleAssignedTo.read',
    handle: (ctx, p) => {
      const sp = requireServicePrincipal(ctx, p.id);
      const items = ctx.tenant.data.appRoleAssignments.filter((a) => a.resourceId === sp.id).map(view);
      // "@odata.context": ".../$metadata#servicePrincipals('{id}')/appRoleAssignedTo"
      // (learn.microsoft.com/graph/api/serviceprincipal-list-approleassignedto, response example).
      return collectionResponse(ctx, items, {
        ...ASSIGNED_TO_SPEC,
        entitySet: `servicePrincipals('${sp.id}')/appRoleAssignedTo`,
      });
    },
  },
  {
    method: 'POST',
    pattern: 'servicePrincipals/{id}/appRoleAssignedTo',
    permission: 'appRoleAssignedTo.write',
    handle: (ctx, p) => createAssignment(ctx, p.id),
  },
  {
    method: 'DELETE',
    pattern: 'servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}',
    permission: 'appRoleAssignedTo.write',
    handle: (ctx, p) => {
      const sp = requireServicePrincipal(ctx, p.id);
      const data = ctx.tenant.data;
      const found = data.appRoleAssignments.find((a) => a.id === p.assignmentId && a.resourceId === sp.id);
      if (!found) throw notFound(p.assignmentId);
      data.appRoleAssignments = data.appRoleAssignments.filter((a) => a !== found);
      return noContent();
    },
  },
];
