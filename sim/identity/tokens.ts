/**
 * Access tokens as Entra ID issues them for Microsoft Graph: app-only tokens carry the client's
 * granted application permissions in `roles`; delegated (on-behalf-of) tokens carry `scp`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GRAPH_APP_ID, GRAPH_RESOURCE, type SimulatorCore } from '../core';
import type { FixtureClient } from '../fixture';
import type { TenantRuntime } from '../state';
import type { User } from '../../src/graph/types';
import type { JwtPayload } from './jwt';

export interface IssuedToken {
  token: string;
  expiresIn: number;
  payload: JwtPayload;
}

/** A stable, GUID-shaped id derived from text (for clients that have no service principal). */
export function derivedGuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The client's application permissions on Microsoft Graph: the fixture's `roles` plus Graph app
 * roles assigned to the client's service principal (so granting one through Graph takes effect
 * on the next token, as in Entra).
 */
export function clientRoles(tenant: TenantRuntime, client: FixtureClient): string[] {
  const roles = new Set(client.roles);
  const clientSp = tenant.servicePrincipalByAppId(client.appId);
  const graphSp = tenant.servicePrincipalByAppId(GRAPH_APP_ID);
  if (clientSp && graphSp) {
    for (const a of tenant.data.appRoleAssignments) {
      if (a.principalId !== clientSp.id || a.resourceId !== graphSp.id) continue;
      const value = graphSp.appRoles?.find((r) => r.id === a.appRoleId)?.value;
      if (value) roles.add(value);
    }
  }
  return [...roles].sort();
}

function baseClaims(core: SimulatorCore, tenant: TenantRuntime, lifetime: number, audience: string): JwtPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: audience,
    iss: core.issuer(tenant.id),
    iat: now,
    nbf: now,
    exp: now + lifetime,
    tid: tenant.id,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
  };
}

export function issueAppToken(
  core: SimulatorCore,
  tenant: TenantRuntime,
  client: FixtureClient,
  lifetimeSeconds?: number,
): IssuedToken {
  const lifetime = lifetimeSeconds ?? core.settings.tokenLifetimeSeconds;
  const sp = tenant.servicePrincipalByAppId(client.appId);
  const oid = sp?.id ?? derivedGuid(`${tenant.id}/${client.appId}`);
  const roles = clientRoles(tenant, client);
  const payload: JwtPayload = {
    ...baseClaims(core, tenant, lifetime, GRAPH_RESOURCE),
    app_displayname: client.displayName ?? sp?.displayName ?? client.appId,
    appid: client.appId,
    azp: client.appId,
    appidacr: '1',
    azpacr: '1',
    idtyp: 'app',
    oid,
    sub: oid,
    ...(roles.length > 0 ? { roles } : {}),
  };
  return { token: core.signingKey.sign(payload), expiresIn: lifetime, payload };
}

export function issueDelegatedToken(
  core: SimulatorCore,
  tenant: TenantRuntime,
  opts: { user: User; clientAppId: string; audience: string; scopes: string[]; lifetimeSeconds?: number },
): IssuedToken {
  const lifetime = opts.lifetimeSeconds ?? core.settings.tokenLifetimeSeconds;
  const payload: JwtPayload = {
    ...baseClaims(core, tenant, lifetime, opts.audience),
    appid: opts.clientAppId,
    azp: opts.clientAppId,
    appidacr: '1',
    azpacr: '1',
    idtyp: 'user',
    oid: opts.user.id,
    sub: derivedGuid(`${opts.user.id}/${opts.clientAppId}`),
    name: opts.user.displayName,
    upn: opts.user.userPrincipalName,
    preferred_username: opts.user.userPrincipalName,
    scp: opts.scopes.join(' '),
  };
  return { token: core.signingKey.sign(payload), expiresIn: lifetime, payload };
}
