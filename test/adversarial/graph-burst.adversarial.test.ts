/**
 * A burst of ordinary questions must not multiply Graph traffic, and no message may make
 * unbounded Graph reads:
 *  - 200 concurrent questions with the tenant-read cache off, then on (fresh bot each time, same
 *    simulator): Graph requests counted from the simulator's request log (a $batch counts its
 *    parts) before and after, printed; with the cache far fewer, and nothing written;
 *  - a diagnosis with a warm cache makes fewer requests, still in at most two round trips;
 *  - the bot's own write empties the cache (the next diagnosis reads the policies again);
 *  - a message over its Graph budget is stopped with plain words, nothing stored or written.
 */
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { runDiagnosis } from '../../src/diagnosis/run';
import type { RequestLogEntry } from '../../sim/state';
import { personalConversationId, startAppHarness, type AppHarness } from '../helpers/app-harness';
import { messagesTo, wordsOf } from '../e2e/chat-helpers';
import { graphWrites } from '../integration/approvals/helpers';
import { NO_CHAT_LIMITS as UNLIMITED } from './support/no-chat-limits';
import { usePeers } from './support/peers';

const QUESTIONS = 200;
// Bots started here are stopped by the tests that start them.
const { sim, azurite, connector } = usePeers();

/** Logical Graph requests in the log: each $batch part, and each request outside a batch. */
function graphRequests(log: RequestLogEntry[]): number {
  return log.filter((e) => e.kind === 'graph').reduce((n, e) => n + (e.batch ? e.batch.length : 1), 0);
}

function policyReads(log: RequestLogEntry[]): number {
  return log
    .filter((e) => e.kind === 'graph')
    .flatMap((e) => e.batch ?? [{ url: e.path }])
    .filter((p) => /\/policies\/authorizationPolicy/.test(p.url)).length;
}

const QUESTION_TEXTS = [
  'The Qlik SharePoint connector asks for admin approval',
  'Qlik OneDrive connector says Need admin approval',
  'the Dynamics CRM connector from Qlik wants admin approval',
  'Outlook 365 connector asks for approval',
];

async function burst(h: AppHarness): Promise<{ graph: number; policyReads: number; failed: number }> {
  sim.clearLog(h.tenantId);
  const people = h.users.map((u) => u.userPrincipalName.split('@')[0]);
  const since = connector.calls.length;
  const results = await Promise.all(
    Array.from({ length: QUESTIONS }, (_, i) =>
      h.say(people[i % people.length], QUESTION_TEXTS[i % QUESTION_TEXTS.length]),
    ),
  );
  const failed =
    results.filter((r) => r.status !== 200).length +
    people.filter((p) =>
      /could not reach|Sorry!/.test(wordsOf(messagesTo(connector, personalConversationId(h.user(p)), since))),
    ).length;
  // When an answer failed, say why (the bot's warnings and errors), so a failure is not a bare count.
  if (failed > 0)
    for (const line of h.logs.filter((l) => typeof l.level === 'number' && l.level >= 40))
      process.stderr.write(`bot: ${JSON.stringify(line).slice(0, 600)}\n`);
  const log = sim.log(h.tenantId);
  expect(graphWrites(log)).toEqual([]);
  return { graph: graphRequests(log), policyReads: policyReads(log), failed };
}

describe('200 concurrent ordinary questions', () => {
  it('share the tenant-wide reads: far fewer Graph requests with the cache, nothing written', async () => {
    const off = await startAppHarness({
      sim,
      azurite,
      connector,
      env: { ...UNLIMITED, TENANT_READ_CACHE_SECONDS: '0' },
      logLevel: 'warn',
    });
    const without = await burst(off);
    await off.stop();
    const on = await startAppHarness({ sim, azurite, connector, env: UNLIMITED, logLevel: 'warn' });
    const withCache = await burst(on);
    const stats = on.services.graph.tenantReads?.stats;
    await on.stop();
    process.stdout.write(
      `${QUESTIONS} concurrent questions: ${without.graph} Graph requests without the cache ` +
        `(${without.policyReads} authorizationPolicy reads), ${withCache.graph} with it (${withCache.policyReads}); ` +
        `cache ${JSON.stringify(stats)}; failed answers ${without.failed}/${withCache.failed}\n`,
    );
    expect(without.failed).toBe(0);
    expect(withCache.failed).toBe(0);
    // Without the cache nearly every question reads the policy itself (a few may be answered
    // without a diagnosis when the same person's messages overlap).
    expect(without.policyReads).toBeGreaterThanOrEqual(QUESTIONS * 0.9);
    expect(withCache.policyReads).toBeLessThan(QUESTIONS / 10);
    expect(withCache.graph).toBeLessThan(without.graph * 0.75);
  });
});

describe('one diagnosis', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ sim, azurite, connector, env: UNLIMITED, logLevel: 'warn' });
    await h.useAdminChannel();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const diagnose = async () => {
    const run = await runDiagnosis(h.services.graph, {
      tenantId: h.tenantId,
      userQuery: h.user('carol').id,
      appText: CONTOSO.apps.sharePoint.appId,
    });
    return run.diagnosis.graph;
  };

  it("with a warm cache makes fewer requests, still in at most two round trips; the bot's own write empties it", async () => {
    const cold = await diagnose();
    const warm = await diagnose();
    process.stdout.write(
      `diagnosis: cold ${cold.requests} requests / ${cold.roundTrips} round trips, warm ${warm.requests} / ${warm.roundTrips}\n`,
    );
    expect(warm.requests).toBeLessThan(cold.requests);
    expect(warm.roundTrips).toBeLessThanOrEqual(2);
    expect(cold.roundTrips).toBeLessThanOrEqual(2);

    // A write through the bot's Graph connection (what an approval does) invalidates the cache.
    const invalidationsBefore = h.services.graph.tenantReads?.stats.invalidations ?? 0;
    const sp = await h.services.graph.client
      .api('/servicePrincipals')
      .post({ appId: '00000003-0000-0ff1-ce00-000000000000' })
      .catch((err: unknown) => err);
    expect(sp).toBeDefined();
    expect(h.services.graph.tenantReads?.stats.invalidations).toBe(invalidationsBefore + 1);
    sim.clearLog(h.tenantId);
    const after = await diagnose();
    expect(after.requests).toBe(cold.requests);
    expect(policyReads(sim.log(h.tenantId))).toBe(1);
  });
});

describe('the Graph budget per message', () => {
  it('stops a message that needs more reads than its budget, says so plainly, and stores or writes nothing', async () => {
    const h = await startAppHarness({
      sim,
      azurite,
      connector,
      env: { ...UNLIMITED, GRAPH_BUDGET_PER_MESSAGE: '10', TENANT_READ_CACHE_SECONDS: '0' },
      logLevel: 'warn',
    });
    try {
      await h.useAdminChannel();
      sim.clearLog(h.tenantId);
      const since = connector.calls.length;
      const { status } = await h.say('dave', 'The Qlik SharePoint connector asks for admin approval');
      expect(status).toBe(200);
      const words = wordsOf(messagesTo(connector, personalConversationId(h.user('dave')), since));
      process.stdout.write(
        `budget 10: ${graphRequests(sim.log(h.tenantId))} Graph requests sent; answer: ${words.slice(0, 160)}\n`,
      );
      expect(words).toMatch(/more lookups in Microsoft Entra ID than I make for one message \(10\)/);
      expect(graphRequests(sim.log(h.tenantId))).toBeLessThanOrEqual(10);
      expect(graphWrites(sim.log(h.tenantId))).toEqual([]);
      expect(await h.store.requests.listByRequester(h.user('dave').id)).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});
