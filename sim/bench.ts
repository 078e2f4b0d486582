/**
 * Simulator overhead per Graph call, measured end to end through @microsoft/microsoft-graph-client
 * (token cached, keep-alive HTTPS on loopback): p50/p99 latency of a filtered servicePrincipals
 * lookup, the bot's most common read. Used by `npm run bench` (which runs under with-sim-ca.js).
 */
import path from 'node:path';
import { createGraphClient } from '../src/graph/client';
import { startSimulator } from './index';

export interface OverheadResult {
  iterations: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export async function benchSimulatorOverhead(iterations = 500, fixture?: string): Promise<OverheadResult> {
  const fixturePath = fixture ?? path.join(__dirname, '..', 'test', 'fixtures', 'tenants', 'sim-basic.json');
  const sim = await startSimulator({ fixtures: [fixturePath] });
  try {
    const tenantId = sim.tenantIds[0];
    const client = sim.tenant(tenantId).clients[0];
    const graph = createGraphClient({
      tenantId,
      clientId: client.appId,
      clientSecret: client.secret,
      authorityUrl: sim.authorityUrl(tenantId),
      graphBaseUrl: sim.url,
    });
    const appId = sim.tenant(tenantId).servicePrincipals[0]?.appId ?? '00000003-0000-0000-c000-000000000000';
    const call = () =>
      graph.client.api('/servicePrincipals').filter(`appId eq '${appId}'`).select('id,appId,displayName').get();
    for (let i = 0; i < Math.min(20, iterations); i++) await call(); // warm-up: token, TLS session, JIT
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const start = process.hrtime.bigint();
      await call();
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return {
      iterations,
      p50Ms: round(percentile(samples, 50)),
      p99Ms: round(percentile(samples, 99)),
      meanMs: round(samples.reduce((s, x) => s + x, 0) / Math.max(1, samples.length)),
    };
  } finally {
    await sim.close();
  }
}
