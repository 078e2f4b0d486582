/**
 * Every Graph call validates its bearer token: signature (the simulator's key), lifetime, audience
 * (Microsoft Graph), issuer and tenant. Failures are 401 InvalidAuthenticationToken, as in Graph.
 */
import { GRAPH_AUDIENCES, type SimulatorCore } from '../core';
import { invalidToken } from '../errors';
import type { Principal } from '../graph/context';
import { expandPermissions } from '../permissions';
import type { TenantRuntime } from '../state';
import { decodeJwt, JwtError, verifyJwt } from './jwt';

export interface Authenticated {
  principal: Principal;
  tenant: TenantRuntime;
}

/** The tenant an (unverified) token claims, for logging rejected requests. */
export function claimedTenant(core: SimulatorCore, authorization: string | undefined): TenantRuntime | undefined {
  const token = authorization?.replace(/^Bearer\s+/i, '');
  const tid = token ? decodeJwt(token)?.payload.tid : undefined;
  return typeof tid === 'string' ? core.findTenant(tid) : undefined;
}

export function authenticate(core: SimulatorCore, authorization: string | undefined): Authenticated {
  if (!authorization || !/^Bearer\s+\S/i.test(authorization)) throw invalidToken('Access token is empty.');
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  let claims;
  try {
    claims = verifyJwt(token, {
      keys: [core.signingKey],
      audiences: GRAPH_AUDIENCES,
      issuerFor: (tid) => core.issuer(tid),
    });
  } catch (err) {
    if (err instanceof JwtError) throw invalidToken(err.message);
    throw err;
  }
  const tenant = core.findTenant(String(claims.tid));
  if (!tenant) throw invalidToken('Access token validation failure. The tenant is unknown.');
  const isApp = claims.idtyp === 'app' || (claims.scp === undefined && claims.idtyp !== 'user');
  const granted = isApp
    ? Array.isArray(claims.roles)
      ? (claims.roles as unknown[]).map(String)
      : []
    : String(claims.scp ?? '')
        .split(/\s+/)
        .filter(Boolean);
  const principal: Principal = {
    kind: isApp ? 'app' : 'user',
    tenantId: tenant.id,
    clientId: String(claims.appid ?? claims.azp ?? ''),
    permissions: expandPermissions(granted),
    ...(isApp ? {} : { userId: String(claims.oid) }),
  };
  return { principal, tenant };
}
