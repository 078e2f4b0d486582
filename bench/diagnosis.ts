/**
 * Diagnosis cost against the simulator with injected per-request latency: batched (the real code)
 * versus naive (the same reads, one request each, one after the other). The baseline the batching is judged against.
 *   npx tsx bench/diagnosis.ts [latencyMs] [iterations]    (run through scripts/with-sim-ca.js)
 */
import { join } from 'node:path';
import { startSimulator } from '../sim/index';
import { loadFixture } from '../sim/load-fixture';
import { runDiagnosis } from '../src/diagnosis/run';
import { createGraphClient } from '../src/graph/client';
import { factsConnection } from '../src/graph/facts-connection';

export interface BenchOptions {
  latencyMs: number;
  iterations: number;
  /** One Graph request per fact, sequentially, no batching. */
  naive: boolean;
  fixturePath?: string;
  userQuery?: string;
  appText?: string;
}

export interface BenchResult {
  roundTrips: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
}

const DEMO = join(__dirname, '..', 'test', 'fixtures', 'tenants', 'demo-contoso.json');
/** Qlik Web Connectors (Office 365 SharePoint) in the demo tenant (fixture data). */
const DEMO_APP = '34f0b59e-a9fc-4d21-8a85-a3a124438861';

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export async function benchDiagnosis(opts: BenchOptions): Promise<BenchResult> {
  const fixture = loadFixture(opts.fixturePath ?? DEMO);
  const sim = await startSimulator({ fixtures: [fixture] });
  try {
    const tenantId = fixture.tenant.id;
    const bot = fixture.clients[0];
    const graph = createGraphClient({
      tenantId,
      clientId: bot.appId,
      clientSecret: bot.secret,
      authorityUrl: sim.authorityUrl(tenantId),
      graphBaseUrl: sim.url,
    });
    const conn = { ...factsConnection(graph, sim.url), batchOptions: { unbatched: opts.naive } };
    const input = {
      tenantId,
      userQuery: opts.userQuery ?? 'carol@contoso.onmicrosoft.com',
      appText: opts.appText ?? DEMO_APP,
    };
    // Warm-up (token, TLS session) without latency, not measured.
    await runDiagnosis(conn, input);
    sim.setFaults(tenantId, { latencyMs: opts.latencyMs });
    const durations: number[] = [];
    let last = { requests: 0, roundTrips: 0 };
    for (let i = 0; i < Math.max(1, opts.iterations); i++) {
      graph.resetStats();
      const start = process.hrtime.bigint();
      const outcome = await runDiagnosis(conn, input);
      durations.push(Number(process.hrtime.bigint() - start) / 1e6);
      last = outcome.diagnosis.graph;
    }
    durations.sort((a, b) => a - b);
    return {
      roundTrips: last.roundTrips,
      requests: last.requests,
      p50Ms: percentile(durations, 50),
      p95Ms: percentile(durations, 95),
    };
  } finally {
    await sim.close();
  }
}

if (require.main === module) {
  const latencyMs = Number(process.argv[2] ?? 50);
  const iterations = Number(process.argv[3] ?? 10);
  void (async () => {
    for (const naive of [false, true]) {
      const r = await benchDiagnosis({ latencyMs, iterations, naive });
      process.stdout.write(
        `${naive ? 'naive  ' : 'batched'}  roundTrips=${r.roundTrips} requests=${r.requests} p50=${r.p50Ms.toFixed(1)}ms p95=${r.p95Ms.toFixed(1)}ms\n`,
      );
    }
  })();
}
