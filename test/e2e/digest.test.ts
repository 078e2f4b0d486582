/**
 * The digest end to end: two bot replicas sharing one Azurite, one simulated tenant and one Bot
 * Connector tick the same slots (one digest each), catch up once after downtime, answer the
 * `digest` command in the admins' channel, and expire overdue requests with a 1:1 notice.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadFixture } from '../../sim/load-fixture';
import { sendDigestNow } from '../../src/digest';
import { NOT_HERE_TEXT } from '../../src/teams/handlers/digest-command';
import { runDigestTick, startDigestScheduler, type DigestScheduler, type TickResult } from '../../src/digest/scheduler';
import type { ConnectorCall } from '../helpers/connector';
import {
  ADMIN_CHANNEL_CONVERSATION_ID,
  DEMO_FIXTURE,
  personalConversationId,
  replicaOf,
  useAppHarness,
} from '../helpers/app-harness';
import { tempDirs } from '../helpers/temp-dirs';
import { attachedCard, cardText } from '../integration/approvals/helpers';
import { messageActivity } from '../helpers/teams-activity';
import { demoRequest } from '../integration/digest/requests';
import { requesterOf } from '../helpers/request-rows';

const ENV = { DIGEST_CRON: '0 9 * * 1-5', DIGEST_TIMEZONE: 'Europe/Berlin', REQUEST_EXPIRY_DAYS: '30' };
/** Weekdays 09:00 in Berlin in June (CEST) = 07:00 UTC. */
const slot = (day: number): Date => new Date(`2025-06-${String(day).padStart(2, '0')}T07:00:00Z`);

const cardOf = (call: ConnectorCall): unknown => attachedCard(call.body);
const isDigest = (call: ConnectorCall): boolean =>
  call.method === 'POST' &&
  call.conversationId?.split(';')[0] === ADMIN_CHANNEL_CONVERSATION_ID &&
  cardText(cardOf(call)).startsWith('Consent Doctor digest');

