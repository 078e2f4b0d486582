/**
 * The simulator in a child process (bench/sim-process.ts), driven over its admin endpoints
 * (/_sim/tenants/...): the benchmarks' bot talks to it over HTTPS exactly as it would to Graph.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { FixtureFaults } from '../sim';
import { peakRssOfPid, spawnTs, stopChild } from './child';

export interface RemoteSimulator {
  url: string;
  pid: number | undefined;
  setFaults(tenantId: string, faults: FixtureFaults): Promise<void>;
  /** Loads (or replaces) a tenant from a fixture file: the tenant as the fixture describes it. */
  resetTenant(tenantId: string, fixturePath: string): Promise<void>;
  /** Peak RSS of the simulator process so far (MB), null without /proc. */
  peakRssMb(): number | null;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('the simulator process has no stdout'));
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('the simulator process did not start in time')), START_TIMEOUT_MS);
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator process exited (code ${code}) before it was ready`));
    });
  });
}

export async function startRemoteSimulator(fixturePath: string): Promise<RemoteSimulator> {
  const child = spawnTs('sim-process.ts', [fixturePath], ['pipe', 'pipe', 'inherit']);
  let url: string;
  try {
    url = (JSON.parse(await firstLine(child)) as { url: string }).url;
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  const admin = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${url}/_sim/tenants/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  return {
    url,
    pid: child.pid,
    setFaults: (tenantId, faults) => admin('PUT', `${encodeURIComponent(tenantId)}/faults`, faults),
    resetTenant: (tenantId, path) =>
      admin('PUT', encodeURIComponent(tenantId), JSON.parse(readFileSync(path, 'utf8')) as unknown),
    peakRssMb: () => peakRssOfPid(child.pid),
    close: async () => {
      child.stdin?.end();
      await stopChild(child);
    },
  };
}
