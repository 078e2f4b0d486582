/**
 * Issue 20, Entra's requests as cards: two bot replicas sharing one Azurite, one simulated tenant
 * and one Bot Connector watch Entra's admin consent workflow. People press "Request approval" on the
 * simulator's Entra sign-in page; the watchers' runs (ticked directly, no timers) turn each new
 * userConsentRequest into one approval card, take a baseline first, link a chat request and an Entra
 * request for the same fix, never repost after a restart, and after a decision say that Entra's own
 * request stays open, while the digest stops listing it as waiting.
 */
import { signCardData } from '../../src/cards';
import { composeDigest } from '../../src/digest/send';
import { startWatchers, type Watchers, type WatchTick } from '../../src/watchers';
import { ADMIN_CHANNEL_KEY } from '../../src/approvals/approval-card-posting';
import {
  ADMIN_CHANNEL_CONVERSATION_ID,
  CARD_MAC_KEY,
  replicaOf,
  startAppHarness,
  useAppHarness,
} from '../helpers/app-harness';
import { freePort } from '../helpers/processes';
import { BOT_ID } from '../helpers/teams-activity';
import { attachedCard, cardText, invokeAnswer, settle } from '../integration/approvals/helpers';
import { askInChat } from './chat-helpers';
import { APPS, approvalCardPosts, channelPosts, channelUpdates, requestApprovalInEntra, textOf } from './watch-support';

const ENV = { WATCH_ENTRA_REQUESTS: 'on', WATCH_SIGN_INS: 'off', WATCH_MAX_CARDS_PER_RUN: '5' };

