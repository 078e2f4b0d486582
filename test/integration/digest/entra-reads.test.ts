/** Reading Entra's consent-request queue from the simulated Graph: batched, paged, least privilege. */
import path from 'node:path';
import { loadFixture } from '../../../sim/load-fixture';
import type { TenantFixture } from '../../../sim';
import { readEntraQueue, CONSENT_REQUEST_PERMISSION } from '../../../src/digest/entra-reads';
import { entraDigestItems } from '../../../src/digest/entra-requests';
import { factsConnection, type FactsConnection } from '../../../src/graph/facts-connection';
import { simGraphConnection, withSimulator } from '../../helpers/sim';
import { extraRequests } from '../../unit/digest/fixture-queue';

const DEMO_PATH = path.join(__dirname, '..', '..', 'fixtures', 'tenants', 'demo-contoso.json');
const LIMITED_CLIENT = '0b7f5c52-3d4e-4a8b-9c1d-2e3f4a5b6c7d';

function fixture(): TenantFixture {
  const f = loadFixture(DEMO_PATH);
  const bot = f.clients[0];
  return {
    ...f,
    // The demo's CRM request plus OneDrive (already granted) and Outlook (expiring) requests.
    appConsentRequests: [
      ...f.appConsentRequests.filter((r) => r.appDisplayName === 'Qlik Web Connectors (Dynamics 365 CRM)'),
      ...extraRequests().slice(0, 2),
    ],
    clients: [
      ...f.clients,
      {
        ...bot,
        appId: LIMITED_CLIENT,
        secret: 'limited-secret-not-real',
        displayName: 'No consent requests',
        roles: bot.roles.filter((r) => r !== CONSENT_REQUEST_PERMISSION),
      },
    ],
  };
}

function connection(
  sim: Parameters<typeof simGraphConnection>[0],
  tenantId: string,
  clientId?: string,
): { conn: FactsConnection; roundTrips: () => number } {
  let trips = 0;
  const conn: FactsConnection = {
    ...factsConnection(simGraphConnection(sim, tenantId, clientId), sim.url),
    onRoundTrip: () => {
      trips++;
    },
  };
  return { conn, roundTrips: () => trips };
}

describe('readEntraQueue', () => {
  const f = fixture();
  const paged = withSimulator({ fixtures: [f], pageSize: 1 });
  const normal = withSimulator({ fixtures: [f] });

  test('InProgress requests, policy, service principals and grants in three round trips', async () => {
    const { conn, roundTrips } = connection(normal.sim, f.tenant.id);
    const queue = await readEntraQueue(conn);
    if (!queue.ok) throw new Error(queue.reason);
    expect(roundTrips()).toBe(3);
    expect(queue.policy?.requestDurationInDays).toBe(30);
    const items = entraDigestItems(queue);
    expect(items.map((i) => [i.requester, i.alreadyGranted, i.expiresAt])).toEqual([
      ['Heidi Marketing', false, '2025-07-10T08:15:00Z'],
      ['Carol Finance', true, '2025-07-01T09:00:00Z'],
      ['Dave Sales', true, '2025-07-02T09:00:00Z'],
      ['Frank Legal', false, '2025-06-12T10:00:00Z'],
    ]);
    const parts = normal.sim
      .log(f.tenant.id)
      .flatMap((e) => e.batch ?? [])
      .map((p) => decodeURIComponent(p.url));
    expect(parts).toContain(
      "/identityGovernance/appConsent/appConsentRequests?$filter=userConsentRequests/any(u:u/status eq 'InProgress')",
    );
    expect(parts.filter((p) => p.startsWith('/oauth2PermissionGrants?'))).toHaveLength(3);
    // v1.0 does not inline userConsentRequests: each request's people are read on their own, in round 2.
    expect(
      parts.filter((p) =>
        /^\/identityGovernance\/appConsent\/appConsentRequests\/[^/?]+\/userConsentRequests$/.test(p),
      ),
    ).toHaveLength(3);
  });

  test('follows every page of the queue', async () => {
    const { conn, roundTrips } = connection(paged.sim, f.tenant.id);
    const queue = await readEntraQueue(conn);
    if (!queue.ok) throw new Error(queue.reason);
    expect(entraDigestItems(queue)).toHaveLength(4);
    expect(roundTrips()).toBeGreaterThan(3);
  });

  test('without ConsentRequest.Read.All the queue is reported unreadable, naming the permission', async () => {
    const { conn } = connection(normal.sim, f.tenant.id, LIMITED_CLIENT);
    const queue = await readEntraQueue(conn);
    expect(queue).toEqual({
      ok: false,
      reason: 'Microsoft Graph refused the read (403 Authorization_RequestDenied)',
      permission: CONSENT_REQUEST_PERMISSION,
    });
  });

  test('a Graph outage is reported, not thrown', async () => {
    normal.sim.setFaults(f.tenant.id, { unavailable: { count: 50 } });
    try {
      const { conn } = connection(normal.sim, f.tenant.id);
      const queue = await readEntraQueue({ ...conn, batchOptions: { sleep: async () => {} } });
      expect(queue.ok).toBe(false);
      if (!queue.ok) expect(queue.permission).toBeNull();
    } finally {
      normal.sim.setFaults(f.tenant.id, {});
    }
  });
});
