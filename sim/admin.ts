/**
 * The simulator's own endpoints (not part of Microsoft's APIs), for tests and the CLI:
 *   GET    /_sim/health
 *   GET    /_sim/tenants                       [{id, displayName}]
 *   PUT    /_sim/tenants/{id}                  load or replace a tenant from a fixture body
 *   GET    /_sim/tenants/{id}                  the live tenant, in the fixture's shape
 *   GET    /_sim/tenants/{id}/log              request log: [{at, method, path, status, tenantId, clientId, kind, batch?}]
 *   DELETE /_sim/tenants/{id}/log              clear it
 *   GET    /_sim/tenants/{id}/faults           current faults (remaining counts)
 *   PUT    /_sim/tenants/{id}/faults           replace faults (FixtureFaults body)
 *   POST   /_sim/tenants/{id}/tokens           mint a token: {"user": id|upn, "audience": clientAppId, "scopes": [..]}
 *                                              (a user assertion for on-behalf-of) or {"clientId"} (app token);
 *                                              optional "lifetimeSeconds" (negative = already expired)
 * Admin requests are not written to the request log.
 */
import type { SimulatorCore } from './core';
import type { FixtureFaults } from './fixture';
import { json, type SimRequest, type SimResponse } from './http';
import { issueAppToken, issueDelegatedToken } from './identity/tokens';
import { FixtureError, normaliseFixture } from './load-fixture';
import type { TenantRuntime } from './state';

function problem(status: number, message: string): SimResponse {
  return json(status, { error: { code: status === 404 ? 'NotFound' : 'BadRequest', message } });
}

export function tenantSnapshot(t: TenantRuntime): unknown {
  return { ...structuredClone(t.data), faults: t.faults.current };
}

function parseBody(req: SimRequest): unknown {
  return req.body.length === 0 ? undefined : (JSON.parse(req.body.toString('utf8')) as unknown);
}

function mintToken(core: SimulatorCore, tenant: TenantRuntime, body: Record<string, unknown>): SimResponse {
  const lifetime = typeof body.lifetimeSeconds === 'number' ? body.lifetimeSeconds : undefined;
  if (typeof body.user === 'string') {
    const user = tenant.user(body.user);
    if (!user) return problem(404, `No user '${body.user}' in tenant ${tenant.id}.`);
    if (typeof body.audience !== 'string')
      return problem(400, '"audience" (the client app id the token is for) is required.');
    const scopes = Array.isArray(body.scopes) ? body.scopes.map(String) : ['access_as_user'];
    const issued = issueDelegatedToken(core, tenant, {
      user,
      clientAppId: typeof body.clientAppId === 'string' ? body.clientAppId : body.audience,
      audience: body.audience,
      scopes,
      lifetimeSeconds: lifetime,
    });
    return json(200, { access_token: issued.token, expires_in: issued.expiresIn, claims: issued.payload });
  }
  if (typeof body.clientId === 'string') {
    const client = tenant.data.clients.find((c) => c.appId.toLowerCase() === String(body.clientId).toLowerCase());
    if (!client) return problem(404, `No client '${body.clientId}' in tenant ${tenant.id}.`);
    const issued = issueAppToken(core, tenant, client, lifetime);
    return json(200, { access_token: issued.token, expires_in: issued.expiresIn, claims: issued.payload });
  }
  return problem(400, 'Give "user" and "audience" for a user token, or "clientId" for an app token.');
}

export async function handleAdmin(core: SimulatorCore, req: SimRequest): Promise<SimResponse> {
  const segments = req.url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const method = req.method.toUpperCase();
  let body: unknown;
  try {
    body = parseBody(req);
  } catch {
    return problem(400, 'The request body is not valid JSON.');
  }

  if (segments.length === 1 && segments[0] === 'health') return json(200, { ok: true, tenants: core.tenants.size });
  if (segments[0] !== 'tenants') return problem(404, `Unknown admin endpoint ${req.url.pathname}.`);

  if (segments.length === 1 && method === 'GET') {
    return json(
      200,
      [...core.tenants.values()].map((t) => ({ id: t.id, displayName: t.data.tenant.displayName })),
    );
  }
  const id = segments[1];
  if (segments.length === 2 && method === 'PUT') {
    try {
      const fixture = normaliseFixture(body);
      if (fixture.tenant.id.toLowerCase() !== id.toLowerCase())
        return problem(400, `The fixture's tenant.id is not '${id}'.`);
      const existed = !!core.findTenant(id);
      const t = core.addTenant(fixture);
      return json(existed ? 200 : 201, tenantSnapshot(t));
    } catch (err) {
      if (err instanceof FixtureError) return problem(400, err.message);
      throw err;
    }
  }
  const tenant = id ? core.findTenant(id) : undefined;
  if (!tenant) return problem(404, `No tenant '${id}' is loaded.`);
  const sub = segments.slice(2).join('/');

  if (sub === '' && method === 'GET') return json(200, tenantSnapshot(tenant));
  if (sub === 'log' && method === 'GET') return json(200, tenant.log);
  if (sub === 'log' && method === 'DELETE') {
    tenant.log.length = 0;
    return { status: 204, headers: {} };
  }
  if (sub === 'faults' && method === 'GET') return json(200, tenant.faults.current);
  if (sub === 'faults' && method === 'PUT') {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return problem(400, 'A faults object is required.');
    tenant.faults.set(body as FixtureFaults);
    tenant.data.faults = structuredClone(body as FixtureFaults);
    return json(200, tenant.faults.current);
  }
  if (sub === 'tokens' && method === 'POST') {
    if (!body || typeof body !== 'object') return problem(400, 'A JSON body is required.');
    return mintToken(core, tenant, body as Record<string, unknown>);
  }
  return problem(404, `Unknown admin endpoint ${method} ${req.url.pathname}.`);
}
