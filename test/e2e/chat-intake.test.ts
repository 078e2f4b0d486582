/**
 * Chat intake end to end: several candidates (choice card, and its untrusted button data), none
 * (ask card), "Check again", commands, and failures (Graph down -> a friendly message with a
 * correlation id, nothing stored).
 */
import { randomUUID } from 'node:crypto';
import { CARD_MAC_KEY, personalConversationId, useAppHarness } from '../helpers/app-harness';
import { messageActivity } from '../helpers/teams-activity';
import { signCardData } from '../../src/cards';
import { applyRemedy } from '../../src/graph/remedies';
import {
  askInChat,
  cardActions,
  cardsIn,
  cardWords,
  invokeCard,
  invokeMessage,
  messagesTo,
  wordsOf,
  wordsOfOnlyCard,
} from './chat-helpers';
import { CONTOSO } from '../../scripts/fixtures/contoso';

const { sharePoint: SHAREPOINT, storage: STORAGE } = CONTOSO.apps;

const h = useAppHarness({ adminChannel: true });

const ask = (who: string, text: string) => askInChat(h, who, text);

function clickAs(who: string, verb: string, data: Record<string, unknown>) {
  return h.click(who, verb, data, {
    conversationId: personalConversationId(h.user(who)),
    conversationType: 'personal',
  });
}

describe('intake', () => {
  it('several matching apps -> a choice card; choosing one diagnoses it', async () => {
    const sent = await ask('carol', 'qlik');
    const card = sent.flatMap(cardsIn)[0];
    const choices = cardActions(card).filter((a) => a.verb === 'chooseApp');
    expect(choices.length).toBeGreaterThanOrEqual(2);
    const sharePoint = choices.find((a) => a.data?.appId === SHAREPOINT.appId);
    expect(sharePoint?.data).toEqual({ appId: SHAREPOINT.appId, servicePrincipalId: SHAREPOINT.spId });
    expect(await h.store.requests.listByRequester(h.user('carol').id)).toHaveLength(0);

    const res = await clickAs('carol', 'chooseApp', sharePoint?.data ?? {});
    const answer = invokeCard(res.json);
    expect(answer && cardWords(answer)).toContain('Your organisation does not let people approve apps themselves');
    const stored = await h.store.requests.listByRequester(h.user('carol').id);
    expect(stored.map((r) => [r.value.appId, r.value.state])).toEqual([[SHAREPOINT.appId, 'pending']]);
  });

  it("choice data naming a service principal that is not this tenant's, or a mismatched pair, is refused", async () => {
    for (const data of [
      { servicePrincipalId: randomUUID() },
      { appId: STORAGE.appId, servicePrincipalId: SHAREPOINT.spId },
      { appId: 'not-a-guid' },
      {},
    ]) {
      const res = await clickAs('heidi', 'chooseApp', data);
      expect(invokeMessage(res.json)).toContain('could not find that app');
    }
    expect(await h.store.requests.listByRequester(h.user('heidi').id)).toHaveLength(0);
  });

  it('no matching app -> asks for the name, the link or the error text, with examples', async () => {
    const sent = await ask('grace', 'blorp zzz');
    const words = wordsOf(sent);
    expect(words).toContain('Which app is asking for admin approval?');
    expect(words).toContain("The app's name");
    expect(words).toContain('The link it opened');
    expect(words).toContain('The error text');
    expect(words).toContain('AADSTS90094');
  });

  it('an app that works -> "you can fix this yourself", and no request', async () => {
    const sent = await ask('grace', `Is something wrong with ${STORAGE.appId}?`);
    const words = wordsOf(sent);
    expect(words).toContain(STORAGE.name);
    expect(words).toContain('you can fix this yourself');
    expect(await h.store.requests.listByRequester(h.user('grace').id)).toHaveLength(0);
  });

  it('a link to an app the organisation does not have -> nothing sent yet, said on the answer card', async () => {
    const link =
      `https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=${randomUUID()}` +
      `&response_type=code&scope=${encodeURIComponent('Files.Read.All offline_access User.Read')}`;
    const words = wordsOfOnlyCard(await ask('dave', `I get "Need admin approval" here: ${link}`));
    expect(words).toContain('This app is not in your organisation yet, so I have not sent anything to the admins.');
    // The rest of the card says the same: nothing has reached the admins, and the card can send it.
    expect(words).toContain('Status: Not sent to the admins yet.');
    expect(words).toContain('Add a note if you like, then send it to them.');
    expect(words).not.toContain('The admins have been asked');
    expect(words).not.toContain('Waiting for an admin to decide');
    expect(words).toContain('Send to admins');
    const [row] = await h.store.requests.listByRequester(h.user('dave').id);
    expect(row.value).toMatchObject({ awaitingConfirmation: true, adminCard: null });

    // Asked again, and in the list of their requests: still not sent, still open to withdraw.
    const again = wordsOfOnlyCard(await ask('dave', `I get "Need admin approval" here: ${link}`));
    expect(again).toContain('Status: Not sent to the admins yet.');
    expect(again).not.toContain('The admins have been asked');
    const listed = wordsOfOnlyCard(await ask('dave', 'status'));
    expect(listed).toContain('Not sent to the admins yet.');
    expect(listed).toContain('Withdraw');
  });

  it('not a consent problem (disabled account) -> contact the helpdesk, no request', async () => {
    const words = wordsOf(await ask('frank', 'the SharePoint connector asks for admin approval'));
    expect(words).toContain('This is not a consent problem');
    expect(words).toContain('your IT helpdesk');
    expect(await h.store.requests.listByRequester(h.user('frank').id)).toHaveLength(0);
  });
});

