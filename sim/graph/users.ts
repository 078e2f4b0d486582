/**
 * /users, /users/{id | userPrincipalName} and its navigations, /me (delegated tokens only).
 * Without $select, Graph returns only the default user properties (accountEnabled is not among them).
 */
import type { User } from '../../src/graph/types';
import { badRequest, notFound } from '../errors';
import { collectionResponse, entityResponse, type CollectionSpec } from './collection';
import type { GraphContext, Route } from './context';
import { listGrants } from './grants';
import { principalAssignmentsResponse } from './app-role-assignments';
import { directoryObjectsSpec, groupView, USER_DEFAULT_PROPERTIES, USER_PROPERTIES, userView } from './views';

export const USERS_SPEC: CollectionSpec = {
  type: 'user',
  entitySet: 'users',
  defaultProperties: USER_DEFAULT_PROPERTIES,
  properties: USER_PROPERTIES,
  rules: {
    entityName: 'User',
    directoryObjects: true,
    filterable: [
      'id',
      'displayName',
      'userPrincipalName',
      'mail',
      'accountEnabled',
      'userType',
      'givenName',
      'surname',
      'otherMails',
      'proxyAddresses',
      'createdDateTime',
      'department',
      'jobTitle',
      'employeeId',
      'companyName',
      'onPremisesSyncEnabled',
      'mailNickname',
      'identities',
    ],
    searchable: ['displayName', 'mail', 'userPrincipalName', 'givenName', 'surname', 'mailNickname'],
    // learn.microsoft.com/graph/api/user-list: $orderby on displayName and userPrincipalName
    // (createdDateTime is 400 "Unsupported sort property").
    sortable: ['displayName', 'userPrincipalName'],
  },
};

export function requireUser(ctx: GraphContext, idOrUpn: string): User {
  const user = ctx.tenant.user(idOrUpn);
  if (!user) throw notFound(idOrUpn);
  return user;
}

function me(ctx: GraphContext): User {
  if (ctx.principal.kind !== 'user' || !ctx.principal.userId) {
    throw badRequest('/me request is only valid with delegated authentication flow.');
  }
  return requireUser(ctx, ctx.principal.userId);
}

function memberOf(ctx: GraphContext, userId: string, transitive: boolean) {
  const groups = transitive ? ctx.tenant.transitiveGroupsOf(userId) : ctx.tenant.directGroupsOf(userId);
  return collectionResponse(ctx, groups.map(groupView), directoryObjectsSpec('directoryObject'));
}

export const userRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'users',
    permission: 'users.read',
    handle: (ctx) => collectionResponse(ctx, ctx.tenant.data.users.map(userView), USERS_SPEC),
  },
  {
    method: 'GET',
    pattern: 'users/{id}',
    permission: 'users.read',
    handle: (ctx, p) => entityResponse(ctx, userView(requireUser(ctx, p.id)), USERS_SPEC),
  },
  {
    method: 'GET',
    pattern: 'users/{id}/memberOf',
    permission: 'users.memberOf',
    handle: (ctx, p) => memberOf(ctx, requireUser(ctx, p.id).id, false),
  },
  {
    method: 'GET',
    pattern: 'users/{id}/transitiveMemberOf',
    permission: 'users.memberOf',
    handle: (ctx, p) => memberOf(ctx, requireUser(ctx, p.id).id, true),
  },
  {
    method: 'GET',
    pattern: 'users/{id}/appRoleAssignments',
    permission: 'userAppRoleAssignments.read',
    handle: (ctx, p) => {
      // learn.microsoft.com/graph/api/user-list-approleassignments: "#users('{id}')/appRoleAssignments".
      const user = requireUser(ctx, p.id);
      return principalAssignmentsResponse(ctx, user.id, true, `users('${user.id}')/appRoleAssignments`);
    },
  },
  {
    method: 'GET',
    pattern: 'users/{id}/oauth2PermissionGrants',
    permission: 'grants.read',
    handle: (ctx, p) => {
      const user = requireUser(ctx, p.id);
      return listGrants(ctx, (g) => g.principalId?.toLowerCase() === user.id.toLowerCase());
    },
  },
  {
    method: 'GET',
    pattern: 'me',
    permission: 'me.read',
    handle: (ctx) => entityResponse(ctx, userView(me(ctx)), USERS_SPEC),
  },
  {
    method: 'GET',
    pattern: 'me/memberOf',
    permission: 'users.memberOf',
    handle: (ctx) => memberOf(ctx, me(ctx).id, false),
  },
  {
    method: 'GET',
    pattern: 'me/transitiveMemberOf',
    permission: 'users.memberOf',
    handle: (ctx) => memberOf(ctx, me(ctx).id, true),
  },
];
