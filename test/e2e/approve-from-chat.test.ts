/**
 * The whole loop through the bot's own front door: Carol asks in 1:1 chat, the approval card lands
 * in the admins' channel, Alice clicks the card's own Approve button (its data exactly as posted),
 * the tenant gets the grant, the channel card is updated for everyone and Carol is told in the 1:1
 * chat she started.
 */
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { ADMIN_CHANNEL_CONVERSATION_ID, personalConversationId, useAppHarness } from '../helpers/app-harness';
import {
  attachedCard,
  cardText,
  cardUpdates,
  grantWrites,
  invokeAnswer,
  settle,
  stored,
} from '../integration/approvals/helpers';

const h = useAppHarness({ adminChannel: true });

function executeActions(card: unknown): Array<{ verb: string; data: Record<string, unknown> }> {
  const found: Array<{ verb: string; data: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && typeof o.verb === 'string')
        found.push({ verb: o.verb, data: (o.data ?? {}) as Record<string, unknown> });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

it('asked in chat, approved from the channel card, told in the same chat', async () => {
  const asked = await h.say('carol', 'The Qlik SharePoint connector asks for admin approval');
  expect(asked.status).toBe(200);
  const [request] = (await h.store.requests.listByRequester(CONTOSO.users.carol, ['pending'])).map((r) => r.value);
  expect(request?.adminCard?.conversationId).toBe(ADMIN_CHANNEL_CONVERSATION_ID);

  const posted = h.connector.calls.find(
    (c) =>
      c.method === 'POST' &&
      c.conversationId === ADMIN_CHANNEL_CONVERSATION_ID &&
      c.responseId === request.adminCard?.activityId,
  );
  const approve = executeActions(attachedCard(posted!.body)).find((a) => a.verb === 'approveAll');
  expect(approve).toBeDefined();
  h.sim.clearLog(h.tenantId);
  const personalBefore = h.connector.calls.filter(
    (c) => c.conversationId === personalConversationId(h.user('carol')),
  ).length;

  invokeAnswer(await h.click('alice', 'approveAll', approve!.data, { replyToId: request.adminCard!.activityId }));
  await settle(h);

  expect(await stored(h, request.id)).toMatchObject({ state: 'approved', outcome: { verified: true } });
  expect(grantWrites(h.sim.log(h.tenantId))).toHaveLength(1);
  expect(
    h.sim
      .tenant(h.tenantId)
      .oauth2PermissionGrants.filter(
        (g) => g.clientId === CONTOSO.apps.sharePoint.spId && g.consentType === 'AllPrincipals',
      ),
  ).toHaveLength(1);
  expect(cardText(attachedCard(cardUpdates(h, request).at(-1)!.body))).toMatch(/Approved for everyone by Alice Admin/);

  // Told in the conversation Carol started (its stored reference), not a new one.
  const inChat = h.connector.calls
    .filter((c) => c.conversationId === personalConversationId(h.user('carol')))
    .slice(personalBefore);
  // One new message; her answer card itself is updated in place too (cards that stay true).
  const told = inChat.filter((c) => c.method === 'POST');
  expect(told).toHaveLength(1);
  expect(inChat.some((c) => c.method === 'PUT')).toBe(true);
  expect(cardText(attachedCard(told[0].body))).toMatch(/is approved[\s\S]*try signing in again now/i);
  expect(h.connector.calls.some((c) => c.method === 'POST' && c.path.replace(/\/$/, '') === '/v3/conversations')).toBe(
    false,
  );
});
