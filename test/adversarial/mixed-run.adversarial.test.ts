/**
 * A bounded mixed run against the production-mode bot: two replicas, each a real process
 * (`tsx src/index.ts`, real Bot Framework JWT checks, shared Azurite storage), so a crash is a
 * process exit and memory is the process's own. ADVERSARIAL_MIXED_ACTIVITIES activities (default
 * 5000) from 50 people, a tenth of them hostile (no token, an expired token, a gzip body, an
 * oversized body, broken JSON, another tenant, a made-up app's sign-in link, a malformed activity),
 * with an admin approving requests while it runs. Asserted: zero crashes (both processes alive and
 * healthy, every request answered, no 5xx), zero lost requests (every authenticated message
 * answered, every stored request pending or finished consistently, none left `approving`), no
 * Graph write but the approvals', RSS bounded. The figures are printed.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { signCardData } from '../../src/cards';
import { REQUEST_STATES, type ApprovalRequest } from '../../src/requests/model';
import { mintChannelToken } from '../../sim/identity/bot-framework-client';
import { CARD_MAC_KEY } from '../helpers/app-harness';
import { messageActivity } from '../helpers/teams-activity';
import { graphWrites } from '../integration/approvals/helpers';
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { until, type BotProcess } from './support/bot-process';
import { usePeers } from './support/peers';

const ACTIVITIES = Number(process.env.ADVERSARIAL_MIXED_ACTIVITIES ?? 5000);
const PEOPLE = 50;
const CONCURRENCY = 20;
/**
 * Memory a replica may add over its idle size during the run: it keeps no per-activity state, so
 * this is V8's heap growing under load (about 170 MB seen at 5,000); a leak of 50 KB an activity fails.
 */
const RSS_GROWTH_MB = 250;
/**
 * About 2 minutes of CPU on two cores for 5,000 activities; on a machine shared with other work it
 * takes several times longer, so the time allowed grows with the size of the run.
 */
const TIMEOUT_MS = Math.max(300_000, ACTIVITIES * 200);
const OTHER_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** `h`: in-process, on the replicas' storage: reads what they stored and names the admin channel. */
const {
  fixture,
  bot: BOT,
  sim,
  connector,
  h,
  startBot,
  adminChannelClick,
} = usePeers({
  sharedTables: { logLevel: 'warn' },
});
const replicas: BotProcess[] = [];

beforeAll(async () => {
  for (let i = 0; i < 2; i++) replicas.push(await startBot({ env: { LOG_LEVEL: 'warn' }, ownDataDir: true }));
});

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be repeated. */
function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

interface Person {
  id: string;
  name: string;
}

const ORDINARY = [
  'help',
  'status',
  'The Qlik SharePoint connector asks for admin approval',
  'Qlik OneDrive connector says Need admin approval',
  CONTOSO.apps.crm.appId,
  CONTOSO.apps.outlook.appId,
  'the Azure Storage connector from Qlik wants approval',
];

