/**
 * Graph throttling and outages, injected by the simulator:
 *  - a 429 storm with a fractional Retry-After (0.2 s) on the bot's reads: the diagnosis still
 *    completes, and every retry waited at least the Retry-After (from the simulator's log);
 *  - 503s beyond the retries while diagnosing: a clear message with a correlation id, nothing stored;
 *  - 503s on the grant write beyond the retries on Approve: the request ends `failed` with Graph's
 *    error code, the card says so, the outcome lists what was done, and nothing was half-written.
 */
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import type { RequestLogEntry } from '../../sim/state';
import { CARD_MAC_KEY, personalConversationId, useAppHarness } from '../helpers/app-harness';
import { messagesTo, wordsOf } from '../e2e/chat-helpers';
import {
  attachedCard,
  cardText,
  cardUpdates,
  createRequest,
  graphWrites,
  invokeAnswer,
  settle,
  stored,
} from '../integration/approvals/helpers';

const RETRY_AFTER_S = 0.2;
/** The log's timestamps are whole milliseconds (both truncated): allow for that rounding only. */
const CLOCK_GRANULARITY_MS = 1;

// Retries are counted on the full read traffic: no shared tenant-read cache here (graph-burst tests it).
const h = useAppHarness({ env: { TENANT_READ_CACHE_SECONDS: '0' }, adminChannel: true });

afterEach(() => h.sim.setFaults(h.tenantId, {}));

interface Attempt {
  atMs: number;
  key: string;
  status: number;
}

/** Every Graph request the simulator answered, $batch parts included, keyed by method and path. */
function attempts(log: RequestLogEntry[]): Attempt[] {
  const out: Attempt[] = [];
  const norm = (p: string) => p.replace(/^\/(v1\.0|beta)/, '');
  for (const e of log) {
    if (e.kind !== 'graph') continue;
    const atMs = Date.parse(e.at);
    if (e.batch) for (const p of e.batch) out.push({ atMs, key: `${p.method} ${norm(p.url)}`, status: p.status });
    else out.push({ atMs, key: `${e.method} ${norm(e.path)}`, status: e.status });
  }
  return out;
}

/** For each throttled attempt, the wait until the same request was sent again (ms), or null. */
function retryGaps(log: RequestLogEntry[], status: number): Array<{ key: string; gapMs: number | null }> {
  const all = attempts(log);
  return all.flatMap((a, i) => {
    if (a.status !== status) return [];
    const next = all.slice(i + 1).find((b) => b.key === a.key);
    return [{ key: a.key, gapMs: next ? next.atMs - a.atMs : null }];
  });
}

