/** A simulator loaded with one fixture plus the bot's real Graph connection to it (msal + graph-client over HTTPS). */
import { startSimulator, type RunningSimulator, type StartSimulatorOptions, type TenantFixture } from '../../sim/index';
import { loadFixture } from '../../sim/load-fixture';
import type { GraphConnection } from '../../src/graph/client';
import { connectGraph, simulatorGraphSettings } from '../../src/graph/connect';
import { factsConnection, type FactsConnection } from '../../src/graph/facts-connection';
import { standIn } from './stand-in';

export interface SimSession {
  sim: RunningSimulator;
  fixture: TenantFixture;
  tenantId: string;
  graph: GraphConnection;
  conn: FactsConnection;
  /** Graph round trips the simulator saw for this tenant (token requests excluded). */
  graphLog(): ReturnType<RunningSimulator['log']>;
  close(): Promise<void>;
}

export async function openSim(
  fixturePath: string,
  opts: Omit<StartSimulatorOptions, 'fixtures'> & { mutate?: (f: TenantFixture) => void } = {},
): Promise<SimSession> {
  const fixture = loadFixture(fixturePath);
  opts.mutate?.(fixture);
  const sim = await startSimulator({ ...opts, fixtures: [fixture] });
  const tenantId = fixture.tenant.id;
  const bot = fixture.clients[0];
  const graph = connectGraph(simulatorGraphSettings(sim.url, bot), tenantId, {
    retry: { maxRetries: 3, delaySeconds: 0.1 },
  });
  return {
    sim,
    fixture,
    tenantId,
    graph,
    conn: factsConnection(graph, sim.url),
    graphLog: () => sim.log(tenantId).filter((e) => e.kind === 'graph'),
    close: () => sim.close(),
  };
}

/**
 * `openSim` for a describe block: opened before its tests and closed after them (or around each test
 * with `eachTest`, for tests that change the tenant). The returned session stands for the open one.
 */
export function useSimSession(
  fixturePath: string,
  opts: Parameters<typeof openSim>[1] & { eachTest?: boolean } = {},
): SimSession {
  const { eachTest, ...openOpts } = opts;
  const session = standIn<SimSession>('the simulator session is not open: use it inside tests or hooks');
  let open: SimSession | undefined;
  (eachTest ? beforeEach : beforeAll)(async () => {
    open = await openSim(fixturePath, openOpts);
    session.set(open);
  });
  (eachTest ? afterEach : afterAll)(async () => {
    await open?.close();
  });
  return session.value;
}
