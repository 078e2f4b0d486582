/**
 * The three situations from the field, end to end over HTTP: the whole bot (simulator loaded with
 * demo-contoso.json, Azurite, /api/messages) answering people in 1:1 chat, storing requests and
 * posting approval cards to the admin channel through the (fake) Bot Connector. Then the same
 * people follow their requests: asking twice, a second person asking, status and cancel.
 */
import { ADMIN_CHANNEL_CONVERSATION_ID, personalConversationId, useAppHarness } from '../helpers/app-harness';
import { CARD_MAC_KEY } from '../helpers/app-harness';
import { signCardData } from '../../src/cards';
import type { ApprovalRequest } from '../../src/requests/model';
import { askInChat, cardActions, cardsIn, cardWords, invokeCard, wordsOf, wordsOfOnlyCard } from './chat-helpers';
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { MICROSOFT_GRAPH_APP_ID } from '../../src/graph/types';

const { sharePoint: SHAREPOINT, outlook: OUTLOOK, oneDrive: ONEDRIVE } = CONTOSO.apps;
const GRAPH = MICROSOFT_GRAPH_APP_ID;
const OUTLOOK_CONSENT_URL =
  `https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${OUTLOOK.appId}` +
  '&response_type=code&scope=Mail.Read%20offline_access%20User.Read&redirect_uri=https%3A%2F%2Fconnectors.qlik.example%2Fweb-connectors%2Foauth%2Fcallback';

const h = useAppHarness({ adminChannel: true });

const ask = (who: string, text: string) => askInChat(h, who, text);

/** What the bot posted to the person's chat, in the order it arrived: 'typing' or 'message'. */
function postsTo(who: string, since: number): unknown[] {
  return h.connector.calls
    .slice(since)
    .filter((c) => c.conversationId === personalConversationId(h.user(who)) && c.method === 'POST')
    .map((c) => c.body.type);
}

/** Every Graph request takes longer than the typing indicator's delay (500 ms), so the answer is slow. */
async function withSlowGraph<T>(run: () => Promise<T>): Promise<T> {
  h.sim.setFaults(h.tenantId, { latencyMs: 1_000 });
  try {
    return await run();
  } finally {
    h.sim.setFaults(h.tenantId, {});
  }
}

async function requestsOf(who: string): Promise<ApprovalRequest[]> {
  return (await h.store.requests.listByRequester(h.user(who).id)).map((r) => r.value);
}

function adminPosts(since = 0) {
  return h.connector.calls
    .slice(since)
    .filter((c) => c.conversationId === ADMIN_CHANNEL_CONVERSATION_ID && c.method === 'POST' && c.activityId === null);
}

function adminUpdates(activityId: string, since = 0) {
  return h.connector.calls
    .slice(since)
    .filter(
      (c) => c.conversationId === ADMIN_CHANNEL_CONVERSATION_ID && c.method === 'PUT' && c.activityId === activityId,
    );
}