it(
  `${ACTIVITIES} activities from ${PEOPLE} people, a tenth hostile: no crash, nothing lost`,
  async () => {
    const random = rng(16);
    const tenantId = fixture.tenant.id;
    const people: Person[] = [
      ...fixture.users.map((u) => ({ id: u.id, name: u.displayName })),
      ...Array.from({ length: PEOPLE - fixture.users.length }, (_, i) => ({ id: randomUUID(), name: `Visitor ${i}` })),
    ];
    const token = async (lifetimeSeconds?: number) =>
      `Bearer ${await mintChannelToken(sim.url, { audience: BOT.appId, serviceUrl: connector.serviceUrl, lifetimeSeconds })}`;
    const valid = await token();
    const expired = await token(-3600);
    const sentIds = new Set<string>();
    const statusCounts = new Map<string, number>();
    const errors: string[] = [];
    const count = (key: string) => statusCounts.set(key, (statusCounts.get(key) ?? 0) + 1);
    const since = connector.calls.length;
    sim.clearLog(tenantId);
    const idleMb = replicas.map((r) => r.rssMb());
    const peakMb = [...idleMb];
    const sampler = setInterval(
      () =>
        replicas.forEach((r, i) => {
          peakMb[i] = Math.max(peakMb[i], r.rssMb());
        }),
      250,
    );
    const cpuBefore = { test: process.cpuUsage(), replicas: replicas.map((r) => r.cpuSeconds()) };
    const started = Date.now();
    let approvals = 0;

    const message = (p: Person, text: string, tenant = tenantId) =>
      messageActivity({
        serviceUrl: connector.serviceUrl,
        tenantId: tenant,
        text,
        conversationId: `a:personal-${p.id}`,
        userId: `29:${p.id}`,
        userAadObjectId: p.id,
        userName: p.name,
      });
    const post = async (target: BotProcess, body: string | Buffer, headers: Record<string, string>) => {
      const res = await fetch(`${target.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      await res.text();
      return res.status;
    };

    const one = async (i: number): Promise<void> => {
      const target = replicas[i % 2];
      const person = people[Math.floor(random() * people.length)];
      const hostile = random() < 0.1;
      let kind: string;
      let status = 0;
      try {
        if (i % 50 === 49) {
          // An admin approves the oldest pending request with a card while the run goes on.
          kind = 'approve';
          const pending = (await h.store.requests.listByState(['pending'])).find(
            (r) => r.value.adminCard && !r.value.awaitingConfirmation,
          );
          if (!pending) {
            count('approve none-pending');
            return;
          }
          approvals++;
          status = await post(
            target,
            JSON.stringify(
              adminChannelClick('alice', 'approveAll', { ...signCardData(pending.value.id, CARD_MAC_KEY) }),
            ),
            { authorization: valid },
          );
        } else if (!hostile) {
          kind = 'ordinary';
          const activity = message(person, ORDINARY[Math.floor(random() * ORDINARY.length)]);
          sentIds.add(activity.id);
          status = await post(target, JSON.stringify(activity), { authorization: valid });
        } else {
          const attacks = [
            'no_token',
            'expired',
            'gzip',
            'oversized',
            'bad_json',
            'other_tenant',
            'random_client',
            'malformed',
          ] as const;
          kind = attacks[Math.floor(random() * attacks.length)];
          const activity = message(person, 'help');
          switch (kind) {
            case 'no_token':
              status = await post(target, JSON.stringify(activity), {});
              break;
            case 'expired':
              status = await post(target, JSON.stringify(activity), { authorization: expired });
              break;
            case 'gzip':
              status = await post(target, gzipSync(JSON.stringify({ ...activity, text: ' '.repeat(2_000_000) })), {
                authorization: valid,
                'content-encoding': 'gzip',
              });
              break;
            case 'oversized':
              status = await post(target, JSON.stringify({ ...activity, text: 'x'.repeat(400 * 1024) }), {
                authorization: valid,
              });
              break;
            case 'bad_json':
              status = await post(target, '{"type":"message",', { authorization: valid });
              break;
            case 'other_tenant':
              status = await post(target, JSON.stringify(message(person, 'help', OTHER_TENANT)), {
                authorization: valid,
              });
              break;
            case 'random_client': {
              const link = message(
                person,
                `https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${randomUUID()}&scope=Mail.ReadWrite`,
              );
              sentIds.add(link.id);
              status = await post(target, JSON.stringify(link), { authorization: valid });
              break;
            }
            case 'malformed':
              status = await post(target, JSON.stringify({ ...activity, conversation: 42 }), { authorization: valid });
              break;
          }
        }
        count(`${kind} ${status}`);
        if (status >= 500) errors.push(`#${i} ${kind}: ${status}`);
      } catch (err) {
        errors.push(`#${i}: no answer (${String((err as { cause?: unknown }).cause ?? err)})`);
      }
    };

    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ACTIVITIES) await one(next++);
      }),
    );
    const sentSeconds = (Date.now() - started) / 1000;

    // What the replicas still do in the background (replies, cards, approvals) must finish: wait
    // until nothing is missing, or give up and report what is.
    const unanswered = () => {
      const repliedTo = new Set(
        connector.calls
          .slice(since)
          .map((c) => c.body.replyToId)
          .filter((id): id is string => typeof id === 'string'),
      );
      return [...sentIds].filter((id) => !repliedTo.has(id));
    };
    const inconsistent = (rows: ApprovalRequest[]) =>
      rows.filter(
        (r) =>
          r.state === 'approving' ||
          // Verification may rightly fail (a scope only Entra's admin consent link can grant, e.g. an
          // unresolved user_impersonation), but it must have run.
          (r.state === 'approved' && typeof r.outcome?.verified !== 'boolean') ||
          (r.state === 'pending' && !r.adminCard && !r.awaitingConfirmation),
      );
    const allRows = async () => (await h.store.requests.listByState([...REQUEST_STATES])).map((r) => r.value);
    await until(
      'the replicas to finish what they started',
      async () => (unanswered().length === 0 && inconsistent(await allRows()).length === 0 ? true : null),
      120_000,
    ).catch(() => undefined);
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const testCpu = process.cpuUsage(cpuBefore.test);
    const cpu = {
      test: (testCpu.user + testCpu.system) / 1e6,
      replicas: replicas.map((r, i) => r.cpuSeconds() - cpuBefore.replicas[i]),
    };

    const rows = await allRows();
    const byState = rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.state]: (m[r.state] ?? 0) + 1 }), {});
    const writes = graphWrites(sim.log(tenantId));
    const health = await Promise.all(replicas.map(async (r) => (await fetch(`${r.url}/healthz`)).status));
    const missing = unanswered();
    const broken = inconsistent(rows);

    process.stdout.write(
      [
        `mixed run: ${ACTIVITIES} activities from ${PEOPLE} people sent in ${sentSeconds.toFixed(1)} s (${(ACTIVITIES / sentSeconds).toFixed(0)}/s), all settled after ${seconds.toFixed(1)} s; two replica processes`,
        `  answers: ${[...statusCounts.entries()]
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')}`,
        `  crashes: ${replicas.filter((r) => !r.alive()).length}; no answer/5xx: ${errors.length}; authenticated messages without a reply: ${missing.length} of ${sentIds.size}`,
        `  requests: ${JSON.stringify(byState)} (${approvals} approvals clicked); inconsistent: ${broken.length}; Graph writes: ${writes.length}`,
        `  CPU: replicas ${cpu.replicas.map((c) => c.toFixed(1)).join('/')} s, test process (simulator, connector, senders) ${cpu.test.toFixed(1)} s`,
        `  healthz ${health.join('/')}; replica RSS idle ${idleMb.join('/')} MB, peak ${peakMb.join('/')} MB, after ${replicas.map((r) => r.rssMb()).join('/')} MB`,
        '',
      ].join('\n'),
    );

    expect(replicas.map((r) => r.alive())).toEqual([true, true]);
    expect(errors).toEqual([]);
    expect(missing).toEqual([]);
    expect(broken.map((r) => `${r.id} ${r.state}`)).toEqual([]);
    expect(health).toEqual([200, 200]);
    peakMb.forEach((peak, i) => expect(peak).toBeLessThan(idleMb[i] + RSS_GROWTH_MB));
    // Only approvals write, and only grants, assignments or new enterprise apps of apps the tenant has asked about.
    expect(writes.every((w) => /oauth2PermissionGrants|appRoleAssignedTo|servicePrincipals$/.test(w.path))).toBe(true);
    expect(rows.filter((r) => r.awaitingConfirmation && r.adminCard)).toEqual([]);
    // No stack trace from either process, whatever it was sent.
    for (const r of replicas) expect(r.output()).not.toMatch(/\n\s+at \S+ \(/);
  },
  TIMEOUT_MS,
);
