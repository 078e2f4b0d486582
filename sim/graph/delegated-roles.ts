/**
 * Delegated writes are limited by the signed-in user's directory roles, not only by the token's
 * scopes: "In delegated scenarios with work or school accounts, the signed-in user must be assigned a
 * supported Microsoft Entra role" (the "Permissions" section of
 * learn.microsoft.com/graph/api/oauth2permissiongrant-post, .../serviceprincipal-post-approleassignedto
 * and .../serviceprincipal-post-serviceprincipals). Who may grant what
 * (learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent, "Prerequisites";
 * docs/entra-semantics.md#who-may-grant):
 *  - Global Administrator, Privileged Role Administrator: anything, Microsoft Graph app roles included;
 *  - Cloud Application Administrator, Application Administrator: delegated grants on any API, user and
 *    group assignments, enterprise apps, and app roles of APIs other than Microsoft Graph;
 *  - anyone else: nothing (403 Authorization_RequestDenied, what Graph answers).
 * Roles count when assigned directly or to a role-assignable group the user is a member of.
 * App-only tokens are not affected (their application permissions alone decide).
 */
import { GRAPH_APP_ID } from '../core';
import { forbidden } from '../errors';
import type { PermissionName } from '../permissions';
import type { GraphContext } from './context';

export const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
export const PRIVILEGED_ROLE_ADMINISTRATOR = 'e8611ab8-c189-46e8-94e1-60213ab1f814';
export const CLOUD_APPLICATION_ADMINISTRATOR = '158c047a-c907-4556-b7ef-446551a6b5f7';
export const APPLICATION_ADMINISTRATOR = '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3';

const ANYTHING = new Set([GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR]);
const APPS = new Set([CLOUD_APPLICATION_ADMINISTRATOR, APPLICATION_ADMINISTRATOR]);

/** The writes a role decides for delegated callers. */
const ROLE_GATED: ReadonlySet<PermissionName> = new Set<PermissionName>([
  'grants.write',
  'appRoleAssignedTo.write',
  'servicePrincipals.write',
]);

/** Template ids of the roles the user holds tenant-wide, directly or through groups. */
export function directoryRolesOf(ctx: Pick<GraphContext, 'tenant'>, userId: string): Set<string> {
  const principals = new Set([
    userId.toLowerCase(),
    ...ctx.tenant.transitiveGroupsOf(userId).map((g) => g.id.toLowerCase()),
  ]);
  return new Set(
    ctx.tenant.data.roleAssignments
      .filter((a) => principals.has(a.principalId.toLowerCase()) && (a.directoryScopeId ?? '/') === '/')
      .map((a) => a.roleDefinitionId.toLowerCase()),
  );
}

/** An app role of Microsoft Graph assigned to an application: a Graph application permission. */
function grantsGraphAppRole(ctx: GraphContext, resourceKey: string | undefined): boolean {
  if (!resourceKey) return false;
  const resource =
    ctx.tenant.servicePrincipal(resourceKey) ??
    (/^\(appId='([^']+)'\)$/i.exec(resourceKey)?.[1]
      ? ctx.tenant.servicePrincipalByAppId(/^\(appId='([^']+)'\)$/i.exec(resourceKey)?.[1] ?? '')
      : undefined);
  if (resource?.appId.toLowerCase() !== GRAPH_APP_ID) return false;
  const principalId = (ctx.body as { principalId?: unknown } | undefined)?.principalId;
  return typeof principalId === 'string' && ctx.tenant.servicePrincipal(principalId) !== undefined;
}

/** Throws Graph's 403 when a delegated caller's roles do not allow this write. */
export function requireDelegatedWriteRole(
  ctx: GraphContext,
  permission: PermissionName,
  params: Record<string, string>,
): void {
  if (ctx.principal.kind !== 'user' || !ROLE_GATED.has(permission)) return;
  const roles = directoryRolesOf(ctx, ctx.principal.userId ?? '');
  if ([...roles].some((r) => ANYTHING.has(r))) return;
  const appAdmin = [...roles].some((r) => APPS.has(r));
  if (!appAdmin) throw forbidden();
  if (permission === 'appRoleAssignedTo.write' && ctx.method === 'POST' && grantsGraphAppRole(ctx, params.id))
    throw forbidden();
}
