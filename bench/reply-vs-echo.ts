/**
 * The reply run and the echo bot's under the same load in one run, alternating, as `npm run bench` compares them:
 * prints each pass's CPU per message, the ratio, p95 and the bot's requests per message. For measuring a change
 * to the reply path without the whole benchmark (compiled as deployed unless BENCH_TSX=1).
 *   node scripts/with-sim-ca.js tsx bench/reply-vs-echo.ts [passes] [users] [rounds]
 */
import { resolve } from 'node:path';
import { DEMO_FIXTURE } from '../test/helpers/app-harness';
import { compileForBench } from './compile';
import { benchReply } from './reply';
import { startRemoteSimulator } from './remote-sim';
import { shareOneAzurite } from './shared-azurite';

const GRAPH_LATENCY_MS = 100;

async function main(): Promise<void> {
  const passes = Number(process.argv[2] ?? 1);
  const users = Number(process.argv[3] ?? 50);
  const rounds = Number(process.argv[4] ?? 3);
  if (process.env.BENCH_TSX !== '1' && !process.env.BENCH_COMPILED_DIR) {
    process.env.BENCH_COMPILED_DIR = compileForBench(resolve(__dirname, '..'));
  }
  const storage = await shareOneAzurite();
  const sim = await startRemoteSimulator(DEMO_FIXTURE);
  try {
    for (let pass = 0; pass < passes; pass++) {
      const echo = await benchReply({ users, rounds, latencyMs: GRAPH_LATENCY_MS, sim, kind: 'echo' });
      const bot = await benchReply({ users, rounds, latencyMs: GRAPH_LATENCY_MS, sim });
      const ratio = Math.round((bot.botCpuMsPerMessage / echo.botCpuMsPerMessage) * 100) / 100;
      process.stdout.write(
        `${JSON.stringify({
          pass,
          echoCpuMs: echo.botCpuMsPerMessage,
          botCpuMs: bot.botCpuMsPerMessage,
          ratio,
          echoP95Ms: echo.p95Ms,
          botP95Ms: bot.p95Ms,
          cards: `${bot.cardReplies}/${bot.samples}`,
          failures: bot.failures,
          graphRequests: bot.graphRequestsPerMessage,
          graphRoundTrips: bot.graphRoundTripsPerMessage,
          requests: bot.requestsPerMessage,
        })}\n`,
      );
    }
  } finally {
    await sim.close();
    await storage.stop();
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