describe('check again', () => {
  it('re-diagnoses a pending request, and says so when it now looks fixed', async () => {
    const [row] = await h.store.requests.listByRequester(h.user('carol').id);
    const ref = signCardData(row.value.id, CARD_MAC_KEY);
    const before = await clickAs('carol', 'checkAgain', { ...ref });
    expect(cardWords(invokeCard(before.json) ?? {})).toContain('Status: Waiting for an admin to decide.');

    // The admins fix it outside the bot (in Entra): the same tenant-wide grant.
    for (const remedy of row.value.diagnosis.remedies) await applyRemedy(h.services.graph, remedy);
    const since = h.connector.calls.length;
    const after = await clickAs('carol', 'checkAgain', { ...ref });
    const words = cardWords(invokeCard(after.json) ?? {});
    expect(words).toContain('you can fix this yourself');
    // Said on the card it answers with, not as a message of its own.
    expect(words).toContain('it seems fixed');
    expect(messagesTo(h.connector, personalConversationId(h.user('carol')), since)).toEqual([]);
    expect((await h.store.requests.get(row.value.id))?.value.state).toBe('pending');
  });

  it('refuses a forged or foreign reference', async () => {
    const [row] = await h.store.requests.listByRequester(h.user('carol').id);
    const forged = await clickAs('carol', 'checkAgain', { requestId: row.value.id, mac: `v1.${'A'.repeat(43)}` });
    expect(invokeMessage(forged.json)).toContain('could not read that button');
    const foreign = await clickAs('heidi', 'checkAgain', { ...signCardData(row.value.id, CARD_MAC_KEY) });
    expect(invokeMessage(foreign.json)).toContain('could not find that request');
  });
});

describe('commands and identity', () => {
  it('help explains what the bot does', async () => {
    expect(wordsOf(await ask('heidi', 'help'))).toContain('Need admin approval');
  });

  it('status with no requests says so', async () => {
    expect(wordsOf(await ask('heidi', 'status'))).toMatch(/no requests|not asked/i);
  });

  it("remembers each person's 1:1 conversation and the Bot Connector URL for proactive messages", async () => {
    const ref = await h.store.conversations.get(`user:${h.user('heidi').id}`);
    expect(ref?.conversation?.id).toBe(personalConversationId(h.user('heidi')));
    expect(ref?.serviceUrl).toBe(h.connector.serviceUrl);
    expect((await h.store.conversations.get('service-url'))?.serviceUrl).toBe(h.connector.serviceUrl);
  });

  it('refuses politely when the sender has no Entra object id', async () => {
    const conversationId = `a:${randomUUID()}`;
    const activity = messageActivity({
      serviceUrl: h.connector.serviceUrl,
      tenantId: h.tenantId,
      text: 'the SharePoint connector',
      conversationId,
      userAadObjectId: '',
    });
    const since = h.connector.calls.length;
    expect((await h.post(activity)).status).toBe(200);
    expect(wordsOf(messagesTo(h.connector, conversationId, since))).toContain('work account');
  });
});

describe('failures', () => {
  it('Graph down -> a friendly message with a correlation id, no stack trace, nothing stored', async () => {
    h.sim.setFaults(h.tenantId, { unavailable: { count: 1000, retryAfterSeconds: 0 } });
    try {
      const since = h.connector.calls.length;
      const { activity } = await h.say('ben', 'the SharePoint connector asks for admin approval');
      const words = wordsOf(messagesTo(h.connector, personalConversationId(h.user('ben')), since));
      expect(words).toContain('could not reach Microsoft Entra ID');
      expect(words).toContain(`reference: ${activity.id}`);
      expect(words).not.toMatch(/\bat \S+ \(|Error:|GraphUnavailableError|serviceNotAvailable/);
      expect(await h.store.requests.listByRequester(h.user('ben').id)).toHaveLength(0);
      expect(h.logs.some((l) => l.correlationId === activity.id && l.failure === 'graph_unavailable')).toBe(true);
    } finally {
      h.sim.setFaults(h.tenantId, {});
    }
    // And once Graph is back, the same question works (the grant applied above fixed it meanwhile).
    expect(wordsOf(await ask('ben', 'the SharePoint connector asks for admin approval'))).toContain(
      'I found nothing that should stop you',
    );
  });
});