describe('429 storms and 503 outages', () => {
  it('a 429 storm with a fractional Retry-After on the reads: the diagnosis completes, each retry waits the Retry-After', async () => {
    h.sim.clearLog(h.tenantId);
    // The first nine reads are throttled, then three more on the service principals (some of them
    // refused several times in a row).
    h.sim.setFaults(h.tenantId, {
      throttle: {
        count: 9,
        retryAfterSeconds: RETRY_AFTER_S,
        pathPattern:
          '^/v1\\.0/(users|servicePrincipals|oauth2PermissionGrants|policies|groups|directoryObjects|auditLogs|applications)',
      },
    });
    const since = h.connector.calls.length;
    const { activity } = await h.say('carol', 'The Qlik SharePoint connector asks for admin approval');
    h.sim.setFaults(h.tenantId, {
      throttle: { count: 3, retryAfterSeconds: RETRY_AFTER_S, pathPattern: '^/v1\\.0/servicePrincipals' },
    });
    const again = await h.say('dave', 'The Qlik Dynamics CRM connector asks for admin approval');

    const words = wordsOf(messagesTo(h.connector, personalConversationId(h.user('carol')), since));
    expect(words).not.toMatch(/could not reach|Sorry!|reference:/);
    expect(words).toMatch(/Qlik Web Connectors \(Office 365 SharePoint\)/);
    expect(wordsOf(messagesTo(h.connector, personalConversationId(h.user('dave')), since))).not.toMatch(
      /could not reach|Sorry!/,
    );
    expect(
      h.logs.filter((l) => (l.correlationId === activity.id || l.correlationId === again.activity.id) && l.failure),
    ).toEqual([]);

    const gaps = retryGaps(h.sim.log(h.tenantId), 429);
    process.stdout.write(
      `429 storm: ${gaps.length} throttled attempts, waits before retrying (ms): ${gaps.map((g) => g.gapMs).join(', ')}\n`,
    );
    expect(gaps.length).toBe(12);
    for (const g of gaps) {
      expect(g.gapMs).not.toBeNull();
      expect(g.gapMs!).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - CLOCK_GRANULARITY_MS);
    }
    // Requests throttled more than once in a row were still answered in the end.
    const byKey = new Map<string, number>();
    for (const g of gaps) byKey.set(g.key, (byKey.get(g.key) ?? 0) + 1);
    expect(Math.max(...byKey.values())).toBeGreaterThanOrEqual(2);
    const all = attempts(h.sim.log(h.tenantId));
    for (const key of byKey.keys()) expect(all.filter((a) => a.key === key).at(-1)!.status).toBeLessThan(400);
  });

  it('503s beyond the retries while diagnosing: a clear message with a correlation id, no stored request', async () => {
    h.sim.clearLog(h.tenantId);
    h.sim.setFaults(h.tenantId, { unavailable: { count: 100_000, retryAfterSeconds: 0.05 } });
    const since = h.connector.calls.length;
    const { activity } = await h.say('heidi', 'The Qlik Dynamics CRM connector asks for admin approval');
    const words = wordsOf(messagesTo(h.connector, personalConversationId(h.user('heidi')), since));
    expect(words).toContain('could not reach Microsoft Entra ID');
    expect(words).toContain(`reference: ${activity.id}`);
    expect(words).not.toMatch(/\bat \S+ \(|Error:|GraphUnavailableError|serviceNotAvailable|node_modules/);
    expect(await h.store.requests.listByRequester(h.user('heidi').id)).toHaveLength(0);
    expect(h.logs.some((l) => l.correlationId === activity.id && l.failure === 'graph_unavailable')).toBe(true);
    // The bot retried (bounded) and waited between attempts.
    const gaps = retryGaps(h.sim.log(h.tenantId), 503);
    expect(gaps.length).toBeGreaterThan(1);
    const perKey = new Map<string, number>();
    for (const g of gaps) perKey.set(g.key, (perKey.get(g.key) ?? 0) + 1);
    expect(Math.max(...perKey.values())).toBeLessThanOrEqual(4);
    for (const g of gaps.filter((x) => x.gapMs !== null))
      expect(g.gapMs!).toBeGreaterThanOrEqual(50 - CLOCK_GRANULARITY_MS);
    expect(graphWrites(h.sim.log(h.tenantId))).toEqual([]);
  });

  it('503s on the grant write beyond the retries: failed with the Graph code, the card says so, nothing half-written', async () => {
    const request = await createRequest(h, 'grace', CONTOSO.apps.sharePoint.appId);
    h.sim.clearLog(h.tenantId);
    const grantsBefore = structuredClone(h.sim.tenant(h.tenantId).oauth2PermissionGrants);
    // Only the grant write (POST /oauth2PermissionGrants, no query): the reads before it succeed.
    h.sim.setFaults(h.tenantId, {
      unavailable: { count: 100_000, retryAfterSeconds: 0.05, pathPattern: '^/v1\\.0/oauth2PermissionGrants$' },
    });
    const res = await h.click('alice', 'approveAll', { ...signCardData(request.id, CARD_MAC_KEY) });
    expect(cardText(invokeAnswer(res).value)).toMatch(/Applying the change now/);
    await settle(h);

    const writes = graphWrites(h.sim.log(h.tenantId));
    expect(writes.length).toBe(4); // the first attempt and three retries
    expect(
      writes.every((w) => w.method === 'POST' && /oauth2PermissionGrants$/i.test(w.path) && w.status === 503),
    ).toBe(true);
    expect(h.sim.tenant(h.tenantId).oauth2PermissionGrants).toEqual(grantsBefore);

    const final = await stored(h, request.id);
    expect(final.state).toBe('failed');
    expect(final.outcome).toMatchObject({ error: 'serviceNotAvailable', verified: null });
    // The outcome lists every step: nothing done, the grant failed.
    const steps = final.outcome!.steps;
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((s) => s.status === 'done')).toEqual([]);
    expect(steps.filter((s) => s.status === 'failed')).toHaveLength(1);

    const audit = await h.store.audit.list(request.id);
    expect(audit.filter((e) => e.action === 'graph_write' && e.result === 'ok')).toEqual([]);
    expect(audit.filter((e) => e.action === 'graph_write' && e.result === 'error').map((e) => e.detail)).toEqual([
      expect.stringMatching(/serviceNotAvailable.*Already done: nothing/),
    ]);

    const card = cardText(attachedCard(cardUpdates(h, request).at(-1)!.body));
    expect(card).toMatch(/Failed after approval by Alice Admin/);
    expect(card).toMatch(/serviceNotAvailable/);
    expect(card).not.toMatch(/\bat \S+ \(|node_modules/);
    process.stdout.write(
      `grant write 503s: ${writes.length} attempts, request ${final.state}, outcome ${JSON.stringify(final.outcome)}\n`,
    );
  });
});