describe('Entra request watcher with two replicas', () => {
  const h1 = useAppHarness({ env: ENV });
  const h2 = useAppHarness(() => ({ env: ENV, ...replicaOf(h1) }));
  let w1: Watchers;
  let w2: Watchers;
  const both = (): Promise<WatchTick[]> => Promise.all([w1.tick(), w2.tick()]);
  const posted = (ticks: WatchTick[]): number => ticks.reduce((n, t) => n + t.entra.posted, 0);

  beforeAll(() => {
    w1 = startWatchers(h1.services, { timer: false, runOnStart: false, replicaId: 'replica-1' });
    w2 = startWatchers(h2.services, { timer: false, runOnStart: false, replicaId: 'replica-2' });
  });

  test("without an admins' channel nothing is recorded (the baseline waits for a channel)", async () => {
    const ticks = await both();
    expect(ticks.map((t) => t.entra.run.status)).toEqual(['no_channel', 'no_channel']);
    expect(await h1.store.watch.baseline()).toBeNull();
    expect(await h1.store.watch.entraRequests()).toEqual([]);
  });

  test('the first run takes a baseline: one summary for the requests already waiting, no flood of cards', async () => {
    await h1.useAdminChannel();
    const ticks = await both();
    expect(ticks.map((t) => t.entra.run.status)).toEqual(['ok', 'ok']);
    const summaries = channelPosts(h1);
    expect(summaries).toHaveLength(1);
    // The demo tenant has three requests in progress (Carol, Dave, Heidi).
    expect(textOf(summaries[0])).toMatch(/3 requests were already waiting/);
    expect(textOf(summaries[0])).toContain('Qlik Web Connectors (Dynamics 365 CRM)');
    expect(approvalCardPosts(h1)).toHaveLength(0);
    const claims = await h1.store.watch.entraRequests();
    expect(claims.map((c) => c.handling)).toEqual(['baseline', 'baseline', 'baseline']);
    // Later runs post nothing for them.
    await both();
    expect(channelPosts(h1)).toHaveLength(1);
  });

  let graceCard = '';
  test('a new Entra request appears as one approval card across both replicas, with the requester, reason and scopes', async () => {
    await requestApprovalInEntra(h1, 'grace', APPS.outlook, 'Weekly customer mail export');
    const ticks = await both();
    expect(posted(ticks)).toBe(1);
    const cards = approvalCardPosts(h1);
    expect(cards).toHaveLength(1);
    graceCard = cards[0].responseId;
    const text = cardText(attachedCard(cards[0].body));
    expect(text).toContain(h1.user('grace').displayName);
    expect(text).toContain('Weekly customer mail export');
    expect(text).toMatch(/Scopes Entra recorded: Mail\.Read, offline_access, User\.Read/);
    expect(text).toMatch(/Also waiting in Entra's admin consent workflow/);
    // The same diagnosis and buttons as a chat request.
    const verbs = JSON.stringify(attachedCard(cards[0].body));
    expect(verbs).toContain('"verb":"deny"');
    const request = (await h1.store.requests.listByRequester(h1.user('grace').id))[0]?.value;
    expect(request?.entraRequests?.map((e) => e.reason)).toEqual(['Weekly customer mail export']);
    expect(request?.adminCard?.activityId).toBe(graceCard);
    expect(request?.diagnosis.findings.map((f) => f.code)).toContain('CONSENT_REQUEST_PENDING');
  });

  test('a second requester of the same app is reported, keyed by their own userConsentRequest', async () => {
    const before = h1.connector.calls.length;
    await requestApprovalInEntra(h1, 'erin', APPS.outlook, 'Need it for the support mailbox');
    const ticks = await both();
    expect(posted(ticks)).toBe(1);
    const erin = h1.user('erin');
    const outlook = h1.sim.tenant(h1.tenantId).appConsentRequests.find((r) => r.appId === APPS.outlook)!;
    // Entra keeps one request per app and adds a userConsentRequest per person.
    expect(outlook.userConsentRequests.map((u) => u.createdBy.user.displayName)).toEqual(
      expect.arrayContaining([h1.user('grace').displayName, erin.displayName]),
    );
    const erinEntra = outlook.userConsentRequests.find((u) => u.createdBy.user.id === erin.id)!;
    const erinClaim = (await h1.store.watch.entraRequests()).find((c) => c.userConsentRequestId === erinEntra.id);
    expect(erinClaim).toMatchObject({ handling: 'posted' });
    const erinRequest = (await h1.store.requests.get(erinClaim!.requestId!))!.value;
    const named = [erinRequest.requester, ...erinRequest.linkedRequesters].map((p) => p.aadObjectId);
    expect(named).toContain(erin.id);
    expect(erinRequest.entraRequests?.map((e) => e.userConsentRequestId)).toContain(erinEntra.id);
    // Erin reaches the channel: on Grace's card (the same tenant-wide fix) or on a card of her own.
    const since = h1.connector.calls.slice(before);
    const erinShown = since.filter(
      (c) => (c.method === 'PUT' || c.method === 'POST') && textOf(c).includes('Need it for the support mailbox'),
    );
    expect(erinShown.length).toBeGreaterThanOrEqual(1);
  });

  test('a chat request and an Entra request for the same fix are linked, not doubled', async () => {
    await askInChat(h1, 'erin', APPS.sharePoint);
    const chatRequest = (await h1.store.requests.listByRequester(h1.user('erin').id)).find(
      (r) => r.value.appId === APPS.sharePoint,
    )?.value;
    expect(chatRequest?.adminCard).toBeTruthy();
    const cardsBefore = approvalCardPosts(h1).length;
    await requestApprovalInEntra(h1, 'erin', APPS.sharePoint, 'Same as I told the bot');
    await both();
    expect(approvalCardPosts(h1)).toHaveLength(cardsBefore);
    const after = (await h1.store.requests.get(chatRequest!.id))!.value;
    expect(after.entraRequests?.map((e) => e.reason)).toEqual(['Same as I told the bot']);
    const updates = channelUpdates(h1, chatRequest!.adminCard!.activityId);
    expect(textOf(updates.at(-1)!)).toContain('Same as I told the bot');
  });

  test('a restarted replica does not repost anything', async () => {
    const postsBefore = channelPosts(h1).length;
    const h3 = await startAppHarness({ env: ENV, ...replicaOf(h1) });
    try {
      const w3 = startWatchers(h3.services, { timer: false, runOnStart: false, replicaId: 'replica-3' });
      const tick = await w3.tick();
      expect(tick.entra).toMatchObject({ posted: 0, overflow: 0, baseline: null });
      expect(channelPosts(h1)).toHaveLength(postsBefore);
    } finally {
      await h3.stop();
    }
  });

  test("after a decision the card says Entra's request stays open and links to it; the digest stops listing it as waiting", async () => {
    const grace = (await h1.store.requests.listByRequester(h1.user('grace').id))[0].value;
    const answer = invokeAnswer(
      await h1.click('alice', 'deny', {
        ...signCardData(grace.id, CARD_MAC_KEY),
        denyReason: 'Use the approved mail connector.',
      }),
    );
    await settle(h1);
    expect(answer.statusCode).toBe(200);
    const last = channelUpdates(h1, graceCard).at(-1)!;
    const card = attachedCard(last.body);
    expect(cardText(card)).toMatch(
      /Entra's own requests? (is|are) still open[\s\S]*Microsoft Graph cannot approve or deny/,
    );
    expect(JSON.stringify(card)).toContain('StartboardApplicationsMenuBlade/~/AccessRequests');

    const digest = await composeDigest(h1.services, new Date());
    const text = cardText(digest.card);
    expect(text).toMatch(/decided here but (is|are) still open in Entra/);
    // Grace's Entra request is no longer listed in Entra's queue as waiting; Heidi's (baseline) still is.
    expect(text).not.toMatch(/asked by Grace/);
    expect(text).toContain('Heidi Marketing');
  });
});

describe('Entra request watcher, baseline when the channel does not answer yet', () => {
  const h = useAppHarness({ env: ENV });

  test('the summary is posted by the next run, once, and nobody reads "Sorry" in the channel', async () => {
    // The admins' channel is known but its Bot Connector refuses connections (in local mode: the Playground is still starting).
    const closed = await freePort();
    await h.store.conversations.save(ADMIN_CHANNEL_KEY, {
      bot: { id: BOT_ID, name: 'Consent Doctor' },
      channelId: 'msteams',
      serviceUrl: `http://127.0.0.1:${closed}/`,
      conversation: {
        id: ADMIN_CHANNEL_CONVERSATION_ID,
        conversationType: 'channel',
        isGroup: true,
        tenantId: h.tenantId,
        name: 'Approvals',
      },
    });
    const w = startWatchers(h.services, { timer: false, runOnStart: false, replicaId: 'early' });
    expect((await w.tick()).entra.run.status).toBe('failed');
    expect(await h.store.watch.baseline()).toBeNull();
    await h.useAdminChannel();
    const tick = await w.tick();
    expect(tick.entra).toMatchObject({ run: { status: 'ok' }, baseline: 3 });
    await w.tick();
    const posts = channelPosts(h);
    expect(posts).toHaveLength(1);
    expect(textOf(posts[0])).toMatch(/3 requests were already waiting, for /);
    expect(h.connector.sentMessages().filter((m) => /Sorry/.test(String(m.text ?? '')))).toEqual([]);
    expect(approvalCardPosts(h)).toHaveLength(0);
  });
});

describe('Entra request watcher, per-run cap', () => {
  const h = useAppHarness({ env: { ...ENV, WATCH_MAX_CARDS_PER_RUN: '1' }, adminChannel: true });

  test('more new requests than the cap: one card, one line about the rest, which the digest keeps listing', async () => {
    const w = startWatchers(h.services, { timer: false, runOnStart: false, replicaId: 'capped' });
    await w.tick();
    const afterBaseline = channelPosts(h).length;
    await requestApprovalInEntra(h, 'grace', APPS.crm, 'CRM reports');
    await requestApprovalInEntra(h, 'erin', APPS.sharePoint, 'Files for the audit');
    const tick = await w.tick();
    expect(tick.entra).toMatchObject({ posted: 1, overflow: 1 });
    const posts = channelPosts(h).slice(afterBaseline);
    expect(posts).toHaveLength(2);
    expect(textOf(posts[1])).toMatch(/1 more new Entra consent request arrived \(more than 1 at once\)/);
    expect(cardText((await composeDigest(h.services, new Date())).card)).toContain(h.user('erin').displayName);
    // Not posted later either: the digest has it.
    expect((await w.tick()).entra.posted).toBe(0);
  });

  test('a claim left unfinished by a stopped replica is taken over once it is stale, and only then', async () => {
    const w = startWatchers(h.services, { timer: false, runOnStart: false, replicaId: 'capped' });
    await requestApprovalInEntra(h, 'erin', APPS.outlook, 'Mail for the help desk');
    const outlook = h.sim.tenant(h.tenantId).appConsentRequests.find((r) => r.appId === APPS.outlook)!;
    const erinEntra = outlook.userConsentRequests.find((u) => u.createdBy.user.id === h.user('erin').id)!;
    const claim = {
      userConsentRequestId: erinEntra.id,
      appConsentRequestId: outlook.id,
      appId: APPS.outlook,
      handling: 'claimed' as const,
      requestId: null,
      claimedBy: 'stopped-replica',
    };
    const fresh = await h.store.watch.claimEntraRequest({ ...claim, claimedAt: new Date().toISOString() });
    expect(fresh.inserted).toBe(true);
    // Another replica is still working on it: nothing happens.
    expect((await w.tick()).entra.posted).toBe(0);
    // Eleven minutes later it is stale: this replica takes it over and posts the card, once.
    const rows = await h.store.watch.entraRequestRows();
    const row = rows.find((r) => r.value.userConsentRequestId === erinEntra.id)!;
    await h.store.watch.settleEntraRequest(
      { ...row.value, claimedAt: new Date(Date.now() - 11 * 60_000).toISOString() },
      row.etag,
    );
    expect((await w.tick()).entra.posted).toBe(1);
    expect((await w.tick()).entra.posted).toBe(0);
    expect((await h.store.watch.entraRequests()).find((c) => c.userConsentRequestId === erinEntra.id)).toMatchObject({
      handling: 'posted',
      claimedBy: 'capped',
    });
  });
});
