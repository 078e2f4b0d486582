/**
 * Approve click → card updated for everyone. Each iteration starts from the demo tenant as loaded
 * (so every approval really writes a grant), creates a request the way the chat does (diagnosis,
 * stored, card posted to the admin channel), then an admin clicks "Approve for everyone". Measured:
 * the invoke answer to the clicker, and the time until the connector receives the channel card's
 * final update (approved) for everyone. The bot runs alone in its own process, the simulator in
 * another; this process clicks over HTTP and plays the Bot Connector.
 *   node scripts/with-sim-ca.js tsx bench/approve.ts [iterations]
 */
import { performance } from 'node:perf_hooks';
import { CONTOSO } from '../scripts/fixtures/contoso';
import { signCardData } from '../src/cards';
import { CARD_MAC_KEY, DEMO_FIXTURE } from '../test/helpers/app-harness';
import { attachedCard, cardText } from '../test/integration/approvals/helpers';
import { startRemoteBot } from './remote-bot';
import { startRemoteSimulator, type RemoteSimulator } from './remote-sim';
import { percentile, round1 } from './table';

export interface ApproveBenchResult {
  samples: number;
  /** Click → the invoke's answer (the clicker's card). */
  invokeP95Ms: number;
  /** Click → the channel card's final update for everyone. */
  p50Ms: number;
  p95Ms: number;
  /** Peak RSS of the bot process over its whole life, MB. */
  botPeakRssMb: number;
}

/** Requester and app known to need an admin grant in the demo tenant. */
const REQUESTER = 'carol';
const APP = CONTOSO.apps.sharePoint.appId;
const ADMIN = 'alice';

export async function benchApprove(
  iterations: number,
  opts: { sim?: RemoteSimulator } = {},
): Promise<ApproveBenchResult> {
  const sim = opts.sim ?? (await startRemoteSimulator(DEMO_FIXTURE));
  // The approver-group check stays on the path (Alice is in All Staff). Writes with the bot's own
  // token (APPROVAL_WRITES=app): the benchmark clicks without a signed-in admin.
  const h = await startRemoteBot({ sim, env: { APPROVER_GROUP_ID: CONTOSO.groups.allStaff, APPROVAL_WRITES: 'app' } });
  let stopped = false;
  try {
    await h.useAdminChannel();
    const finals: number[] = [];
    const invokes: number[] = [];
    for (let i = 0; i < iterations + 1; i++) {
      await sim.resetTenant(h.tenantId, DEMO_FIXTURE);
      const request = await h.createRequest(REQUESTER, APP);
      const cardId = request.adminCardActivityId;
      if (!cardId) throw new Error('the approval card was not posted');
      let finalAt = 0;
      const final = h.connector.waitFor((c) => {
        if (c.method !== 'PUT' || c.activityId !== cardId || !/Approved/.test(cardText(attachedCard(c.body))))
          return false;
        finalAt = performance.now();
        return true;
      });
      const start = performance.now();
      const res = await h.clickInAdminChannel(
        ADMIN,
        'approveAll',
        { ...signCardData(request.id, CARD_MAC_KEY) },
        cardId,
      );
      const invokeMs = performance.now() - start;
      if (res.status !== 200) throw new Error(`the approve click was answered HTTP ${res.status}`);
      await h.settle();
      if (!finalAt) throw new Error('the channel card was not updated to approved once the approval settled');
      void final;
      // The first iteration warms up (tokens, tables, JIT) and is not counted.
      if (i > 0) {
        invokes.push(invokeMs);
        finals.push(finalAt - start);
      }
    }
    finals.sort((a, b) => a - b);
    invokes.sort((a, b) => a - b);
    stopped = true;
    const memory = await h.stop();
    return {
      samples: finals.length,
      invokeP95Ms: round1(percentile(invokes, 95)),
      p50Ms: round1(percentile(finals, 50)),
      p95Ms: round1(percentile(finals, 95)),
      botPeakRssMb: memory.peakMb,
    };
  } finally {
    if (!stopped) await h.stop();
    if (!opts.sim) await sim.close();
  }
}

if (require.main === module) {
  void benchApprove(Number(process.argv[2] ?? 20)).then((r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    process.exit(0);
  });
}
