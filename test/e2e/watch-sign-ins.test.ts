/**
 * Issue 20, proactive help from failed sign-ins, and both watchers degrading cleanly: two replicas
 * watch the simulated tenant's sign-in logs; people open the simulator's Entra sign-in page and hit
 * "Approval required" (AADSTS90095, recorded in the sign-in log as Entra does). Each gets one message
 * with the diagnosis one click away; a repeat, an ignored app or an open request gets none. A tenant
 * without Entra ID P1/P2, or a bot without the Graph permissions, gets no cards and no messages, and
 * /healthz and `doctor` say why instead of failing.
 */
import { loadFixture } from '../../sim/load-fixture';
import { gatherDoctorFacts } from '../../src/doctor/gather';
import { evaluateDoctor } from '../../src/doctor/checks';
import { checkHealth } from '../../src/health';
import { startWatchers, type Watchers, type WatchTick } from '../../src/watchers';
import { readWatchersHealth } from '../../src/watchers/health';
import { userConversationKey } from '../../src/approvals/approval-card-posting';
import {
  DEMO_FIXTURE,
  personalConversationId,
  replicaOf,
  startAppHarness,
  teamsUserId,
  useAppHarness,
  type AppHarness,
} from '../helpers/app-harness';
import { freePort } from '../helpers/processes';
import { BOT_ID } from '../helpers/teams-activity';
import type { ConnectorCall } from '../helpers/connector';
import { assertSimCaTrusted, simGraphConnection } from '../helpers/sim';
import { tempDirs } from '../helpers/temp-dirs';
import { attachedCard, cardText, settle } from '../integration/approvals/helpers';
import { askInChat } from './chat-helpers';
import { APPS, approvalCardPosts, channelPosts, signIn } from './watch-support';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ENV = { WATCH_ENTRA_REQUESTS: 'off', WATCH_SIGN_INS: 'on', WATCH_SIGN_INS_IGNORE_APPS: APPS.crm };

/** Help offers sent to a person: posts in their 1:1 chat, or in the 1:1 conversation the bot created with them. */
function offersTo(h: AppHarness, who: string): ConnectorCall[] {
  const user = h.user(who);
  const created = h.connector.calls
    .filter((c) => c.method === 'POST' && c.path.replace(/\/$/, '') === '/v3/conversations')
    .filter((c) =>
      ((c.body.members as Array<{ id?: string }> | undefined) ?? []).some(
        (m) => m.id === user.id || m.id === `29:${user.id}`,
      ),
    )
    .map((c) => c.responseId);
  const chats = new Set([personalConversationId(user), ...created]);
  return h.connector.calls.filter(
    (c) =>
      c.method === 'POST' &&
      c.conversationId !== null &&
      chats.has(c.conversationId) &&
      /I saw you hit/.test(cardText(attachedCard(c.body))),
  );
}