describe('field situation 1: user consent is off, "the SharePoint connector"', () => {
  let request: ApprovalRequest;

  it('answers with the diagnosis, stores a pending request and posts the approval card', async () => {
    const since = h.connector.calls.length;
    const sent = await withSlowGraph(() => ask('carol', 'The SharePoint connector asks for admin approval'));
    // A slow answer: typing first, then the answer as one message, and no typing after it.
    const posted = postsTo('carol', since);
    expect(posted[0]).toBe('typing');
    expect(posted.filter((type) => type === 'message')).toHaveLength(1);
    expect(posted.lastIndexOf('typing')).toBeLessThan(posted.indexOf('message'));

    const cards = sent.flatMap(cardsIn);
    expect(cards).toHaveLength(1);
    const words = cardWords(cards[0]);
    expect(words).toContain(SHAREPOINT.name);
    expect(words).toContain('Your organisation does not let people approve apps themselves');
    expect(words).toContain('The admins have been asked');
    expect(words).toContain('Status: Waiting for an admin to decide.');
    const actions = cardActions(cards[0]);
    expect(actions.map((a) => a.verb ?? a.type)).toEqual(
      expect.arrayContaining(['sendToAdmins', 'checkAgain', 'Action.OpenUrl']),
    );
    const signIn = actions.find((a) => a.type === 'Action.OpenUrl');
    expect(signIn?.url).toContain(`${h.sim.url}/${h.tenantId}/oauth2/v2.0/authorize?client_id=${SHAREPOINT.appId}`);
    expect(signIn?.url).toContain('login_hint=carol%40contoso.onmicrosoft.com');

    const stored = await requestsOf('carol');
    expect(stored).toHaveLength(1);
    request = stored[0];
    expect(request.state).toBe('pending');
    expect(request.appId).toBe(SHAREPOINT.appId);
    expect(request.requester).toMatchObject({
      aadObjectId: h.user('carol').id,
      displayName: 'Carol Finance',
      userPrincipalName: 'carol@contoso.onmicrosoft.com',
    });
    expect(request.diagnosis.findings.map((f) => f.code)).toContain('USER_CONSENT_DISABLED');
    expect(request.diagnosis.remedies).toContainEqual(
      expect.objectContaining({
        kind: 'grant_delegated',
        clientAppId: SHAREPOINT.appId,
        resourceAppId: GRAPH,
        consentType: 'AllPrincipals',
        scopes: expect.arrayContaining(['Files.Read.All', 'Sites.Read.All', 'offline_access', 'User.Read']),
      }),
    );

    // The card went to the admin channel as a new thread, and its id is stored with the request.
    const posts = adminPosts(since);
    expect(posts).toHaveLength(1);
    expect(request.adminCard).toEqual({
      conversationId: ADMIN_CHANNEL_CONVERSATION_ID,
      activityId: posts[0].responseId,
      serviceUrl: h.connector.serviceUrl,
    });
    const adminCard = cardsIn(posts[0].body)[0];
    const adminWords = cardWords(adminCard);
    expect(adminWords).toContain('Admin approval requested');
    expect(adminWords).toContain(SHAREPOINT.name);
    expect(adminWords).toContain('Carol Finance');
    expect(adminWords).toContain('USER\\_CONSENT\\_DISABLED');
    const approve = cardActions(adminCard).find((a) => a.verb === 'approveAll');
    expect(approve?.data).toEqual(signCardData(request.id, CARD_MAC_KEY));
  });

  it('asking again while it is pending points to the same request instead of a duplicate', async () => {
    const since = h.connector.calls.length;
    const sent = await ask('carol', 'the SharePoint connector still asks for approval');
    expect(wordsOfOnlyCard(sent)).toContain('did not send a second request');
    expect(await requestsOf('carol')).toHaveLength(1);
    expect(adminPosts(since)).toHaveLength(0);
  });

  it('a second person with the same problem is linked to the same admin request', async () => {
    const since = h.connector.calls.length;
    const sent = await ask('grace', 'The SharePoint connector wants admin approval');
    expect(wordsOfOnlyCard(sent)).toContain('added you to their request');
    expect(await requestsOf('grace')).toHaveLength(0);
    const row = await h.store.requests.get(request.id);
    expect(row?.value.linkedRequesters.map((r) => r.aadObjectId)).toEqual([h.user('grace').id]);
    // No second card: the posted one is updated in place and names the linked person.
    expect(adminPosts(since)).toHaveLength(0);
    const updates = adminUpdates(request.adminCard?.activityId ?? '', since);
    expect(updates).toHaveLength(1);
    expect(cardWords(cardsIn(updates[0].body)[0])).toContain('Grace Analyst');
  });

  it('status lists the request for the requester and for the linked person', async () => {
    for (const who of ['carol', 'grace']) {
      const sent = await ask(who, 'status');
      const words = wordsOf(sent);
      expect(words).toContain(SHAREPOINT.name);
      expect(words).toContain('Waiting for an admin to decide.');
    }
  });

  it('cancel keeps a request open while someone else is linked to it', async () => {
    const sent = await ask('carol', 'cancel');
    expect(wordsOf(sent)).toContain('Other people are waiting for the same approval');
    expect((await h.store.requests.get(request.id))?.value.state).toBe('pending');
  });

  it('a note for the admins is stored on the request and shown on the admin card', async () => {
    const since = h.connector.calls.length;
    const res = await h.click(
      'carol',
      'sendToAdmins',
      { ...signCardData(request.id, CARD_MAC_KEY), justification: 'Needed for the weekly sales report' },
      {
        conversationId: personalConversationId(h.user('carol')),
        conversationType: 'personal',
      },
    );
    expect(res.status).toBe(200);
    const card = invokeCard(res.json);
    expect(card && cardWords(card)).toContain('The admins have been asked');
    expect((await h.store.requests.get(request.id))?.value.justification).toBe('Needed for the weekly sales report');
    const updates = adminUpdates(request.adminCard?.activityId ?? '', since);
    expect(updates).toHaveLength(1);
    expect(cardWords(cardsIn(updates[0].body)[0])).toContain('Needed for the weekly sales report');
  });
});

