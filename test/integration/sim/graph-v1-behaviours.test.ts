/**
 * Graph v1.0 behaviours the simulator reproduces, each against the running simulator through the
 * real Graph client (sources in sim/README.md "Behaviours and their sources").
 */
import type { GraphError } from '@microsoft/microsoft-graph-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../../sim';
import { DEFAULT_APP_ROLE_ID } from '../../../src/graph/types';
import { SIM_BASIC, SIM_BASIC_FIXTURE, simGraphConnection, withSimulator } from '../../helpers/sim';
import { client, simBasicWith } from './tenant-builder';

const h = withSimulator({
  fixtures: [
    simBasicWith((f) => {
      // A sign-in 40 days before the newest one: past Entra's 30-day retention.
      f.signIns.push({ ...f.signIns[0], id: 'old-sign-in', createdDateTime: '2024-12-05T09:00:00Z' });
    }),
  ],
});
const T = SIM_BASIC.tenantId;
const graph = () => simGraphConnection(h.sim, T).client;
type Obj = Record<string, unknown>;
type Page = { value: Obj[] };

function clientWith(roles: string[]) {
  const c = client(roles);
  h.sim.tenant(T).clients.push(c);
  return simGraphConnection(h.sim, T, c.appId).client;
}

async function failure(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (err) {
    return err as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

describe('appRoleAssignment filters and writes', () => {
  const alice = SIM_BASIC.users.alice;
  it('principalId/resourceId are Edm.Guid: unquoted works, quoted is 400 incompatible types', async () => {
    const assignments = (await graph()
      .api(`/groups/${SIM_BASIC.groups.connectorUsers}/appRoleAssignments`)
      .filter(`resourceId eq ${SIM_BASIC.sp.qlik}`)
      .get()) as Page;
    expect(assignments.value.map((a) => a.resourceId)).toEqual([SIM_BASIC.sp.qlik]);
    const quoted = await failure(
      graph().api(`/users/${alice}/appRoleAssignments`).filter(`resourceId eq '${SIM_BASIC.sp.qlik}'`).get(),
    );
    expect(quoted).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect(quoted.message).toMatch(/incompatible types.*'Edm.Guid' and 'Edm.String'/);
  });

  it('appRoleId cannot be filtered; nor principalId on appRoleAssignedTo', async () => {
    const byRole = await failure(
      graph().api(`/users/${alice}/appRoleAssignments`).filter(`appRoleId eq ${DEFAULT_APP_ROLE_ID}`).get(),
    );
    expect(byRole).toMatchObject({ statusCode: 400, code: 'Request_UnsupportedQuery' });
    const byPrincipal = await failure(
      graph().api(`/servicePrincipals/${SIM_BASIC.sp.qlik}/appRoleAssignedTo`).filter(`principalId eq ${alice}`).get(),
    );
    expect(byPrincipal).toMatchObject({ statusCode: 400, code: 'Request_UnsupportedQuery' });
  });

  it("POST appRoleAssignedTo requires resourceId in the body and answers with Graph's @odata.context", async () => {
    const noResource = await failure(
      graph()
        .api(`/servicePrincipals/${SIM_BASIC.sp.expenses}/appRoleAssignedTo`)
        .post({ principalId: SIM_BASIC.users.dave, appRoleId: DEFAULT_APP_ROLE_ID }),
    );
    expect(noResource).toMatchObject({ statusCode: 400, code: 'Request_BadRequest' });
    const list = (await graph().api(`/servicePrincipals/${SIM_BASIC.sp.qlik}/appRoleAssignedTo`).get()) as Obj;
    expect(list['@odata.context']).toBe(
      `${h.sim.url}/v1.0/$metadata#servicePrincipals('${SIM_BASIC.sp.qlik}')/appRoleAssignedTo`,
    );
  });

  it('AppRoleAssignment.ReadWrite.All alone cannot assign: Application.Read.All is needed too', async () => {
    const body = {
      principalId: SIM_BASIC.users.dave,
      resourceId: SIM_BASIC.sp.expenses,
      appRoleId: DEFAULT_APP_ROLE_ID,
    };
    const alone = await failure(
      clientWith(['AppRoleAssignment.ReadWrite.All'])
        .api(`/servicePrincipals/${SIM_BASIC.sp.expenses}/appRoleAssignedTo`)
        .post(body),
    );
    expect(alone).toMatchObject({ statusCode: 403, code: 'Authorization_RequestDenied' });
  });
});

describe('query options where Graph documents them', () => {
  it('$orderby: refused on signIns and on undocumented properties, accepted on users displayName', async () => {
    const signIns = await failure(graph().api('/auditLogs/signIns').orderby('createdDateTime desc').get());
    expect(signIns).toMatchObject({ statusCode: 400, code: 'Request_UnsupportedQuery' });
    const created = await failure(graph().api('/users').orderby('createdDateTime').get());
    expect(created.message).toMatch(/Unsupported sort property 'createdDateTime'/);
    const byName = (await graph().api('/users').orderby('displayName').select('displayName').get()) as Page;
    const names = byName.value.map((u) => String(u.displayName));
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('signIns: $top up to 1000, newest first, and only the last 30 days', async () => {
    const page = (await graph().api('/auditLogs/signIns').top(1000).get()) as Page;
    const dates = page.value.map((s) => String(s.createdDateTime));
    expect(dates.length).toBeGreaterThan(0);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(page.value.map((s) => s.id)).not.toContain('old-sign-in');
    const tooMany = await failure(graph().api('/auditLogs/signIns').top(1001).get());
    expect(tooMany).toMatchObject({ statusCode: 400 });
  });

  it('signIns without AuditLog.Read.All: 403 Authentication_MSGraphPermissionMissing', async () => {
    const err = await failure(clientWith(['Directory.Read.All']).api('/auditLogs/signIns').get());
    expect(err).toMatchObject({ statusCode: 403, code: 'Authentication_MSGraphPermissionMissing' });
  });

  it('throttling answers 429 TooManyRequests "Please retry again later." with Retry-After', async () => {
    h.sim.setFaults(T, { throttle: { count: 1, retryAfterSeconds: 2 } });
    const res = await fetch(`${h.sim.url}/v1.0/organization`, {
      headers: { authorization: `Bearer ${h.sim.issueAppToken({ tenantId: T, clientId: SIM_BASIC.botClientId })}` },
    });
    h.sim.setFaults(T, {});
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(((await res.json()) as { error: Obj }).error).toMatchObject({
      code: 'TooManyRequests',
      message: 'Please retry again later.',
    });
  });
});

describe('entities', () => {
  it('publisherName is beta-only: absent on v1.0 (and 400 in $select), present on beta', async () => {
    const v1 = (await graph().api(`/servicePrincipals/${SIM_BASIC.sp.qlik}`).get()) as Obj;
    expect(v1).not.toHaveProperty('publisherName');
    expect(v1).toHaveProperty('verifiedPublisher');
    const select = await failure(graph().api('/servicePrincipals').select('id,publisherName').get());
    expect(select.statusCode).toBe(400);
    const beta = (await simGraphConnection(h.sim, T, undefined, { defaultVersion: 'beta' })
      .client.api(`/servicePrincipals/${SIM_BASIC.sp.qlik}`)
      .get()) as Obj;
    expect(beta).toHaveProperty('publisherName');
    expect(beta).toHaveProperty('publishedPermissionScopes');
  });

  it('a user without phones has businessPhones [] (collections are never null)', async () => {
    const user = (await graph().api(`/users/${SIM_BASIC.users.alice}`).get()) as Obj;
    expect(user.businessPhones).toEqual([]);
  });
});

describe('JSON batching', () => {
  const post = (requests: unknown[]) =>
    graph().api('/$batch').post({ requests }) as Promise<{ responses: Array<{ id: string; status: number }> }>;

  it('ids are unique ignoring case', async () => {
    const err = await failure(
      post([
        { id: 'a', method: 'GET', url: '/organization' },
        { id: 'A', method: 'GET', url: '/organization' },
      ]),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'BadRequest' });
  });

  it('a write part without Content-Type is refused', async () => {
    const err = await failure(
      post([{ id: '1', method: 'POST', url: '/oauth2PermissionGrants', body: { clientId: SIM_BASIC.sp.qlik } }]),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect(err.message).toMatch(/Content-Type/);
  });

  it('parts come back in any order', async () => {
    const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/organization' }));
    const orders = new Set<string>();
    for (let i = 0; i < 3; i++) orders.add((await post(requests)).responses.map((r) => r.id).join(','));
    expect([...orders].some((o) => o !== requests.map((r) => r.id).join(','))).toBe(true);
  });
});

describe('fixture dates and the local tenant on disk', () => {
  it('relativeDates moves the snapshot to now; persistDir keeps writes across restarts until the fixture changes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-state-'));
    const running: Array<{ close(): Promise<void> }> = [];
    const start = async (fixture: Parameters<typeof startSimulator>[0]['fixtures'][number]) => {
      const sim = await startSimulator({ fixtures: [fixture], relativeDates: true, persistDir: dir });
      running.push(sim);
      return sim;
    };
    // Contoso Expenses has no grant to SharePoint in sim-basic.json.
    const hasNewGrant = (t: ReturnType<Awaited<ReturnType<typeof start>>['tenant']>) =>
      t.oauth2PermissionGrants.some(
        (g) => g.clientId === SIM_BASIC.sp.expenses && g.resourceId === SIM_BASIC.sp.sharePoint,
      );
    try {
      const started = Date.now();
      const first = await start(SIM_BASIC_FIXTURE);
      // The newest event (a consent request 2 minutes after the last sign-in) is now.
      const newest = Math.max(...first.tenant(T).signIns.map((s) => Date.parse(s.createdDateTime)));
      expect(newest).toBeGreaterThan(started - 3_600_000);
      expect(newest).toBeLessThanOrEqual(Date.now());
      await simGraphConnection(first, T).client.api('/oauth2PermissionGrants').post({
        clientId: SIM_BASIC.sp.expenses,
        consentType: 'AllPrincipals',
        principalId: null,
        resourceId: SIM_BASIC.sp.sharePoint,
        scope: 'AllSites.Read',
      });
      await first.close();

      const second = await start(SIM_BASIC_FIXTURE);
      expect(hasNewGrant(second.tenant(T))).toBe(true);
      await second.close();

      const third = await start(
        simBasicWith((f) => {
          f.tenant.displayName = 'Contoso (edited fixture)';
        }),
      );
      expect(hasNewGrant(third.tenant(T))).toBe(false);
    } finally {
      await Promise.all(running.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