describe('sign-in help with two replicas', () => {
  const h1 = useAppHarness({ env: ENV, adminChannel: true });
  const h2 = useAppHarness(() => ({ env: ENV, ...replicaOf(h1) }));
  let w1: Watchers;
  let w2: Watchers;
  const both = (): Promise<WatchTick[]> => Promise.all([w1.tick(), w2.tick()]);
  const messaged = (ticks: WatchTick[]): number => ticks.reduce((n, t) => n + t.signIns.messaged, 0);

  beforeAll(() => {
    w1 = startWatchers(h1.services, { timer: false, runOnStart: false, replicaId: 'replica-1' });
    w2 = startWatchers(h2.services, { timer: false, runOnStart: false, replicaId: 'replica-2' });
  });

  test('the first run only marks where to start: nobody is messaged about sign-ins from before', async () => {
    const ticks = await both();
    expect(ticks.map((t) => t.signIns.run.status)).toEqual(['ok', 'ok']);
    expect(messaged(ticks)).toBe(0);
    expect(await h1.store.watch.signInsSince(new Date(0))).toBeTruthy();
  });

  test('a consent-error sign-in produces one proactive message across both replicas, with the diagnosis one click away', async () => {
    expect(await signIn(h1, 'grace', APPS.outlook)).toBe('Approval required');
    expect(h1.sim.tenant(h1.tenantId).signIns.at(-1)).toMatchObject({
      userId: h1.user('grace').id,
      appId: APPS.outlook,
      status: { errorCode: 90095 },
    });
    const ticks = await both();
    expect(messaged(ticks)).toBe(1);
    const offers = offersTo(h1, 'grace');
    expect(offers).toHaveLength(1);
    const card = attachedCard(offers[0].body);
    expect(cardText(card)).toContain('I saw you hit "Need admin approval" for **Qlik Web Connectors (Outlook 365)**');
    expect(cardText(card)).toContain('AADSTS90095');
    expect(JSON.stringify(card)).toContain(`"verb":"chooseApp"`);
    expect(JSON.stringify(card)).toContain(`"appId":"${APPS.outlook}"`);
  });

  test('a repeat produces none (same day, same app), on either replica', async () => {
    await signIn(h1, 'grace', APPS.outlook);
    await signIn(h1, 'grace', APPS.outlook);
    expect(messaged(await both())).toBe(0);
    expect(offersTo(h1, 'grace')).toHaveLength(1);
  });

  test('never for an app on the ignore list', async () => {
    expect(await signIn(h1, 'grace', APPS.crm)).toBe('Approval required');
    expect(messaged(await both())).toBe(0);
  });

  test('never for a person who already asked the admins about that app', async () => {
    await askInChat(h1, 'erin', APPS.sharePoint);
    expect(await signIn(h1, 'erin', APPS.sharePoint)).toBe('Approval required');
    expect(messaged(await both())).toBe(0);
    expect(offersTo(h1, 'erin')).toHaveLength(0);
  });

  test('a person the Bot Connector cannot reach is not counted as messaged, and the channel hears no "Sorry"', async () => {
    const heidi = h1.user('heidi');
    const closed = await freePort();
    await h1.store.conversations.save(userConversationKey(heidi.id), {
      bot: { id: BOT_ID, name: 'Consent Doctor' },
      channelId: 'msteams',
      serviceUrl: `http://127.0.0.1:${closed}/`,
      conversation: {
        id: personalConversationId(heidi),
        conversationType: 'personal',
        isGroup: false,
        tenantId: h1.tenantId,
        name: '',
      },
      user: { id: teamsUserId(heidi), name: heidi.displayName, aadObjectId: heidi.id },
    });
    expect(await signIn(h1, 'heidi', APPS.outlook)).toBe('Approval required');
    const ticks = await both();
    expect(messaged(ticks)).toBe(0);
    // Either replica may win the claim and try the send: read both replicas' logs.
    const logs = [...h1.logs, ...h2.logs];
    expect(logs.some((l) => l.msg === 'could not message the person' && l.userId === heidi.id)).toBe(true);
    expect(logs.filter((l) => l.msg === 'turn failed')).toEqual([]);
    expect(h1.connector.sentMessages().filter((m) => /Sorry/.test(String(m.text ?? '')))).toEqual([]);
  });

  test('the button diagnoses the person who clicks and asks the admins when they must act', async () => {
    const cardsBefore = approvalCardPosts(h1).length;
    const res = await h1.click(
      'grace',
      'chooseApp',
      { appId: APPS.outlook },
      { conversationId: personalConversationId(h1.user('grace')), conversationType: 'personal' },
    );
    await settle(h1);
    expect(res.status).toBe(200);
    expect(cardText((res.json as { value?: unknown }).value)).toMatch(/Qlik Web Connectors \(Outlook 365\)/);
    expect(approvalCardPosts(h1)).toHaveLength(cardsBefore + 1);
    const request = (await h1.store.requests.listByRequester(h1.user('grace').id))[0]?.value;
    expect(request?.appId).toBe(APPS.outlook);
  });
});

