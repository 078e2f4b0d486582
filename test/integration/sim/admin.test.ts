/**
 * The simulator's admin endpoint (/_sim): current tenant state, the request log (for asserting
 * effects and counting round trips), run-time faults, loading tenants and minting test tokens.
 * Raw HTTPS on purpose: this API is the simulator's own.
 */
import { SIM_BASIC, SIM_BASIC_FIXTURE, simGraphConnection, withSimulator } from '../../helpers/sim';
import type { RequestLogEntry, TenantFixture } from '../../../sim';
import { bulkTenant, client } from './tenant-builder';

const h = withSimulator({ fixtures: [SIM_BASIC_FIXTURE] });
const T = SIM_BASIC.tenantId;

async function admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${h.sim.url}/_sim${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

describe('admin endpoint', () => {
  it('GET /_sim/tenants/{id} returns the current tenant, including Graph writes', async () => {
    const graph = simGraphConnection(h.sim, T);
    const created = (await graph.client.api(`/servicePrincipals/${SIM_BASIC.sp.qlik}/appRoleAssignedTo`).post({
      principalId: SIM_BASIC.users.dave,
      resourceId: SIM_BASIC.sp.qlik,
      appRoleId: '00000000-0000-0000-0000-000000000000',
    })) as { id: string };
    const { status, body } = await admin<TenantFixture>('GET', `/tenants/${T}`);
    expect(status).toBe(200);
    expect(body.tenant.id).toBe(T);
    expect(body.appRoleAssignments.some((a) => a.id === created.id && a.principalId === SIM_BASIC.users.dave)).toBe(
      true,
    );
    expect((await admin('GET', '/tenants/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('GET/DELETE /_sim/tenants/{id}/log: one entry per round trip with method, path, status and client', async () => {
    expect((await admin('DELETE', `/tenants/${T}/log`)).status).toBe(204);
    const graph = simGraphConnection(h.sim, T);
    await graph.client.api('/users').select('id').get();
    await graph.client
      .api('/users/nobody@contoso.example')
      .get()
      .catch(() => undefined);
    const { body } = await admin<RequestLogEntry[]>('GET', `/tenants/${T}/log`);
    const graphCalls = body.filter((e) => e.kind === 'graph');
    expect(graphCalls).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/v1.0/users?$select=id',
        status: 200,
        tenantId: T,
        clientId: SIM_BASIC.botClientId,
      }),
      expect.objectContaining({ method: 'GET', path: '/v1.0/users/nobody@contoso.example', status: 404 }),
    ]);
    expect(body.filter((e) => e.kind === 'identity').map((e) => e.path)).toEqual(
      expect.arrayContaining([expect.stringContaining(`/${T}/oauth2/v2.0/token`)]),
    );
    expect(h.sim.log(T)).toHaveLength(body.length);
  });

  it('PUT /_sim/tenants/{id}/faults changes faults at run time', async () => {
    const put = await admin('PUT', `/tenants/${T}/faults`, { unavailable: { count: 1, retryAfterSeconds: 0.01 } });
    expect(put).toMatchObject({ status: 200, body: { unavailable: { count: 1 } } });
    const raw = await fetch(`${h.sim.url}/v1.0/organization`, {
      headers: { authorization: `Bearer ${h.sim.issueAppToken({ tenantId: T, clientId: SIM_BASIC.botClientId })}` },
    });
    expect(raw.status).toBe(503);
    expect(await raw.json()).toMatchObject({ error: { code: 'serviceNotAvailable' } });
    expect(
      (await admin<{ unavailable: { count: number } }>('GET', `/tenants/${T}/faults`)).body.unavailable.count,
    ).toBe(0);
  });

  it('PUT /_sim/tenants/{id} loads another tenant; POST .../tokens mints test tokens', async () => {
    const reader = client(['User.Read.All']);
    const fixture = bulkTenant({ userCount: 2, clients: [reader] });
    const loaded = await admin('PUT', `/tenants/${fixture.tenant.id}`, fixture);
    expect(loaded.status).toBe(201);
    const users = await simGraphConnection(h.sim, fixture.tenant.id).client.api('/users').get();
    expect((users as { value: unknown[] }).value).toHaveLength(2);
    const token = await admin<{ access_token: string; claims: Record<string, unknown> }>(
      'POST',
      `/tenants/${fixture.tenant.id}/tokens`,
      { clientId: reader.appId, lifetimeSeconds: -1 },
    );
    expect(token.body.claims).toMatchObject({ appid: reader.appId, roles: ['User.Read.All'] });
    const res = await fetch(`${h.sim.url}/v1.0/users`, {
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
    expect(res.status).toBe(401); // it was minted already expired
  });
});
