/**
 * /groups, /groups/{id} and its navigations (members, transitiveMembers, memberOf,
 * transitiveMemberOf, appRoleAssignments), and /directoryObjects/{id}.
 */
import type { FixtureGroup } from '../../src/graph/types';
import { notFound } from '../errors';
import { principalAssignmentsResponse } from './app-role-assignments';
import { collectionResponse, entityResponse, type CollectionSpec, type GraphObject } from './collection';
import type { GraphContext, Route } from './context';
import { directoryObjectsSpec, directoryObjectView, GROUP_PROPERTIES, groupView } from './views';

export const GROUPS_SPEC: CollectionSpec = {
  type: 'group',
  entitySet: 'groups',
  properties: GROUP_PROPERTIES,
  rules: {
    entityName: 'Group',
    directoryObjects: true,
    filterable: [
      'id',
      'displayName',
      'securityEnabled',
      'mailEnabled',
      'mail',
      'mailNickname',
      'groupTypes',
      'isAssignableToRole',
      'createdDateTime',
    ],
    searchable: ['displayName', 'description', 'mail', 'mailNickname'],
    sortable: ['displayName'],
  },
};

function requireGroup(ctx: GraphContext, id: string): FixtureGroup {
  const g = ctx.tenant.group(id);
  if (!g) throw notFound(id);
  return g;
}

function objectsById(ctx: GraphContext, ids: string[]): GraphObject[] {
  return ids.flatMap((id) => {
    const o = ctx.tenant.directoryObject(id);
    return o ? [directoryObjectView(o, ctx.version)] : [];
  });
}

export const groupRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'groups',
    permission: 'groups.read',
    handle: (ctx) => collectionResponse(ctx, ctx.tenant.data.groups.map(groupView), GROUPS_SPEC),
  },
  {
    method: 'GET',
    pattern: 'groups/{id}',
    permission: 'groups.read',
    handle: (ctx, p) => entityResponse(ctx, groupView(requireGroup(ctx, p.id)), GROUPS_SPEC),
  },
  {
    method: 'GET',
    pattern: 'groups/{id}/members',
    permission: 'groups.read',
    handle: (ctx, p) =>
      collectionResponse(
        ctx,
        objectsById(ctx, requireGroup(ctx, p.id).members),
        directoryObjectsSpec('directoryObject'),
      ),
  },
  {
    method: 'GET',
    pattern: 'groups/{id}/transitiveMembers',
    permission: 'groups.read',
    handle: (ctx, p) => {
      const g = requireGroup(ctx, p.id);
      return collectionResponse(
        ctx,
        objectsById(ctx, ctx.tenant.transitiveMembersOf(g.id)),
        directoryObjectsSpec('directoryObject'),
      );
    },
  },
  {
    method: 'GET',
    pattern: 'groups/{id}/memberOf',
    permission: 'groups.read',
    handle: (ctx, p) => {
      const g = requireGroup(ctx, p.id);
      return collectionResponse(
        ctx,
        ctx.tenant.directGroupsOf(g.id).map(groupView),
        directoryObjectsSpec('directoryObject'),
      );
    },
  },
  {
    method: 'GET',
    pattern: 'groups/{id}/transitiveMemberOf',
    permission: 'groups.read',
    handle: (ctx, p) => {
      const g = requireGroup(ctx, p.id);
      return collectionResponse(
        ctx,
        ctx.tenant.transitiveGroupsOf(g.id).map(groupView),
        directoryObjectsSpec('directoryObject'),
      );
    },
  },
  {
    method: 'GET',
    pattern: 'groups/{id}/appRoleAssignments',
    permission: 'userAppRoleAssignments.read',
    handle: (ctx, p) => {
      const g = requireGroup(ctx, p.id);
      return principalAssignmentsResponse(ctx, g.id, false, `groups('${g.id}')/appRoleAssignments`);
    },
  },
  {
    method: 'GET',
    pattern: 'directoryObjects/{id}',
    permission: 'directoryObjects.read',
    handle: (ctx, p) => {
      const o = ctx.tenant.directoryObject(p.id);
      if (!o) throw notFound(p.id);
      return entityResponse(ctx, directoryObjectView(o, ctx.version), {
        type: 'directoryObject',
        entitySet: 'directoryObjects',
        polymorphic: true,
      });
    },
  },
];
