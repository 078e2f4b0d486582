/**
 * Local mode's stand-in for the Microsoft cloud: the embedded simulator (sim/) serving Entra token
 * endpoints and Graph over HTTPS, loaded with one tenant fixture. The bot's Graph identity is the
 * fixture's own client entry, so local mode needs no secrets from the user.
 *
 * This is the only place that knows the simulator's API; adapt here if it changes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startSimulator } from '../sim';
import type { FixtureClient, TenantFixture } from '../sim/fixture';
import { simulatorGraphSettings, type GraphSettings } from './graph/connect';

export interface LocalCloud {
  tenantId: string;
  fixturePath: string;
  graph: GraphSettings;
  close(): Promise<void>;
}

/** The demo fixture is written separately; fall back to the basic one if it is not there. */
export function resolveFixturePath(preferred: string): string {
  if (existsSync(preferred)) return preferred;
  const fallback = join(dirname(preferred), 'sim-basic.json');
  if (existsSync(fallback)) return fallback;
  throw new Error(`SIM_TENANT_FIXTURE: tenant fixture not found: ${preferred}`);
}

/** Application.ReadWrite.All includes Application.Read.All, so either qualifies. */
const READ_APPS = new Set(['application.read.all', 'application.readwrite.all']);

export function pickGraphClient(fixture: Pick<TenantFixture, 'clients'>): FixtureClient {
  const client = (fixture.clients ?? []).find((c) => c.roles.some((r) => READ_APPS.has(r.toLowerCase())));
  if (!client) throw new Error('the tenant fixture has no client with Application.Read.All; add one to "clients"');
  return client;
}

/** `dataDir` holds the simulator's CA; scripts/with-sim-ca.js makes Node trust the same one. */
export async function startLocalCloud(fixturePreferred: string, dataDir: string): Promise<LocalCloud> {
  const fixturePath = resolveFixturePath(fixturePreferred);
  const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as TenantFixture;
  const client = pickGraphClient(fixture);
  // The tenant's dates are moved to the present, and its live state is kept under <dataDir>/sim next
  // to Azurite's data, so a restart neither forgets the bot's writes nor ages the demo.
  const sim = await startSimulator({
    fixtures: [fixture],
    dataDir,
    relativeDates: true,
    persistDir: join(dataDir, 'sim', 'tenants'),
  });
  return {
    tenantId: fixture.tenant.id,
    fixturePath,
    // Same shapes as production: authority without tenant (`${authorityUrl}/${tenantId}`), Graph without version.
    graph: simulatorGraphSettings(sim.url, client),
    close: () => sim.close(),
  };
}
