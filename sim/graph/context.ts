/**
 * What a Graph handler receives and how routes are declared.
 */
import type { SimulatorCore } from '../core';
import type { SimResponse } from '../http';
import type { PermissionName } from '../permissions';
import type { TenantRuntime } from '../state';

export type GraphVersion = 'v1.0' | 'beta';
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The caller, from a validated access token. */
export interface Principal {
  kind: 'app' | 'user';
  tenantId: string;
  /** The calling application's appId. */
  clientId: string;
  /** roles (app) or scp (delegated), with implied permissions added. */
  permissions: ReadonlySet<string>;
  /** Signed-in user's object id, for delegated tokens. */
  userId?: string;
}

export interface GraphContext {
  core: SimulatorCore;
  tenant: TenantRuntime;
  principal: Principal;
  version: GraphVersion;
  method: HttpMethod;
  /** The resource path after the version, without a `/$count` or cast suffix, e.g. "users/x/memberOf". */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
  /** The request ended in /$count. */
  countSegment: boolean;
  /** The request ended in a type cast, e.g. "microsoft.graph.group". */
  cast: string | null;
}

export interface Route {
  method: HttpMethod;
  /** Segments separated by "/"; "{name}" matches one segment, e.g. "servicePrincipals/{id}/appRoleAssignedTo". */
  pattern: string;
  permission: PermissionName;
  /** Versions serving this route (default both). */
  versions?: readonly GraphVersion[];
  handle(ctx: GraphContext, params: Record<string, string>): SimResponse | Promise<SimResponse>;
}

export function consistencyEventual(ctx: GraphContext): boolean {
  return (ctx.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
}

export function graphBase(ctx: GraphContext): string {
  return `${ctx.core.baseUrl}/${ctx.version}`;
}
