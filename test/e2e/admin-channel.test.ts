/**
 * The admins' channel end to end: without one, requests wait ("approvals are not set up yet");
 * "@Consent Doctor use this channel for approvals" is accepted only from someone Entra would let
 * grant consent (live role check in the simulator; with APPROVER_GROUP_ID, who is also in that
 * group), and then the waiting requests are posted there. ADMIN_CHANNEL_ID is the configured alternative.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTOSO, contosoTenant } from '../../scripts/fixtures/contoso';
import { tempDirs } from '../helpers/temp-dirs';
import { CARD_MAC_KEY, personalConversationId, useAppHarness, type AppHarness } from '../helpers/app-harness';
import { BOT_ID, messageActivity } from '../helpers/teams-activity';
import type { ApprovalRequest } from '../../src/requests/model';
import { cardsIn, cardWords, invokeCard, messagesTo, wordsOf, wordsOfOnlyCard } from './chat-helpers';
import { signCardData } from '../../src/cards';
import { ADMIN_CHANNEL_KEY } from '../../src/approvals/approval-card-posting';

const CRM = { appId: 'f61a6a12-70d6-41b4-b6e6-e5b11da7d08e', name: 'Qlik Web Connectors (Dynamics 365 CRM)' };
const FINANCE_TEAM_GROUP = 'bc6b1d8b-13d0-425c-a18d-a53c310c1acf';
const OUTLOOK_CONSENT_URL =
  'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=46d8463e-640b-4298-825f-a19bbf762b16' +
  '&response_type=code&scope=Mail.Read%20offline_access%20User.Read';

/** A channel post that @mentions the bot, as Teams sends it (in a thread: "<channel>;messageid=<id>"). */
function channelCommand(h: AppHarness, who: string, channelId: string, text = 'use this channel for approvals') {
  const u = h.user(who);
  return {
    ...messageActivity({
      serviceUrl: h.connector.serviceUrl,
      tenantId: h.tenantId,
      text: `<at>Consent Doctor</at> ${text}`,
      conversationType: 'channel',
      conversationId: `${channelId};messageid=1718000000000`,
      channelId,
      userId: `29:${u.id}`,
      userAadObjectId: u.id,
      userName: u.displayName,
    }),
    entities: [{ type: 'mention', text: '<at>Consent Doctor</at>', mentioned: { id: BOT_ID, name: 'Consent Doctor' } }],
  };
}

async function say(h: AppHarness, who: string, text: string) {
  const since = h.connector.calls.length;
  expect((await h.say(who, text)).status).toBe(200);
  return messagesTo(h.connector, personalConversationId(h.user(who)), since);
}

async function channelSay(h: AppHarness, who: string, channelId: string, text?: string) {
  const since = h.connector.calls.length;
  expect((await h.post(channelCommand(h, who, channelId, text))).status).toBe(200);
  return messagesTo(h.connector, `${channelId};messageid=1718000000000`, since);
}

async function onlyRequest(h: AppHarness, who: string): Promise<ApprovalRequest> {
  const rows = await h.store.requests.listByRequester(h.user(who).id);
  expect(rows).toHaveLength(1);
  return rows[0].value;
}

describe('admin channel chosen in Teams', () => {
  const APPROVALS = '19:approvals-channel@thread.tacv2';

  const h = useAppHarness();

  it('without an admin channel the request is stored and waits, and the person is told', async () => {
    const words = wordsOf(await say(h, 'heidi', 'the CRM connector asks for admin approval'));
    expect(words).toContain(CRM.name);
    expect(words).toContain('Approvals are not set up yet');
    const request = await onlyRequest(h, 'heidi');
    expect(request).toMatchObject({ state: 'pending', appId: CRM.appId, adminCard: null });
    expect(h.connector.calls.filter((c) => c.conversationId?.startsWith('19:'))).toHaveLength(0);
  });

  it('someone without an admin role is refused, and nothing is stored', async () => {
    const words = wordsOf(await channelSay(h, 'carol', APPROVALS));
    expect(words).toContain('Only a Global Administrator');
    expect(await h.store.conversations.get('admin-channel')).toBeNull();
  });

  it('a Cloud Application Administrator sets it; the waiting request is posted there at once', async () => {
    const words = wordsOf(await channelSay(h, 'ben', APPROVALS));
    expect(words).toContain('Done: I will post approval requests in this channel');
    expect(words).toContain('Cloud Application Administrator');
    const stored = await h.store.conversations.get('admin-channel');
    expect(stored?.conversation?.id).toBe(APPROVALS);
    expect(stored?.serviceUrl).toBe(h.connector.serviceUrl);

    const posts = h.connector.calls.filter(
      (c) => c.conversationId === APPROVALS && c.method === 'POST' && c.activityId === null,
    );
    expect(posts).toHaveLength(1);
    expect(cardWords(cardsIn(posts[0].body)[0])).toContain(CRM.name);
    const request = await onlyRequest(h, 'heidi');
    expect(request.adminCard).toEqual({
      conversationId: APPROVALS,
      activityId: posts[0].responseId,
      serviceUrl: h.connector.serviceUrl,
    });
  });

  it('from then on new requests go straight to the channel', async () => {
    const words = wordsOf(await say(h, 'dave', `IT approved it but I still get asked: ${OUTLOOK_CONSENT_URL}`));
    expect(words).toContain('The admins have been asked');
    const request = await onlyRequest(h, 'dave');
    expect(request.adminCard?.conversationId).toBe(APPROVALS);
  });
});

