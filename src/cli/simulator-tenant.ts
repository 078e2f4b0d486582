/**
 * The simulated tenant the CLI talks to with --tenant (and `doctor` in local mode): the simulator
 * started in this process on a fixture file, and a Graph connection as the fixture's first client,
 * the bot. Loaded lazily, so a command against a real tenant never loads the simulator. A fixture
 * that is missing, unreadable or has no client for the bot is a UsageError naming where its path
 * came from: the person can fix it.
 */
import { existsSync } from 'node:fs';
import { connectGraph, simulatorGraphSettings } from '../graph/connect';
import type { GraphConnection } from '../graph/client';
import { UsageError } from './diagnose';

export interface SimulatorTenant {
  graph: GraphConnection;
  simUrl: string;
  tenantId: string;
  close: () => Promise<void>;
}

export async function startSimulatorTenant(
  fixturePath: string,
  opts: {
    /** Where the path came from, for the messages: `--tenant`, or the setting that named it. */
    from: string;
    relativeDates?: boolean;
    retry: { maxRetries: number; delaySeconds: number };
  },
): Promise<SimulatorTenant> {
  const from = opts.from;
  if (!existsSync(fixturePath)) throw new UsageError(`${from}: no such fixture file: ${fixturePath}`);
  const { loadFixture, startSimulator } = await import('../../sim/index');
  let fixture;
  try {
    fixture = loadFixture(fixturePath);
  } catch (err) {
    throw new UsageError(`${from}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const bot = fixture.clients[0];
  if (!bot) throw new UsageError(`${from}: the fixture has no "clients" entry for the bot`);
  const sim = await startSimulator({
    fixtures: [fixture],
    ...(opts.relativeDates === undefined ? {} : { relativeDates: opts.relativeDates }),
  });
  const tenantId = fixture.tenant.id;
  const graph = connectGraph(simulatorGraphSettings(sim.url, bot), tenantId, { retry: opts.retry });
  return { graph, simUrl: sim.url, tenantId, close: () => sim.close() };
}
