/**
 * Message → reply latency with many people asking at once: `users` virtual users each send a
 * personal message naming one of the demo tenant's apps, all at the same moment, through the whole
 * bot (restify, teams-ai, every feature, Azurite storage, Graph from the simulator). The bot runs
 * alone in its own process (bench/bot-process.ts), the simulator in another (bench/sim-process.ts);
 * this process only sends the activities and plays the Bot Connector. A sample is the time from
 * sending the POST until the connector receives the answer card in that conversation (the first
 * text reply when no card comes). Simulator latency is 0 unless `latencyMs` is given.
 * `kind: 'echo'` runs the same load against the echo bot (bench/echo-bot.ts), the stack's floor.
 *   node scripts/with-sim-ca.js tsx bench/reply.ts [users] [rounds] [latencyMs]
 */
import { performance } from 'node:perf_hooks';
import { DEMO_FIXTURE, personalConversationId, teamsUserId } from '../test/helpers/app-harness';
import type { ConnectorCall } from '../test/helpers/connector';
import { messageActivity } from '../test/helpers/teams-activity';
import type { BotKind } from './bot-protocol';
import { startRemoteBot, type RemoteBot } from './remote-bot';
import { startRemoteSimulator, type RemoteSimulator } from './remote-sim';
import { shareOneAzurite } from './shared-azurite';
import { destinations, requestsPerMessage } from './http-summary';
import { percentile, round1 } from './table';

export interface ReplyBenchOptions {
  users: number;
  rounds: number;
  latencyMs?: number;
  /** A simulator process to use (started, and stopped, here when absent). */
  sim?: RemoteSimulator;
  kind?: BotKind;
}

export interface ReplyBenchResult {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Samples answered with a card (a diagnosis) rather than text. */
  cardReplies: number;
  failures: number;
  /** Peak RSS of the bot process over its whole life (start-up, warm-up, the rounds), MB. */
  botPeakRssMb: number;
  /** CPU the bot process spent per measured message (all rounds, start-up and warm-up excluded), ms. */
  botCpuMsPerMessage: number;
  /** Graph requests ($batch parts one by one) and HTTP round trips per measured message, warm cache. */
  graphRequestsPerMessage: number;
  graphRoundTripsPerMessage: number;
  /** The bot's outgoing storage and Bot Connector requests per measured message (bench/http-summary.ts). */
  requestsPerMessage: Record<string, number>;
}

const QUESTIONS = [
  'Qlik Web Connectors (Office 365 SharePoint) asks me for admin approval',
  'Qlik Web Connectors (OneDrive) says Need admin approval',
  'Qlik Web Connectors (Outlook 365) needs admin approval',
  'Qlik Web Connectors (Dynamics 365 CRM) wants approval',
  'Qlik Web Connectors (Azure Storage) asks for admin approval',
];

const isMessage = (c: ConnectorCall) => c.method === 'POST' && c.body.type === 'message';
const hasCard = (c: ConnectorCall) => Array.isArray(c.body.attachments) && c.body.attachments.length > 0;

/** One person's question; resolves with the latency and whether a card answered it. */
export async function ask(h: RemoteBot, index: number, round: string): Promise<{ ms: number; card: boolean } | null> {
  const user = h.users[index % h.users.length];
  const conversationId = `${personalConversationId(user)}-${round}-${index}`;
  let firstMessageAt: number | null = null;
  let cardAt: number | null = null;
  const cardArrived = h.connector.waitFor((c) => {
    if (c.conversationId !== conversationId || !isMessage(c)) return false;
    const now = performance.now();
    firstMessageAt ??= now;
    if (!hasCard(c)) return false;
    cardAt = now;
    return true;
  });
  const activity = messageActivity({
    serviceUrl: h.connector.serviceUrl,
    tenantId: h.tenantId,
    text: QUESTIONS[index % QUESTIONS.length],
    conversationId,
    userId: teamsUserId(user),
    userAadObjectId: user.id,
    userName: user.displayName,
  });
  const start = performance.now();
  const res = await h.post(activity);
  // Replies are sent within the turn: once the POST is answered the reply has arrived, or never will
  // (a text-only answer leaves the card waiter pending, which holds nothing open).
  void cardArrived;
  if (res.status !== 200) return null;
  const end: number | null = cardAt ?? firstMessageAt;
  return end === null ? null : { ms: end - start, card: cardAt !== null };
}

/** Warm-up, not measured: tokens, TLS sessions, tables, JIT, the tenant-read cache. */
export async function warmUp(h: RemoteBot, label = 'warm'): Promise<void> {
  for (let i = 0; i < h.users.length; i++) await ask(h, i, label);
}

export async function benchReply(opts: ReplyBenchOptions): Promise<ReplyBenchResult> {
  const sim = opts.sim ?? (await startRemoteSimulator(DEMO_FIXTURE));
  const h = await startRemoteBot({ sim, kind: opts.kind });
  let stopped = false;
  try {
    await sim.setFaults(h.tenantId, { latencyMs: opts.latencyMs ?? 0 });
    await warmUp(h);
    const before = await h.memory();
    const graphBefore = await h.graphStats();
    const httpBefore = await h.httpCounts();
    const samples: number[] = [];
    let cardReplies = 0;
    let failures = 0;
    for (let r = 0; r < opts.rounds; r++) {
      const results = await Promise.all(Array.from({ length: opts.users }, (_, i) => ask(h, i, `r${r}`)));
      for (const result of results) {
        if (!result) failures++;
        else {
          samples.push(result.ms);
          if (result.card) cardReplies++;
        }
      }
    }
    const after = await h.memory();
    const graphAfter = await h.graphStats();
    const httpAfter = await h.httpCounts();
    samples.sort((a, b) => a - b);
    stopped = true;
    const memory = await h.stop();
    const messages = Math.max(1, opts.users * opts.rounds);
    return {
      samples: samples.length,
      p50Ms: round1(percentile(samples, 50)),
      p95Ms: round1(percentile(samples, 95)),
      maxMs: round1(samples[samples.length - 1] ?? Number.NaN),
      cardReplies,
      failures,
      botPeakRssMb: memory.peakMb,
      botCpuMsPerMessage: round1((after.cpuMs - before.cpuMs) / messages),
      graphRequestsPerMessage: round1((graphAfter.requests - graphBefore.requests) / messages),
      graphRoundTripsPerMessage: round1((graphAfter.roundTrips - graphBefore.roundTrips) / messages),
      requestsPerMessage: requestsPerMessage(
        [httpBefore],
        [httpAfter],
        destinations(h.connector.serviceUrl, sim.url),
        messages,
      ),
    };
  } finally {
    if (!stopped) await h.stop();
    if (!opts.sim) await sim.close();
  }
}

if (require.main === module) {
  const users = Number(process.argv[2] ?? 50);
  const rounds = Number(process.argv[3] ?? 3);
  const latencyMs = Number(process.argv[4] ?? 100);
  const kind = process.env.BENCH_BOT_KIND === 'echo' ? 'echo' : 'consent-doctor';
  void (async () => {
    const storage = await shareOneAzurite();
    const r = await benchReply({ users, rounds, latencyMs, kind });
    await storage.stop();
    process.stdout.write(`${JSON.stringify(r)}\n`);
    process.exit(0);
  })();
}