describe('a request that waited without a channel, asked about again', () => {
  const LATER = '19:later-approvals@thread.tacv2';
  const h = useAppHarness();

  it('is posted once a channel is known, and the person is told it is the one waiting', async () => {
    await say(h, 'heidi', 'the CRM connector asks for admin approval');
    expect((await onlyRequest(h, 'heidi')).adminCard).toBeNull();
    // The channel is stored without this replica's setup command (so its backlog pass did not post the request).
    await h.store.conversations.save(ADMIN_CHANNEL_KEY, {
      channelId: 'msteams',
      serviceUrl: h.connector.serviceUrl,
      conversation: { id: LATER, isGroup: true, conversationType: 'channel', tenantId: h.tenantId, name: 'approvals' },
    });

    const words = wordsOf(await say(h, 'heidi', 'the CRM connector asks for admin approval'));
    expect(words).toContain('You had already asked about this app');
    const request = await onlyRequest(h, 'heidi');
    expect(request.adminCard?.conversationId).toBe(LATER);
    const posts = h.connector.calls.filter((c) => c.conversationId === LATER && c.method === 'POST');
    expect(posts.map((p) => p.responseId)).toEqual([request.adminCard?.activityId]);
  });
});

describe('admin channel from ADMIN_CHANNEL_ID, approver group', () => {
  const CONFIGURED = '19:configured-approvals@thread.tacv2';
  const OTHER = '19:finance-approvals@thread.tacv2';

  const dirs = tempDirs();
  const h = useAppHarness(() => {
    // Ben (Cloud Application Administrator) joins Finance Team next to Carol (no role).
    const tenant = contosoTenant();
    tenant.groups.find((g) => g.id === FINANCE_TEAM_GROUP)!.members.push(CONTOSO.users.ben);
    const fixture = join(dirs.make('consent-doctor-admin-channel-'), 'tenant.json');
    writeFileSync(fixture, JSON.stringify(tenant));
    return { fixture, env: { ADMIN_CHANNEL_ID: CONFIGURED, APPROVER_GROUP_ID: FINANCE_TEAM_GROUP } };
  });

  it('posts to the configured channel using the Bot Connector URL seen on the last activity', async () => {
    await say(h, 'dave', `IT approved it but I still get asked: ${OUTLOOK_CONSENT_URL}`);
    const request = await onlyRequest(h, 'dave');
    expect(request.adminCard).toMatchObject({ conversationId: CONFIGURED, serviceUrl: h.connector.serviceUrl });
    const post = h.connector.calls.find((c) => c.conversationId === CONFIGURED && c.method === 'POST');
    expect(post?.responseId).toBe(request.adminCard?.activityId);
  });

  it('the approver group only narrows: a member without a role and an admin outside it are refused', async () => {
    expect(wordsOf(await channelSay(h, 'carol', OTHER))).toContain('who is also in the approver group');
    expect(wordsOf(await channelSay(h, 'alice', OTHER))).toContain('limited to the approver group');
    expect((await h.store.conversations.get('admin-channel'))?.conversation?.id).not.toBe(OTHER);
  });

  it('an approver in the group may choose another channel, which then wins over the configured one', async () => {
    const words = wordsOf(await channelSay(h, 'ben', OTHER));
    expect(words).toContain('Cloud Application Administrator in the approver group');
    expect((await h.store.conversations.get('admin-channel'))?.conversation?.id).toBe(OTHER);
    await say(h, 'heidi', 'the CRM connector asks for admin approval');
    expect((await onlyRequest(h, 'heidi')).adminCard?.conversationId).toBe(OTHER);
  });

  it('the command in 1:1 chat explains where to say it', async () => {
    expect(wordsOf(await say(h, 'alice', 'use this channel for approvals'))).toContain(
      'Please say this in the team channel',
    );
    expect((await h.store.conversations.get('admin-channel'))?.conversation?.id).toBe(OTHER);
  });
});

describe('the admin channel cannot be reached', () => {
  const h = useAppHarness();

  beforeAll(async () => {
    // A channel whose Bot Connector refuses connections: posting the card fails.
    await h.store.conversations.save('admin-channel', {
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: {
        id: '19:unreachable@thread.tacv2',
        isGroup: true,
        conversationType: 'channel',
        name: 'Approvals',
      },
    });
  });

  it('the request stays pending without a card, and the person is told honestly on the answer card', async () => {
    const words = wordsOfOnlyCard(await say(h, 'carol', 'the SharePoint connector asks for admin approval'));
    expect(words).toContain("I saved your request, but I could not post it to the admins' channel");
    const request = await onlyRequest(h, 'carol');
    expect(request).toMatchObject({ state: 'pending', adminCard: null });
    expect(h.logs.some((l) => l.requestId === request.id && l.level === 50)).toBe(true);
  });

  it('a note added then is saved, and the card it answers with says the channel was not updated', async () => {
    const request = await onlyRequest(h, 'carol');
    const conversationId = personalConversationId(h.user('carol'));
    const since = h.connector.calls.length;
    const res = await h.click(
      'carol',
      'sendToAdmins',
      { ...signCardData(request.id, CARD_MAC_KEY), justification: 'For the monthly close' },
      { conversationId, conversationType: 'personal' },
    );
    expect(res.status).toBe(200);
    expect(cardWords(invokeCard(res.json) ?? {})).toContain(
      "I saved your note, but could not update the admins' channel",
    );
    expect(messagesTo(h.connector, conversationId, since)).toEqual([]);
    expect((await onlyRequest(h, 'carol')).justification).toBe('For the monthly close');
  });
});