describe('field situation 2: "IT approved it" but only for the admin, without offline_access', () => {
  it('explains the single-user consent and asks the admins for a tenant-wide grant with offline_access', async () => {
    const since = h.connector.calls.length;
    const sent = await ask(
      'dave',
      `IT says they approved the Outlook connector, but I still get the prompt. The link: ${OUTLOOK_CONSENT_URL}`,
    );
    const words = wordsOf(sent);
    expect(words).toContain(OUTLOOK.name);
    // Findings name people, not object ids: the demo's Principal grant is Alice's.
    expect(words).toContain('only for Alice Admin');
    expect(words).toContain('Status: Waiting for an admin to decide.');

    const [request] = await requestsOf('dave');
    expect(request.state).toBe('pending');
    expect(request.diagnosis.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['CONSENT_ONLY_FOR_ANOTHER_USER', 'USER_CONSENT_DISABLED']),
    );
    const another = request.diagnosis.findings.find((f) => f.code === 'CONSENT_ONLY_FOR_ANOTHER_USER');
    expect(another?.evidence?.missingFromThoseGrants).toEqual(['offline_access']);
    expect(request.diagnosis.remedies).toContainEqual(
      expect.objectContaining({
        kind: 'grant_delegated',
        clientAppId: OUTLOOK.appId,
        consentType: 'AllPrincipals',
        scopes: ['Mail.Read', 'offline_access', 'User.Read'],
      }),
    );

    const posts = adminPosts(since);
    expect(posts).toHaveLength(1);
    const adminWords = cardWords(cardsIn(posts[0].body)[0]);
    expect(adminWords).toContain('CONSENT\\_ONLY\\_FOR\\_ANOTHER\\_USER');
    expect(adminWords).toContain('offline\\_access');
    expect(request.adminCard?.activityId).toBe(posts[0].responseId);
  });

  it('the Withdraw button on the status card withdraws it and updates the admin card', async () => {
    const [request] = await requestsOf('dave');
    const statusSent = await ask('dave', 'status');
    const withdraw = cardActions(statusSent.flatMap(cardsIn)[0]).find((a) => a.verb === 'withdraw');
    expect(withdraw?.data).toEqual(signCardData(request.id, CARD_MAC_KEY));

    // Someone else pressing it (a forwarded card) changes nothing.
    const foreign = await h.click('heidi', 'withdraw', withdraw?.data ?? {}, {
      conversationId: personalConversationId(h.user('heidi')),
      conversationType: 'personal',
    });
    expect(JSON.stringify(foreign.json)).toContain('Only the person who asked first');
    expect((await h.store.requests.get(request.id))?.value.state).toBe('pending');

    // An automatic (refresh) invoke never acts, even from the requester.
    const automatic = await h.click('dave', 'withdraw', withdraw?.data ?? {}, {
      conversationId: personalConversationId(h.user('dave')),
      conversationType: 'personal',
      trigger: 'automatic',
    });
    expect(JSON.stringify(automatic.json)).toContain('Nothing was done');
    expect((await h.store.requests.get(request.id))?.value.state).toBe('pending');

    const since = h.connector.calls.length;
    const res = await h.click('dave', 'withdraw', withdraw?.data ?? {}, {
      conversationId: personalConversationId(h.user('dave')),
      conversationType: 'personal',
    });
    expect(res.status).toBe(200);
    expect(cardWords(invokeCard(res.json) ?? {})).toContain('You withdrew this request.');
    expect((await h.store.requests.get(request.id))?.value.state).toBe('withdrawn');
    expect(adminUpdates(request.adminCard?.activityId ?? '', since)).toHaveLength(1);
  });
});

describe('field situation 3: assignment required, reached only through a nested group', () => {
  it('explains the nested group and asks the admins to assign the person directly', async () => {
    const since = h.connector.calls.length;
    const sent = await ask('erin', 'the OneDrive connector says I need admin approval');
    const words = wordsOf(sent);
    expect(words).toContain(ONEDRIVE.name);
    expect(words).toContain('a group inside another group');
    expect(words).toContain('The admins have been asked');

    const [request] = await requestsOf('erin');
    expect(request.state).toBe('pending');
    expect(request.diagnosis.findings.map((f) => f.code)).toContain('ASSIGNED_ONLY_VIA_NESTED_GROUP');
    expect(request.diagnosis.remedies).toContainEqual({
      kind: 'assign_user',
      appId: ONEDRIVE.appId,
      userId: h.user('erin').id,
      appRoleId: '00000000-0000-0000-0000-000000000000',
    });
    const posts = adminPosts(since);
    expect(posts).toHaveLength(1);
    expect(cardWords(cardsIn(posts[0].body)[0])).toContain('ASSIGNED\\_ONLY\\_VIA\\_NESTED\\_GROUP');
  });

  it('cancel withdraws the only pending request, and status then shows it withdrawn', async () => {
    const [request] = await requestsOf('erin');
    const since = h.connector.calls.length;
    const sent = await ask('erin', 'cancel');
    expect(wordsOf(sent)).toContain(`I withdrew your request for ${ONEDRIVE.name}`);
    // The app's name is the vendor's: shown verbatim, never rendered as markdown.
    expect(sent.find((m) => String(m.text).includes('I withdrew'))?.textFormat).toBe('plain');
    expect((await h.store.requests.get(request.id))?.value.state).toBe('withdrawn');
    expect(adminUpdates(request.adminCard?.activityId ?? '', since)).toHaveLength(1);
    expect(wordsOf(await ask('erin', 'status'))).toContain('You withdrew this request.');
    expect(wordsOf(await ask('erin', 'cancel'))).toContain('nothing to cancel');
  });
});

describe('the typing indicator', () => {
  it('is not sent before a quick answer', async () => {
    const since = h.connector.calls.length;
    expect(wordsOf(await ask('heidi', 'help'))).toContain('Need admin approval');
    expect(postsTo('heidi', since)).toEqual(['message']);
  });
});
