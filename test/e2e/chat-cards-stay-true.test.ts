/**
 * Cards that stay true: the answer card a request produced in the requester's chat is updated on
 * every state change (approved, denied, withdrawn), and a decided card shows the outcome and what
 * changed instead of the old blockers and the "Send to admins" box.
 */
import { signCardData } from '../../src/cards';
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { CARD_MAC_KEY, personalConversationId, useAppHarness } from '../helpers/app-harness';
import { settle } from '../integration/approvals/helpers';
import { askInChat, cardActions, cardsIn, cardWords } from './chat-helpers';

const h = useAppHarness({ adminChannel: true });

/** The answer card Carol got, and every later update of that very message. */
function answerCardHistory(who: string, since: number) {
  const conversationId = personalConversationId(h.user(who));
  const calls = h.connector.calls.slice(since).filter((c) => c.conversationId === conversationId);
  const first = calls.find((c) => c.method === 'POST' && cardsIn(c.body).length > 0);
  if (!first) throw new Error('no answer card was sent');
  const updates = calls.filter((c) => c.method === 'PUT' && c.activityId === first.responseId);
  return { first, updates };
}

async function askAndRequest(who: string, text: string) {
  const since = h.connector.calls.length;
  await askInChat(h, who, text);
  const [request] = (await h.store.requests.listByRequester(h.user(who).id))
    .map((r) => r.value)
    .filter((r) => r.state === 'pending');
  expect(request?.requesterCards?.length).toBe(1);
  return { since, request: request! };
}

test('approved: the answer card says so, lists what changed, and drops the blockers and the note box', async () => {
  const { since, request } = await askAndRequest('carol', 'the SharePoint connector asks for admin approval');
  expect(cardWords(cardsIn(answerCardHistory('carol', since).first.body)[0])).toContain('Waiting for an admin');
  await h.click('alice', 'approveAll', { ...signCardData(request.id, CARD_MAC_KEY) }, { trigger: 'absent' });
  await settle(h);
  const { updates } = answerCardHistory('carol', since);
  expect(updates.length).toBeGreaterThanOrEqual(1);
  const last = cardsIn(updates[updates.length - 1].body)[0];
  const words = cardWords(last);
  expect(words).toContain('Approved and fixed');
  expect(words).toContain('What changed');
  expect(words).not.toContain('What is going on');
  expect(words).not.toContain('Waiting for an admin');
  expect(cardActions(last).map((a) => a.verb ?? a.type)).not.toContain('sendToAdmins');
});

test('denied: the answer card shows the decision and the reason', async () => {
  const { since, request } = await askAndRequest('heidi', CONTOSO.apps.crm.appId);
  await h.click(
    'alice',
    'deny',
    { ...signCardData(request.id, CARD_MAC_KEY), denyReason: 'Use the CRM export' },
    { trigger: 'absent' },
  );
  await settle(h);
  const { updates } = answerCardHistory('heidi', since);
  const words = cardWords(cardsIn(updates[updates.length - 1].body)[0]);
  expect(words).toContain('An admin declined this request. Their reason: Use the CRM export');
  expect(words).not.toContain('Waiting for an admin');
});
