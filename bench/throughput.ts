/**
 * Throughput at saturation: `concurrency` virtual users each ask their next question as soon as the
 * last one is answered, until `messages` have been answered, against one bot process or several
 * replicas sharing one storage (same tables and turn state) and one simulator, the messages spread
 * round-robin as a load balancer would. Figures: answered messages per second of wall time, and the
 * bots' CPU per message. The per-person limits are raised (the counters still run) so a few fixture
 * users can stand for many people.
 *   node scripts/with-sim-ca.js tsx bench/throughput.ts [replicas, e.g. 1,2] [messages] [concurrency] [latencyMs]
 */
import { performance } from 'node:perf_hooks';
import { DEMO_FIXTURE } from '../test/helpers/app-harness';
import { uniquePrefix } from '../test/helpers/azurite';
import { startFakeConnector } from '../test/helpers/connector';
import { startRemoteBot, type RemoteBot } from './remote-bot';
import { startRemoteSimulator, type RemoteSimulator } from './remote-sim';
import { ask, warmUp } from './reply';
import { shareOneAzurite } from './shared-azurite';
import { destinations, requestsPerMessage } from './http-summary';
import { cpuBetween, processTreeCpu, type ProcessCpu } from './process-cpu';
import { round1 } from './table';

export interface ThroughputOptions {
  replicas: number;
  messages: number;
  concurrency: number;
  latencyMs: number;
  sim?: RemoteSimulator;
}

export interface ThroughputResult {
  replicas: number;
  messagesPerSecond: number;
  answered: number;
  cardReplies: number;
  failures: number;
  botCpuMsPerMessage: number;
  /** Highest peak RSS among the replicas, MB. */
  botPeakRssMb: number;
  /**
   * CPU per answered message of every process on the machine's cores during the run (ms): the
   * bots, the simulator, Azurite and this load generator with its fake Bot Connector. Their sum
   * against the cores available bounds the throughput any number of replicas can reach.
   */
  cpuMsPerMessageByPart: CpuByPart;
  /** Wall time of the run, s. */
  seconds: number;
  /** The bots' outgoing requests per answered message by destination, method and status. */
  requestsPerMessage: Record<string, number>;
}

export interface CpuByPart {
  bots: number;
  simulator: number;
  azurite: number;
  loadGenerator: number;
  total: number;
}

function cpuByPart(
  used: ProcessCpu[],
  botPids: Array<number | undefined>,
  simPid: number | undefined,
  messages: number,
): CpuByPart {
  const per = (ms: number) => round1(ms / Math.max(1, messages));
  const sum = (pick: (p: ProcessCpu) => boolean) => used.filter(pick).reduce((total, p) => total + p.cpuMs, 0);
  const bots = sum((p) => botPids.includes(p.pid));
  const simulator = sum((p) => p.pid === simPid);
  const loadGenerator = sum((p) => p.pid === process.pid);
  const azurite = sum((p) => /azurite/i.test(p.command));
  return {
    bots: per(bots),
    simulator: per(simulator),
    azurite: per(azurite),
    loadGenerator: per(loadGenerator),
    total: per(bots + simulator + azurite + loadGenerator),
  };
}

const UNLIMITED_PEOPLE = {
  LIMIT_MESSAGES_PER_USER_PER_MINUTE: '100000',
  LIMIT_MESSAGES_PER_TENANT_PER_MINUTE: '1000000',
  LIMIT_DIAGNOSES_PER_USER_PER_HOUR: '100000',
  LIMIT_DIAGNOSES_PER_TENANT_PER_HOUR: '1000000',
  LIMIT_NEW_REQUESTS_PER_USER_PER_DAY: '100000',
  LIMIT_NEW_REQUESTS_PER_TENANT_PER_DAY: '1000000',
};

export async function benchThroughput(opts: ThroughputOptions): Promise<ThroughputResult> {
  const sim = opts.sim ?? (await startRemoteSimulator(DEMO_FIXTURE));
  const connector = await startFakeConnector();
  const storePrefix = uniquePrefix('tp');
  const bots: RemoteBot[] = [];
  try {
    for (let i = 0; i < opts.replicas; i++)
      bots.push(await startRemoteBot({ sim, connector, storePrefix, env: UNLIMITED_PEOPLE }));
    await sim.setFaults(bots[0].tenantId, { latencyMs: opts.latencyMs });
    for (const [i, bot] of bots.entries()) await warmUp(bot, `warm${i}`);
    const before = await Promise.all(bots.map((b) => b.memory()));
    const httpBefore = await Promise.all(bots.map((b) => b.httpCounts()));
    const treeBefore = processTreeCpu();
    let next = 0;
    let answered = 0;
    let cardReplies = 0;
    let failures = 0;
    const start = performance.now();
    const worker = async (): Promise<void> => {
      for (let index = next++; index < opts.messages; index = next++) {
        const result = await ask(bots[index % bots.length], index, 'tp');
        if (!result) failures++;
        else {
          answered++;
          if (result.card) cardReplies++;
        }
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    const seconds = (performance.now() - start) / 1000;
    const used = cpuBetween(treeBefore, processTreeCpu());
    const httpAfter = await Promise.all(bots.map((b) => b.httpCounts()));
    const after = await Promise.all(bots.map((b) => b.memory()));
    const cpuMs = after.reduce((sum, m, i) => sum + m.cpuMs - before[i].cpuMs, 0);
    const botPids = bots.map((b) => b.pid);
    const memories = [];
    while (bots.length > 0) memories.push(await (bots.pop() as RemoteBot).stop());
    return {
      replicas: opts.replicas,
      messagesPerSecond: round1(answered / seconds),
      answered,
      cardReplies,
      failures,
      botCpuMsPerMessage: round1(cpuMs / Math.max(1, answered)),
      botPeakRssMb: Math.max(...memories.map((m) => m.peakMb)),
      cpuMsPerMessageByPart: cpuByPart(used, botPids, sim.pid, answered),
      seconds: round1(seconds),
      requestsPerMessage: requestsPerMessage(
        httpBefore,
        httpAfter,
        destinations(connector.serviceUrl, sim.url),
        answered,
      ),
    };
  } finally {
    for (const bot of bots) await bot.stop();
    await connector.close();
    if (!opts.sim) await sim.close();
  }
}

if (require.main === module) {
  // replicas may be a list ("1,2"): each is run in turn against one simulator and one Azurite.
  const replicaCounts = (process.argv[2] ?? '2').split(',').map(Number);
  const [messages, concurrency, latencyMs] = [300, 64, 100].map((d, i) => Number(process.argv[3 + i] ?? d));
  void (async () => {
    const storage = await shareOneAzurite();
    const sim = await startRemoteSimulator(DEMO_FIXTURE);
    for (const replicas of replicaCounts) {
      const r = await benchThroughput({ replicas, messages, concurrency, latencyMs, sim });
      process.stdout.write(`${JSON.stringify(r)}\n`);
    }
    await sim.close();
    await storage.stop();
    process.exit(0);
  })();
}
