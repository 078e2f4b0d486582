/**
 * Test helpers for the local Microsoft cloud (sim/).
 *
 *   const h = withSimulator({ fixtures: [SIM_BASIC_FIXTURE], pageSize: 2 });
 *   it('...', async () => {
 *     const graph = simGraphConnection(h.sim, SIM_BASIC.tenantId);          // bot client
 *     const limited = simGraphConnection(h.sim, SIM_BASIC.tenantId, SIM_BASIC.limitedClientId);
 *     await graph.client.api('/users').get();
 *   });
 *
 * Tests must run under scripts/with-sim-ca.js (npm test does), so Node trusts the simulator's CA.
 */
import path from 'node:path';
import { assertSimCaTrusted } from './sim-ca';
import { loadFixture } from '../../sim/load-fixture';
import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from '../../sim';
import type { GraphClientOptions, GraphConnection } from '../../src/graph/client';
import { connectGraph, simulatorGraphSettings } from '../../src/graph/connect';

export { assertSimCaTrusted };

export const SIM_BASIC_FIXTURE = path.join(__dirname, '..', 'fixtures', 'tenants', 'sim-basic.json');

const simBasic = loadFixture(SIM_BASIC_FIXTURE);
const byName = (name: string) => simBasic.users.find((u) => u.displayName.startsWith(name))!.id;

/** Well-known ids in sim-basic.json. */
export const SIM_BASIC = {
  tenantId: simBasic.tenant.id,
  botClientId: simBasic.clients[0].appId,
  botSecret: simBasic.clients[0].secret,
  limitedClientId: simBasic.clients[1].appId,
  users: {
    alice: byName('Alice'),
    bob: byName('Bob'),
    carol: byName('Carol'),
    dave: byName('Dave'),
    erin: byName('Erin'),
  },
  groups: {
    connectorUsers: simBasic.groups.find((g) => g.displayName === 'Qlik Connector Users')!.id,
    emea: simBasic.groups.find((g) => g.displayName === 'EMEA Sales')!.id,
    approvers: simBasic.groups.find((g) => g.displayName === 'Consent Approvers')!.id,
  },
  sp: {
    graph: simBasic.servicePrincipals.find((s) => s.displayName === 'Microsoft Graph')!.id,
    sharePoint: simBasic.servicePrincipals.find((s) => s.displayName === 'Office 365 SharePoint Online')!.id,
    qlik: simBasic.servicePrincipals.find((s) => s.displayName.startsWith('Qlik'))!.id,
    expenses: simBasic.servicePrincipals.find((s) => s.displayName === 'Contoso Expenses')!.id,
  },
  apps: {
    qlik: simBasic.apps[0].appId,
    expenses: simBasic.apps[1].appId,
    notInTenant: simBasic.apps[2].appId,
  },
} as const;

/** Throws a clear error when this process does not trust the simulator CA. */

/** A Graph connection for a fixture client (default: the tenant's first client). */
export function simGraphConnection(
  sim: RunningSimulator,
  tenantId: string,
  clientAppId?: string,
  options: Pick<GraphClientOptions, 'retry' | 'defaultVersion'> = {},
): GraphConnection {
  const clients = sim.tenant(tenantId).clients;
  const client = clientAppId ? clients.find((c) => c.appId === clientAppId) : clients[0];
  if (!client) throw new Error(`No client ${clientAppId ?? '(any)'} in tenant ${tenantId}`);
  return connectGraph(simulatorGraphSettings(sim.url, client), tenantId, {
    retry: { delaySeconds: 0.01, ...options.retry },
    ...(options.defaultVersion ? { defaultVersion: options.defaultVersion } : {}),
  });
}

/**
 * Starts a simulator before the suite and closes it after; read `.sim` inside tests.
 * Each call gets its own simulator (and its own copy of the fixtures).
 */
export function withSimulator(options: StartSimulatorOptions): { readonly sim: RunningSimulator } {
  let sim: RunningSimulator | undefined;
  beforeAll(async () => {
    assertSimCaTrusted();
    sim = await startSimulator(options);
  });
  afterAll(async () => {
    await sim?.close();
  });
  return {
    get sim(): RunningSimulator {
      if (!sim) throw new Error('The simulator is not running (use withSimulator at suite level)');
      return sim;
    },
  };
}