describe('digest with two replicas', () => {
  const clock = { now: slot(16) };
  const h1 = useAppHarness({ env: ENV, now: () => clock.now });
  const h2 = useAppHarness(() => ({ env: ENV, now: () => clock.now, ...replicaOf(h1) }));
  let s1: DigestScheduler;
  let s2: DigestScheduler;
  const digests = (): ConnectorCall[] => h1.connector.calls.filter(isDigest);
  const bothTick = async (): Promise<TickResult[]> => Promise.all([s1.tick(), s2.tick()]);

  beforeAll(async () => {
    s1 = startDigestScheduler(h1.services, { timer: false, runOnStart: false, replicaId: 'replica-1' });
    s2 = startDigestScheduler(h2.services, { timer: false, runOnStart: false, replicaId: 'replica-2' });
    await h1.store.requests.create(
      demoRequest(h1.tenantId, h1.user('alice'), 'req-ben', '2025-06-12T10:00:00Z', {
        requester: requesterOf(h1.user('ben')),
      }),
    );
    await h1.store.requests.create(demoRequest(h1.tenantId, h1.user('carol'), 'req-carol', '2025-06-14T10:00:00Z'));
  });
  afterAll(() => {
    s1?.stop();
    s2?.stop();
  });

  test("without an admins' channel nothing is claimed or posted", async () => {
    const results = await bothTick();
    expect(results.map((r) => r.status)).toEqual(['no_channel', 'no_channel']);
    expect(await h1.store.digestSlots.latest()).toBeNull();
  });

  test('each slot is posted exactly once although both replicas tick it at the same moment', async () => {
    await h1.useAdminChannel();
    for (const [i, day] of [16, 17, 18].entries()) {
      clock.now = new Date(slot(day).getTime() + 20);
      const results = await bothTick();
      expect(results.filter((r) => r.status === 'sent')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'claimed_elsewhere' || r.status === 'not_due')).toHaveLength(1);
      expect(digests()).toHaveLength(i + 1);
      // Ticking again in the same slot (a restart, a late timer) posts nothing more.
      clock.now = new Date(slot(day).getTime() + 3_600_000);
      expect((await bothTick()).map((r) => r.status)).toEqual(['not_due', 'not_due']);
      expect(digests()).toHaveLength(i + 1);
    }
    expect((await h1.store.digestSlots.latest())?.slot).toBe(slot(18).toISOString());
  });

  test('after downtime over Thursday and Friday, one catch-up digest on start-up, not two', async () => {
    clock.now = new Date('2025-06-23T05:30:00Z'); // Monday 07:30 Berlin, before Monday's slot
    const results = await bothTick();
    const sent = results.filter((r) => r.status === 'sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ slot: slot(20).toISOString() });
    expect(digests()).toHaveLength(4);
    expect((await bothTick()).map((r) => r.status)).toEqual(['not_due', 'not_due']);
    expect(digests()).toHaveLength(4);
  });

  test("the digest shows the bot's pending requests and the Entra queue of the tenant", () => {
    const text = cardText(cardOf(digests()[3]));
    expect(text).toContain(
      `**${'Qlik Web Connectors (Office 365 SharePoint)'}**, asked by ${h1.user('ben').displayName}, waiting 10 days.`,
    );
    expect(text).toContain(`asked by ${h1.user('carol').displayName}, waiting 8 days.`);
    expect(text).toContain('Proposed: Grant delegated permissions on Microsoft Graph for all users');
    // The demo tenant's Entra request (scripts/fixtures/contoso.ts): Heidi, Dynamics 365 CRM connector.
    expect(text).toContain(
      '**Qlik Web Connectors (Dynamics 365 CRM)** (f61a6a12-70d6-41b4-b6e6-e5b11da7d08e), asked by Heidi Marketing on 2025-06-10 08:15 UTC, expires 2025-07-10 08:15 UTC.',
    );
    expect(text).toMatch(/Waiting for approval here\n2 \(oldest waiting 10 days\)/);
    // Plus Carol's (SharePoint) and Dave's (Outlook) requests: the demo's evidence of what those apps ask for.
    expect(text).toMatch(/Entra consent requests in progress\n3\n/);
  });

  test('"digest" in the admins\' channel posts one now, in reply; elsewhere the bot says where to ask', async () => {
    const before = digests().length;
    clock.now = new Date('2025-06-23T12:00:00Z');
    const { status, activity } = await h2.sayInAdminChannel('alice', 'digest');
    expect(status).toBe(200);
    const reply = await h1.connector.waitFor((c) => isDigest(c) && c.activityId === activity.id);
    expect(cardText(cardOf(reply))).toContain('Heidi Marketing');
    expect(digests()).toHaveLength(before + 1);
    // The command does not claim a slot.
    expect((await h1.store.digestSlots.latest())?.slot).toBe(slot(20).toISOString());

    const elsewhere = messageActivity({
      serviceUrl: h1.connector.serviceUrl,
      tenantId: h1.tenantId,
      text: 'digest',
      conversationType: 'channel',
      conversationId: '19:random@thread.tacv2',
      userId: `29:${h1.user('alice').id}`,
      userAadObjectId: h1.user('alice').id,
      userName: h1.user('alice').displayName,
    });
    expect((await h1.post(elsewhere)).status).toBe(200);
    const answer = await h1.connector.waitFor(
      (c) => c.conversationId === '19:random@thread.tacv2' && c.method === 'POST' && c.body.type === 'message',
    );
    expect(answer.body.text).toBe(NOT_HERE_TEXT);
    expect(digests()).toHaveLength(before + 1);
  });

  test('a request pending past REQUEST_EXPIRY_DAYS expires once, its card is updated and its requester is told 1:1', async () => {
    const erin = h1.user('erin');
    await h1.store.conversations.save(`user:${erin.id}`, {
      channelId: 'msteams',
      serviceUrl: h1.connector.serviceUrl,
      bot: { id: '28:consent-doctor-bot', name: 'Consent Doctor' },
      conversation: {
        id: personalConversationId(erin),
        conversationType: 'personal',
        isGroup: false,
        tenantId: h1.tenantId,
        name: '',
      },
      user: { id: `29:${erin.id}`, name: erin.displayName },
    });
    await h1.store.requests.create(
      demoRequest(h1.tenantId, erin, 'req-old', '2025-05-20T08:00:00Z', {
        adminCard: {
          conversationId: ADMIN_CHANNEL_CONVERSATION_ID,
          activityId: 'card-old',
          serviceUrl: h1.connector.serviceUrl,
        },
      }),
    );
    clock.now = new Date('2025-06-19T08:00:00Z'); // 30 days after creation: due to expire
    const results = await bothTick();
    expect(results.reduce((n, r) => n + ('expired' in r ? r.expired : 0), 0)).toBe(1);

    const stored = await h1.store.requests.get('req-old');
    expect(stored?.value.state).toBe('expired');
    const notices = h1.connector.calls.filter(
      (c) => c.method === 'POST' && c.conversationId === personalConversationId(erin),
    );
    expect(notices).toHaveLength(1);
    expect(cardText(cardOf(notices[0]))).toContain(
      `Your request for ${'Qlik Web Connectors (Office 365 SharePoint)'} expired`,
    );
    const updates = h1.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === 'card-old');
    expect(updates).toHaveLength(1);
    expect(cardText(cardOf(updates[0]))).toMatch(/Expired/i);
    expect((await h1.store.audit.list('req-old')).map((e) => e.action)).toContain('expire');
    // Requests that are not overdue stay pending.
    expect((await h1.store.requests.get('req-ben'))?.value.state).toBe('pending');
  });

  test('a failed approval never expires and the digest lists it as waiting, with its Graph error', async () => {
    const dave = h1.user('dave');
    await h1.store.requests.create(
      demoRequest(h1.tenantId, dave, 'req-failed', '2025-05-01T08:00:00Z', {
        state: 'failed',
        outcome: { steps: [], verified: null, error: 'NOT_WRITTEN' },
      }),
    );
    clock.now = new Date('2025-06-24T08:00:00Z'); // long past REQUEST_EXPIRY_DAYS
    await bothTick();
    expect((await h1.store.requests.get('req-failed'))?.value.state).toBe('failed');

    const { activity } = await h2.sayInAdminChannel('alice', 'digest');
    const text = cardText(cardOf(await h1.connector.waitFor((c) => isDigest(c) && c.activityId === activity.id)));
    expect(text).toMatch(
      new RegExp(
        `asked by ${dave.displayName}, waiting 54 days\\. Proposed: [^\\n]*\\. The approved fix failed \\(NOT_WRITTEN\\): approve again or deny on the card\\.`,
      ),
    );
  });
});

