/**
 * Card clicks that must never write: tampered request ids and MACs, refresh invokes (trigger
 * automatic, or the refresh verb), non-approvers, a valid card reference clicked from another
 * conversation (a 1:1 chat, another channel: shown the current state, nothing written), and replays
 * of the very click that decided the request. After each, the simulator saw no Graph write (POST,
 * PATCH, DELETE, $batch parts included) and the stored request is unchanged (same ETag).
 */
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import type { ApprovalRequest } from '../../src/requests/model';
import {
  ADMIN_CHANNEL_CONVERSATION_ID,
  CARD_MAC_KEY,
  personalConversationId,
  useAppHarness,
  type AppHarness,
} from '../helpers/app-harness';
import { cardText, createRequest, graphWrites, invokeAnswer, settle, verbsOf } from '../integration/approvals/helpers';

const h = useAppHarness({ adminChannel: true });
let request: ApprovalRequest;
let other: ApprovalRequest;

beforeAll(async () => {
  request = await createRequest(h, 'carol', CONTOSO.apps.sharePoint.appId);
  other = await createRequest(h, 'dave', CONTOSO.apps.crm.appId);
});

type Click = { who: string; verb: string; data: Record<string, unknown>; opts?: Parameters<AppHarness['click']>[3] };

/** Runs the clicks; asserts each was answered 200, no Graph write, both requests unchanged. */
async function expectNoWrite(clicks: Click[]): Promise<unknown[]> {
  const before = await Promise.all([request.id, other.id].map(async (id) => (await h.store.requests.get(id))!));
  h.sim.clearLog(h.tenantId);
  const grantsBefore = structuredClone(h.sim.tenant(h.tenantId).oauth2PermissionGrants);
  const answers: unknown[] = [];
  for (const c of clicks) {
    const res = await h.click(c.who, c.verb, c.data, c.opts);
    expect(res.status).toBe(200);
    expect(res.body).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
    answers.push(invokeAnswer(res).value);
  }
  await settle(h);
  expect(graphWrites(h.sim.log(h.tenantId))).toEqual([]);
  expect(h.sim.tenant(h.tenantId).oauth2PermissionGrants).toEqual(grantsBefore);
  const after = await Promise.all([request.id, other.id].map(async (id) => (await h.store.requests.get(id))!));
  expect(after.map((r) => r.etag)).toEqual(before.map((r) => r.etag));
  expect(after.map((r) => r.value.state)).toEqual(before.map((r) => r.value.state));
  return answers;
}

const ref = (): Record<string, unknown> => ({ ...signCardData(request.id, CARD_MAC_KEY) });