describe('both watchers degrade cleanly', () => {
  const dirs = tempDirs();
  const fixtureFile = (name: string, change: (f: ReturnType<typeof loadFixture>) => void): string => {
    const fixture = loadFixture(DEMO_FIXTURE);
    change(fixture);
    const file = join(dirs.make('watch-fixture-'), `${name}.json`);
    writeFileSync(file, JSON.stringify(fixture));
    return file;
  };
  const ON = { WATCH_ENTRA_REQUESTS: 'on', WATCH_SIGN_INS: 'on' };

  async function doctorOf(h: AppHarness) {
    const facts = await gatherDoctorFacts({
      mode: 'simulator',
      tenantId: h.tenantId,
      configProblems: [],
      graph: simGraphConnection(h.sim, h.tenantId),
      storage: { store: h.store },
      adminChannelId: null,
      watchers: h.services.config.watchers,
    });
    return evaluateDoctor(facts);
  }

  test('a tenant without Entra ID P1/P2: Entra requests still become cards, sign-in help reports "not premium"', async () => {
    assertSimCaTrusted();
    const h = await startAppHarness({
      fixture: fixtureFile('no-premium', (f) => {
        f.tenant.premium = false;
      }),
      env: ON,
    });
    try {
      await h.useAdminChannel();
      const w = startWatchers(h.services, { timer: false, runOnStart: false });
      const tick = await w.tick();
      expect(tick.entra.run.status).toBe('ok');
      expect(tick.signIns.run).toMatchObject({ status: 'not_premium', permission: null });
      expect(await signIn(h, 'grace', APPS.outlook)).toBe('Approval required');
      expect((await w.tick()).signIns.messaged).toBe(0);

      const health = await checkHealth({
        version: 't',
        mode: 'local',
        storage: h.store.ping,
        watchers: () => readWatchersHealth(h.services.config.watchers, h.store.watch),
      });
      expect(health.status).toBe('ok');
      expect(health.watchers).toMatchObject({
        signIns: { enabled: true, lastRun: { status: 'not_premium' } },
        entraRequests: { enabled: true, lastRun: { status: 'ok' } },
      });
      const report = await doctorOf(h);
      expect(report.checks.find((c) => c.id === 'watcher:sign-ins')).toMatchObject({
        status: 'warn',
        detail: expect.stringContaining('no Entra ID P1/P2'),
      });
      expect(report.checks.find((c) => c.id === 'watcher:entra-requests')?.status).toBe('ok');
    } finally {
      await h.stop();
    }
  });

  test('a bot without ConsentRequest.Read.All and AuditLog.Read.All: no cards, no messages, and health and doctor name the permissions', async () => {
    const missing = ['ConsentRequest.Read.All', 'AuditLog.Read.All'];
    const h = await startAppHarness({
      fixture: fixtureFile('no-permissions', (f) => {
        f.clients = f.clients.map((c) => ({ ...c, roles: c.roles.filter((r) => !missing.includes(r)) }));
      }),
      env: ON,
    });
    try {
      await h.useAdminChannel();
      const w = startWatchers(h.services, { timer: false, runOnStart: false });
      const tick = await w.tick();
      expect(tick.entra.run).toMatchObject({ status: 'forbidden', permission: 'ConsentRequest.Read.All' });
      expect(tick.signIns.run).toMatchObject({ status: 'forbidden', permission: 'AuditLog.Read.All' });
      expect(channelPosts(h)).toHaveLength(0);
      expect(await h.store.watch.baseline()).toBeNull();

      const health = await checkHealth({
        version: 't',
        mode: 'local',
        storage: h.store.ping,
        watchers: () => readWatchersHealth(h.services.config.watchers, h.store.watch),
      });
      expect(health.status).toBe('ok');
      expect(health.watchers).toMatchObject({
        entraRequests: { lastRun: { status: 'forbidden', missingPermission: 'ConsentRequest.Read.All' } },
        signIns: { lastRun: { status: 'forbidden', missingPermission: 'AuditLog.Read.All' } },
      });
      const report = await doctorOf(h);
      expect(report.checks.find((c) => c.id === 'watcher:entra-requests')).toMatchObject({
        status: 'warn',
        detail: expect.stringContaining('lacks ConsentRequest.Read.All'),
      });
      expect(report.checks.find((c) => c.id === 'watcher:sign-ins')).toMatchObject({
        status: 'warn',
        detail: expect.stringContaining('lacks AuditLog.Read.All'),
      });
    } finally {
      await h.stop();
    }
  });

  test('off (the production default): nothing is read, and health says off', async () => {
    const h = await startAppHarness({ env: { WATCH_ENTRA_REQUESTS: 'off', WATCH_SIGN_INS: 'off' } });
    try {
      await h.useAdminChannel();
      h.sim.clearLog(h.tenantId);
      const tick = await startWatchers(h.services, { timer: false, runOnStart: false }).tick();
      expect([tick.entra.run.status, tick.signIns.run.status]).toEqual(['off', 'off']);
      expect(h.sim.log(h.tenantId).filter((e) => e.kind === 'graph')).toEqual([]);
      expect(await readWatchersHealth(h.services.config.watchers, h.store.watch)).toMatchObject({
        entraRequests: { enabled: false },
        signIns: { enabled: false },
      });
    } finally {
      await h.stop();
    }
  });
});
