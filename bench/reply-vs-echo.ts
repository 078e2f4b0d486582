/**
 * The reply run and the echo bot's under the same load in one run, alternating, as `npm run bench` compares them:
 * prints each pass's CPU per message, the ratio, p95 and the bot's requests per message, then the median ratio. For
 * measuring a change to the reply path without the whole benchmark (compiled as deployed unless BENCH_TSX=1).
 * BENCH_BASELINE_DIR names another compiled tree (an earlier commit, built with `tsc --outDir`): each pass then also
 * runs that bot, so before and after are measured side by side on a machine whose load keeps changing.
 *   node scripts/with-sim-ca.js tsx bench/reply-vs-echo.ts [passes] [users] [rounds]
 */
import { resolve } from 'node:path';
import { DEMO_FIXTURE } from '../test/helpers/app-harness';
import { compileForBench } from './compile';
import { benchReply, type ReplyBenchResult } from './reply';
import { startRemoteSimulator, type RemoteSimulator } from './remote-sim';
import { shareOneAzurite } from './shared-azurite';
import { percentile } from './table';

const GRAPH_LATENCY_MS = 100;
const round2 = (n: number): number => Math.round(n * 100) / 100;

interface Options {
  users: number;
  rounds: number;
  sim: RemoteSimulator;
}

/** One reply run with the bot compiled in `dir`. */
async function runIn(dir: string, kind: 'echo' | 'consent-doctor', o: Options): Promise<ReplyBenchResult> {
  const previous = process.env.BENCH_COMPILED_DIR;
  process.env.BENCH_COMPILED_DIR = dir;
  try {
    return await benchReply({ users: o.users, rounds: o.rounds, latencyMs: GRAPH_LATENCY_MS, sim: o.sim, kind });
  } finally {
    process.env.BENCH_COMPILED_DIR = previous;
  }
}

function summary(bot: ReplyBenchResult, echo: ReplyBenchResult) {
  return {
    cpuMs: bot.botCpuMsPerMessage,
    peakRssMb: bot.botPeakRssMb,
    ratio: round2(bot.botCpuMsPerMessage / echo.botCpuMsPerMessage),
    p95Ms: bot.p95Ms,
    cards: `${bot.cardReplies}/${bot.samples}`,
    failures: bot.failures,
    graphRequests: bot.graphRequestsPerMessage,
    graphRoundTrips: bot.graphRoundTripsPerMessage,
    requests: bot.requestsPerMessage,
  };
}

async function main(): Promise<void> {
  const passes = Number(process.argv[2] ?? 1);
  const o = { users: Number(process.argv[3] ?? 50), rounds: Number(process.argv[4] ?? 3) };
  if (process.env.BENCH_TSX !== '1' && !process.env.BENCH_COMPILED_DIR) {
    process.env.BENCH_COMPILED_DIR = compileForBench(resolve(__dirname, '..'));
  }
  const dir = process.env.BENCH_COMPILED_DIR ?? '';
  const baselineDir = process.env.BENCH_BASELINE_DIR;
  const storage = await shareOneAzurite();
  const sim = await startRemoteSimulator(DEMO_FIXTURE);
  const ratios: number[] = [];
  const baselineRatios: number[] = [];
  try {
    for (let pass = 0; pass < passes; pass++) {
      const echo = await runIn(dir, 'echo', { ...o, sim });
      const baseline = baselineDir ? await runIn(baselineDir, 'consent-doctor', { ...o, sim }) : null;
      const bot = await runIn(dir, 'consent-doctor', { ...o, sim });
      const line = {
        pass,
        echoCpuMs: echo.botCpuMsPerMessage,
        echoP95Ms: echo.p95Ms,
        bot: summary(bot, echo),
        ...(baseline ? { baseline: summary(baseline, echo) } : {}),
      };
      ratios.push(line.bot.ratio);
      if (line.baseline) baselineRatios.push(line.baseline.ratio);
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  } finally {
    await sim.close();
    await storage.stop();
  }
  const median = (xs: number[]) =>
    round2(
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      ),
    );
  process.stdout.write(
    `${JSON.stringify({ medianRatio: median(ratios), ...(baselineDir ? { baselineMedianRatio: median(baselineRatios) } : {}) })}\n`,
  );
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