describe("digest when the bot may not read Entra's queue", () => {
  const dirs = tempDirs();
  const clock = { now: new Date('2025-06-16T07:00:00Z') };
  const h = useAppHarness(() => {
    const fixture = loadFixture(DEMO_FIXTURE);
    fixture.clients = fixture.clients.map((c) => ({
      ...c,
      roles: c.roles.filter((r) => r !== 'ConsentRequest.Read.All'),
    }));
    const file = path.join(dirs.make('digest-fixture-'), 'no-consent-requests.json');
    writeFileSync(file, JSON.stringify(fixture));
    return { fixture: file, env: ENV, now: () => clock.now, adminChannel: true };
  });
  beforeAll(async () => {
    await h.store.requests.create(demoRequest(h.tenantId, h.user('alice'), 'req-1', '2025-06-12T10:00:00Z'));
  });

  test("the digest still posts the bot's requests and says which permission is missing", async () => {
    const result = await sendDigestNow(h.services);
    expect(result.status).toBe('sent');
    const call = h.connector.calls.find(isDigest);
    const text = cardText(call ? cardOf(call) : null);
    expect(text).toContain("Entra's admin consent requests could not be read");
    expect(text).toContain('**ConsentRequest.Read.All**');
    expect(text).toContain(`asked by ${h.user('alice').displayName}, waiting 3 days.`);
    expect(text).not.toMatch(/error|stack|at \w+ \(/i);
  });

  test('startDigest ticks once at start (the on-time slot is posted) and arms the cron timer until stopped', async () => {
    let resolveTick: (r: TickResult) => void = () => {};
    const firstTick = new Promise<TickResult>((resolve) => {
      resolveTick = resolve;
    });
    const scheduler = startDigestScheduler(h.services, { onTick: (r) => resolveTick(r) });
    try {
      expect(await firstTick).toMatchObject({ status: 'sent', slot: '2025-06-16T07:00:00.000Z' });
      const next = scheduler.nextRun();
      expect(next).not.toBeNull();
      expect(next!.getTime()).toBeGreaterThan(Date.now());
      expect([1, 2, 3, 4, 5]).toContain(
        new Date(next!.toLocaleString('en-US', { timeZone: 'Europe/Berlin' })).getDay(),
      );
      expect(next!.toLocaleTimeString('en-GB', { timeZone: 'Europe/Berlin' })).toBe('09:00:00');
    } finally {
      scheduler.stop();
    }
    expect(scheduler.nextRun()).toBeNull();
  });

  test('a digest the Bot Connector refuses gives its slot back, and the next tick catches it up', async () => {
    clock.now = new Date('2025-06-17T07:00:05Z');
    const channel = await h.store.conversations.get('admin-channel');
    await h.store.conversations.save('admin-channel', {
      ...channel,
      serviceUrl: `${h.connector.serviceUrl}unknown-route/`,
    });
    const failed = await runDigestTick(h.services, 'replica-x');
    expect(failed).toMatchObject({ status: 'failed', slot: '2025-06-17T07:00:00.000Z' });
    if (failed.status === 'failed') expect(failed.error).not.toContain('\n    at ');
    expect((await h.store.digestSlots.latest())?.slot).toBe('2025-06-16T07:00:00.000Z');

    await h.useAdminChannel();
    clock.now = new Date('2025-06-17T09:00:00Z');
    expect(await runDigestTick(h.services, 'replica-x')).toMatchObject({
      status: 'sent',
      slot: '2025-06-17T07:00:00.000Z',
    });
  });
});
