/**
 * A bounded mixed run against the production-mode bot (real JWT checks, two replicas sharing
 * storage): ADVERSARIAL_MIXED_ACTIVITIES activities (CI default 300; e.g. 5000 for a long run)
 * from 50 people, a tenth of them hostile (no token, an expired token, a gzip body, an oversized
 * body, broken JSON, another tenant, a made-up app's sign-in link, a malformed activity), with an
 * admin approving requests while it runs. Asserted: zero crashes (every request answered, no 5xx,
 * both replicas healthy), zero lost requests (every authenticated message answered, every stored
 * request pending or finished consistently, none left `approving`), no Graph write but the
 * approvals'. The figures are printed.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { signCardData } from '../../src/cards';
import { REQUEST_STATES, type ApprovalRequest } from '../../src/requests/model';
import { loadFixture, startSimulator, type RunningSimulator } from '../../sim';
import { botFrameworkEnv, mintChannelToken } from '../../sim/identity/bot-framework-client';
import { ADMIN_CHANNEL_CONVERSATION_ID, CARD_MAC_KEY, DEMO_FIXTURE, startAppHarness, teamsUserId, type AppHarness } from '../helpers/app-harness';
import { startTestAzurite, uniquePrefix, type TestAzurite } from '../helpers/azurite';
import { startFakeConnector, type FakeConnector } from '../helpers/connector';
import { assertSimCaTrusted } from '../helpers/sim';
import { actionExecuteActivity, messageActivity } from '../helpers/teams-activity';
import { graphWrites, settle } from '../integration/approvals/helpers';
import { CONTOSO } from '../../scripts/fixtures/contoso';

const ACTIVITIES = Number(process.env.ADVERSARIAL_MIXED_ACTIVITIES ?? 300);
const PEOPLE = 50;
const CONCURRENCY = 20;
const fixture = loadFixture(DEMO_FIXTURE);
const BOT = fixture.clients[0];
const OTHER_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

let sim: RunningSimulator;
let azurite: TestAzurite;
let connector: FakeConnector;
let a: AppHarness;
let b: AppHarness;

beforeAll(async () => {
  assertSimCaTrusted();
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  sim = await startSimulator({ fixtures: [fixture] });
  azurite = await startTestAzurite();
  connector = await startFakeConnector();
  const storePrefix = uniquePrefix();
  const env = { CONSENT_DOCTOR_MODE: 'production', HOST: '127.0.0.1', BOT_ID: BOT.appId, BOT_PASSWORD: BOT.secret, ...botFrameworkEnv(sim.url) };
  a = await startAppHarness({ sim, azurite, connector, storePrefix, env, logLevel: 'warn' });
  b = await startAppHarness({ sim, azurite, connector, storePrefix, env, logLevel: 'warn' });
  await a.useAdminChannel();
});

afterAll(async () => {
  jest.restoreAllMocks();
  await a?.stop();
  await b?.stop();
  await connector?.close();
  await azurite?.stop();
  await sim?.close();
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

interface Person { id: string; name: string }

const ORDINARY = [
  'help', 'status', 'The Qlik SharePoint connector asks for admin approval', 'Qlik OneDrive connector says Need admin approval',
  CONTOSO.apps.crm.appId, CONTOSO.apps.outlook.appId, 'the Azure Storage connector from Qlik wants approval',
];

it(`${ACTIVITIES} activities from ${PEOPLE} people, a tenth hostile: no crash, nothing lost`, async () => {
  const random = rng(16);
  const people: Person[] = [
    ...fixture.users.map((u) => ({ id: u.id, name: u.displayName })),
    ...Array.from({ length: PEOPLE - fixture.users.length }, (_, i) => ({ id: randomUUID(), name: `Visitor ${i}` })),
  ];
  const token = async (lifetimeSeconds?: number) => `Bearer ${await mintChannelToken(sim.url, { audience: BOT.appId, serviceUrl: connector.serviceUrl, lifetimeSeconds })}`;
  const valid = await token();
  const expired = await token(-3600);
  const alice = fixture.users.find((u) => u.userPrincipalName.startsWith('alice@'))!;
  const sentIds = new Set<string>();
  const statusCounts = new Map<string, number>();
  const errors: string[] = [];
  const count = (key: string) => statusCounts.set(key, (statusCounts.get(key) ?? 0) + 1);
  const since = connector.calls.length;
  sim.clearLog(a.tenantId);
  const started = Date.now();
  let approvals = 0;

  const message = (p: Person, text: string, tenantId = a.tenantId) => messageActivity({
    serviceUrl: connector.serviceUrl, tenantId, text, conversationId: `a:personal-${p.id}`, userId: `29:${p.id}`, userAadObjectId: p.id, userName: p.name,
  });
  const post = async (target: AppHarness, body: string | Buffer, headers: Record<string, string>) => {
    const res = await fetch(`${target.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    await res.text();
    return res.status;
  };

  const one = async (i: number): Promise<void> => {
    const target = i % 2 === 0 ? a : b;
    const person = people[Math.floor(random() * people.length)];
    const hostile = random() < 0.1;
    let kind: string;
    let status = 0;
    try {
      if (i % 50 === 49) {
        // An admin approves the oldest pending request with a card while the run goes on.
        kind = 'approve';
        const pending = (await a.store.requests.listByState(['pending'])).find((r) => r.value.adminCard && !r.value.awaitingConfirmation);
        if (!pending) { count('approve none-pending'); return; }
        approvals++;
        status = await post(target, JSON.stringify(actionExecuteActivity({
          serviceUrl: connector.serviceUrl, tenantId: a.tenantId, verb: 'approveAll', data: { ...signCardData(pending.value.id, CARD_MAC_KEY) },
          conversationType: 'channel', conversationId: ADMIN_CHANNEL_CONVERSATION_ID, channelId: ADMIN_CHANNEL_CONVERSATION_ID,
          userId: teamsUserId(alice), userAadObjectId: alice.id, userName: alice.displayName,
        })), { authorization: valid });
      } else if (!hostile) {
        kind = 'ordinary';
        const activity = message(person, ORDINARY[Math.floor(random() * ORDINARY.length)]);
        sentIds.add(activity.id);
        status = await post(target, JSON.stringify(activity), { authorization: valid });
      } else {
        const attacks = ['no_token', 'expired', 'gzip', 'oversized', 'bad_json', 'other_tenant', 'random_client', 'malformed'] as const;
        kind = attacks[Math.floor(random() * attacks.length)];
        const activity = message(person, 'help');
        switch (kind) {
          case 'no_token': status = await post(target, JSON.stringify(activity), {}); break;
          case 'expired': status = await post(target, JSON.stringify(activity), { authorization: expired }); break;
          case 'gzip': status = await post(target, gzipSync(JSON.stringify({ ...activity, text: ' '.repeat(2_000_000) })), { authorization: valid, 'content-encoding': 'gzip' }); break;
          case 'oversized': status = await post(target, JSON.stringify({ ...activity, text: 'x'.repeat(400 * 1024) }), { authorization: valid }); break;
          case 'bad_json': status = await post(target, '{"type":"message",', { authorization: valid }); break;
          case 'other_tenant': status = await post(target, JSON.stringify(message(person, 'help', OTHER_TENANT)), { authorization: valid }); break;
          case 'random_client': {
            const link = message(person, `https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${randomUUID()}&scope=Mail.ReadWrite`);
            sentIds.add(link.id);
            status = await post(target, JSON.stringify(link), { authorization: valid });
            break;
          }
          case 'malformed': status = await post(target, JSON.stringify({ ...activity, conversation: 42 }), { authorization: valid }); break;
        }
      }
      count(`${kind} ${status}`);
      if (status >= 500) errors.push(`#${i} ${kind}: ${status}`);
    } catch (err) {
      errors.push(`#${i}: no answer (${String((err as { cause?: unknown }).cause ?? err)})`);
    }
  };

  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < ACTIVITIES) await one(next++);
  }));
  await settle(a);
  await settle(b);
  const seconds = (Date.now() - started) / 1000;

  // Every authenticated message got at least one reply (an answer or the words about a limit).
  const repliedTo = new Set(connector.calls.slice(since).map((c) => c.body.replyToId).filter((id): id is string => typeof id === 'string'));
  const unanswered = [...sentIds].filter((id) => !repliedTo.has(id));
  const rows = (await a.store.requests.listByState([...REQUEST_STATES])).map((r) => r.value);
  const byState = rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.state]: (m[r.state] ?? 0) + 1 }), {});
  const inconsistent = rows.filter((r: ApprovalRequest) => r.state === 'approving'
    // Verification may rightly fail (a scope only Entra's admin consent link can grant, e.g. an
    // unresolved user_impersonation), but it must have run.
    || (r.state === 'approved' && typeof r.outcome?.verified !== 'boolean')
    || (r.state === 'pending' && !r.adminCard && !r.awaitingConfirmation));
  const writes = graphWrites(sim.log(a.tenantId));
  const health = await Promise.all([a, b].map(async (h) => (await fetch(`${h.url}/healthz`)).status));
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);

  process.stdout.write([
    `mixed run: ${ACTIVITIES} activities from ${PEOPLE} people in ${seconds.toFixed(1)} s (${(ACTIVITIES / seconds).toFixed(0)}/s), two replicas`,
    `  answers: ${[...statusCounts.entries()].sort().map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    `  crashes/no answer/5xx: ${errors.length}; authenticated messages without a reply: ${unanswered.length} of ${sentIds.size}`,
    `  requests: ${JSON.stringify(byState)} (${approvals} approvals clicked); inconsistent: ${inconsistent.length}; Graph writes: ${writes.length}`,
    `  healthz ${health.join('/')}; test process RSS ${rssMb} MB`,
    '',
  ].join('\n'));

  expect(errors).toEqual([]);
  expect(unanswered).toEqual([]);
  expect(inconsistent.map((r) => `${r.id} ${r.state}`)).toEqual([]);
  expect(health).toEqual([200, 200]);
  // Only approvals write, and only grants, assignments or new enterprise apps of apps the tenant has asked about.
  expect(writes.every((w) => /oauth2PermissionGrants|appRoleAssignedTo|servicePrincipals$/.test(w.path))).toBe(true);
  expect(rows.filter((r) => r.awaitingConfirmation && r.adminCard)).toEqual([]);
});
