/**
 * Clicks as the Microsoft 365 Agents Playground's web UI sends them: `adaptiveCard/action` invokes
 * with no `trigger` at all. Such an invoke on a button's own verb is a click and acts; `automatic`
 * stays a refresh; the refresh verb never writes, with or without a trigger.
 */
import { signCardData } from '../../src/cards';
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { CARD_MAC_KEY, personalConversationId, useAppHarness } from '../helpers/app-harness';
import { createRequest, graphWrites, invokeAnswer, settle, stored, verbsOf } from '../integration/approvals/helpers';
import { cardWords, invokeCard } from './chat-helpers';

const A = CONTOSO.apps;
const ref = (id: string) => signCardData(id, CARD_MAC_KEY);

const h = useAppHarness({ adminChannel: true });

const personal = (who: string) => ({
  conversationId: personalConversationId(h.user(who)),
  conversationType: 'personal' as const,
  trigger: 'absent' as const,
});

describe('admin card buttons without a trigger', () => {
  it('Approve for everyone approves, as a manual click would', async () => {
    const request = await createRequest(h, 'carol', A.sharePoint.appId);
    h.sim.clearLog(h.tenantId);
    const answer = invokeAnswer(await h.click('alice', 'approveAll', { ...ref(request.id) }, { trigger: 'absent' }));
    expect(verbsOf(answer.value)).toEqual([]);
    await settle(h);
    expect((await stored(h, request.id)).state).toBe('approved');
    expect(graphWrites(h.sim.log(h.tenantId)).map((w) => w.method)).toContain('POST');
  });

  it('Deny with a reason denies', async () => {
    const request = await createRequest(h, 'heidi', A.crm.appId);
    await h.click(
      'alice',
      'deny',
      { ...ref(request.id), denyReason: 'Use the approved connector' },
      { trigger: 'absent' },
    );
    await settle(h);
    expect((await stored(h, request.id)).state).toBe('denied');
  });

  it('the refresh verb only renders, with no trigger or an automatic one; an automatic Approve is a refresh', async () => {
    const request = await createRequest(h, 'heidi', A.storage.appId);
    h.sim.clearLog(h.tenantId);
    await h.click('alice', 'refreshApproval', { ...ref(request.id) }, { trigger: 'absent' });
    await h.click('alice', 'approveAll', { ...ref(request.id) }, { trigger: 'automatic' });
    await settle(h);
    expect((await stored(h, request.id)).state).toBe('pending');
    expect(graphWrites(h.sim.log(h.tenantId))).toEqual([]);
    expect(await h.store.audit.list(request.id)).toEqual([]);
  });
});

describe('requester card buttons without a trigger', () => {
  it('Check again re-diagnoses and Withdraw withdraws', async () => {
    const request = await createRequest(h, 'erin', A.oneDrive.appId);
    const check = await h.click('erin', 'checkAgain', { ...ref(request.id) }, personal('erin'));
    expect(cardWords(invokeCard(check.json) ?? {})).not.toContain('Nothing was done');
    const withdraw = await h.click('erin', 'withdraw', { ...ref(request.id) }, personal('erin'));
    expect(cardWords(invokeCard(withdraw.json) ?? {})).toContain('You withdrew this request.');
    expect((await stored(h, request.id)).state).toBe('withdrawn');
  });

  it('an automatic trigger on a requester button does nothing', async () => {
    const request = await createRequest(h, 'grace', A.outlook.appId);
    const res = await h.click(
      'grace',
      'withdraw',
      { ...ref(request.id) },
      { ...personal('grace'), trigger: 'automatic' },
    );
    expect(JSON.stringify(res.json)).toContain('Nothing was done');
    expect((await stored(h, request.id)).state).toBe('pending');
  });
});