describe('clicks that must not write', () => {
  it('tampered request ids and MACs are refused', async () => {
    const { mac } = signCardData(request.id, CARD_MAC_KEY);
    const flipped = `${mac.slice(0, -2)}${mac.at(-2) === 'A' ? 'B' : 'A'}${mac.at(-1)}`;
    const answers = await expectNoWrite([
      // Another request's id under this request's MAC, and the reverse.
      { who: 'alice', verb: 'approveAll', data: { requestId: other.id, mac } },
      {
        who: 'alice',
        verb: 'approveAll',
        data: { requestId: request.id, mac: signCardData(other.id, CARD_MAC_KEY).mac },
      },
      { who: 'alice', verb: 'approveAll', data: { requestId: request.id, mac: flipped } },
      { who: 'alice', verb: 'approveAll', data: { requestId: `${request.id}x`, mac } },
      {
        who: 'alice',
        verb: 'approveAll',
        data: { requestId: request.id, mac: signCardData(request.id, 'another-key-0123456789abcdef0123456789').mac },
      },
      { who: 'alice', verb: 'approveAll', data: { requestId: request.id } },
      { who: 'ben', verb: 'deny', data: { requestId: request.id, mac: flipped, denyReason: 'no' } },
      { who: 'alice', verb: 'approveUser', data: { requestId: request.id.toUpperCase(), mac } },
    ]);
    for (const a of answers) expect(a).toMatch(/could not be verified, so nothing was done/);
    const refused = (await h.store.audit.list(request.id)).filter(
      (e) => e.result === 'refused' && /card data refused/.test(e.detail),
    );
    expect(refused.length).toBeGreaterThanOrEqual(3);
  });

  it('refresh invokes only render, whoever sends them and whatever the verb', async () => {
    const answers = await expectNoWrite([
      { who: 'alice', verb: 'approveAll', data: ref(), opts: { trigger: 'automatic' } },
      {
        who: 'ben',
        verb: 'deny',
        data: { ...ref(), denyReason: 'refresh must not deny' },
        opts: { trigger: 'automatic' },
      },
      { who: 'alice', verb: 'refreshApproval', data: ref() },
      { who: 'alice', verb: 'refreshApproval', data: ref(), opts: { trigger: 'automatic' } },
    ]);
    // An approver's refresh shows the buttons; nothing was decided.
    expect(verbsOf(answers[0])).toEqual(expect.arrayContaining(['approveAll', 'deny']));
    for (const a of answers) expect(cardText(a)).not.toMatch(/Approved|Denied by/);
  });

  it('non-approvers are refused with an explanation', async () => {
    const answers = await expectNoWrite([
      { who: 'carol', verb: 'approveAll', data: ref() },
      { who: 'dave', verb: 'approveUser', data: ref() },
      { who: 'erin', verb: 'deny', data: { ...ref(), denyReason: 'not mine to deny' } },
    ]);
    for (const a of answers) {
      expect(cardText(a)).toMatch(/Nothing was changed/);
      expect(verbsOf(a)).toEqual([]);
    }
  });

  it('a valid card reference clicked from a 1:1 chat or another channel shows the current state and writes nothing', async () => {
    const answers = await expectNoWrite([
      {
        who: 'alice',
        verb: 'approveAll',
        data: ref(),
        opts: { conversationId: personalConversationId(h.user('alice')), conversationType: 'personal' },
      },
      {
        who: 'ben',
        verb: 'approveUser',
        data: ref(),
        opts: { conversationId: personalConversationId(h.user('ben')), conversationType: 'personal' },
      },
      {
        who: 'alice',
        verb: 'deny',
        data: { ...ref(), denyReason: 'from elsewhere' },
        opts: { conversationId: '19:general@thread.tacv2', conversationType: 'channel' },
      },
      // The requester's own chat: her answer card carries the same signed reference.
      {
        who: 'carol',
        verb: 'approveAll',
        data: ref(),
        opts: { conversationId: personalConversationId(h.user('carol')), conversationType: 'personal' },
      },
    ]);
    for (const a of answers) {
      expect(cardText(a)).toMatch(/on its card in the approvals channel; nothing was changed/);
      expect(verbsOf(a)).toEqual([]);
    }
    const audit = await h.store.audit.list(request.id);
    expect(audit.filter((e) => /outside the approvals channel/.test(e.detail) && e.result === 'refused')).toHaveLength(
      4,
    );
  });

  it('the thread form of the channel id (";messageid=") is the same channel: the decision is taken there', async () => {
    h.sim.clearLog(h.tenantId);
    const res = await h.click('alice', 'approveAll', ref(), {
      conversationId: `${ADMIN_CHANNEL_CONVERSATION_ID};messageid=${request.adminCard!.activityId}`,
      conversationType: 'channel',
    });
    expect(cardText(invokeAnswer(res).value)).toMatch(/Applying the change now/);
    await settle(h);
    expect((await h.store.requests.get(request.id))!.value).toMatchObject({ state: 'approved' });
    expect(graphWrites(h.sim.log(h.tenantId)).filter((w) => /oauth2PermissionGrants/i.test(w.path))).toHaveLength(1);
  });

  it('replaying the deciding click (and any other decision) after the decision writes nothing', async () => {
    const answers = await expectNoWrite([
      { who: 'alice', verb: 'approveAll', data: ref() },
      {
        who: 'alice',
        verb: 'approveAll',
        data: ref(),
        opts: {
          conversationId: `${ADMIN_CHANNEL_CONVERSATION_ID};messageid=${request.adminCard!.activityId}`,
          conversationType: 'channel',
        },
      },
      { who: 'ben', verb: 'approveUser', data: ref() },
      { who: 'ben', verb: 'deny', data: { ...ref(), denyReason: 'too late' } },
      { who: 'carol', verb: 'approveAll', data: ref() },
    ]);
    for (const a of answers) {
      expect(cardText(a)).toMatch(/already approved; nothing more was changed|Approved for everyone/);
      expect(verbsOf(a)).toEqual([]);
    }
    const decisions = (await h.store.audit.list(request.id)).filter(
      (e) => e.action.startsWith('click:') && e.result === 'ok',
    );
    expect(decisions).toHaveLength(1);
  });
});
