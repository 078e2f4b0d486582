/**
 * Approvals written with the approving admin's own delegated token (APPROVAL_WRITES=delegated, the
 * default): the whole bot over HTTP, teams-ai's OAuth Adaptive Card authentication against the
 * simulator's Bot Framework token service, the simulator's sign-in page, and Graph enforcing the
 * signed-in user's directory roles. Teams' own path (loginRequest answer, magic code in value.state)
 * and the sign-in card path (APPROVAL_SIGN_IN_PROMPT=card, for the Agents Playground) both run.
 * The simulator's request log shows whose token made each write.
 */
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import { CARD_MAC_KEY, DEMO_FIXTURE, useAppHarness } from '../helpers/app-harness';
import { cardText, createRequest, invokeAnswer, settle, stored } from '../integration/approvals/helpers';
import {
  clickActivity,
  clickAs,
  loginRequestLink,
  signInOnPage,
  useDelegatedHarness,
  writesIn,
} from './delegated-sign-in';

const A = CONTOSO.apps;
const ref = (id: string) => signCardData(id, CARD_MAC_KEY);

const h = useDelegatedHarness();

/** A click as Teams sends it, with the magic code in value.state when given. */
const click = (who: string, verb: string, data: Record<string, unknown>, state?: string) =>
  clickAs(h, who, verb, data, state);

describe.each([
  ['a Global Administrator', 'alice', CONTOSO.users.alice, 'carol', A.sharePoint.appId],
  ['a Cloud Application Administrator', 'ben', CONTOSO.users.ben, 'grace', A.sharePoint.appId],
])('%s approves with their own token', (_role, who, objectId, requester, app) => {
  it("is asked to sign in, then the click writes with their token, not the bot's", async () => {
    const request = await createRequest(h, requester, app);
    h.sim.clearLog(h.tenantId);

    const link = loginRequestLink(await click(who, 'approveAll', { ...ref(request.id) }));
    expect((await stored(h, request.id)).state).toBe('pending');
    expect(writesIn(h.sim.log(h.tenantId))).toEqual([]);

    const code = await signInOnPage(link, h.user(who).userPrincipalName);
    const answer = invokeAnswer(await click(who, 'approveAll', { ...ref(request.id) }, code));
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.value)).toMatch(/Being applied/);
    await settle(h);

    const after = await stored(h, request.id);
    expect(after.state).toBe('approved');
    expect(after.outcome?.steps.map((s) => s.status)).toContain('done');
    const writes = writesIn(h.sim.log(h.tenantId));
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(w).toMatchObject({ userId: objectId, status: expect.any(Number) as number });
    expect(writes.every((w) => w.status < 300)).toBe(true);

    // Signed in once: the next approval needs no sign-in.
    h.sim.addTenant(DEMO_FIXTURE);
    const next = await createRequest(h, 'heidi', A.sharePoint.appId);
    const again = invokeAnswer(await click(who, 'approveAll', { ...ref(next.id) }));
    expect(cardText(again.value)).toMatch(/Being applied/);
    await settle(h);
    expect((await stored(h, next.id)).state).toBe('approved');
  });
});

describe('who the token names', () => {
  it("a sign-in as another account than the clicker's writes nothing", async () => {
    const request = await createRequest(h, 'erin', A.sharePoint.appId);
    h.sim.clearLog(h.tenantId);
    // Alice's Teams identity, but the person at the sign-in page uses Ben's account.
    const activity = clickActivity(h, 'alice', 'approveAll', { ...ref(request.id) }, { device: 'second-device' });
    const link = loginRequestLink(await h.post(activity));
    const code = await signInOnPage(link, h.user('ben').userPrincipalName);
    (activity.value as Record<string, unknown>).state = code;
    const answer = invokeAnswer(await h.post(activity));
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(answer.value)).toMatch(/another account/);
    expect((await stored(h, request.id)).state).toBe('pending');
    expect(writesIn(h.sim.log(h.tenantId))).toEqual([]);
  });

  it('a wrong magic code gets a new sign-in prompt and writes nothing', async () => {
    const request = await createRequest(h, 'dave', A.sharePoint.appId);
    h.sim.clearLog(h.tenantId);
    const activity = clickActivity(h, 'alice', 'approveAll', { ...ref(request.id) }, { device: 'third-device' });
    loginRequestLink(await h.post(activity));
    (activity.value as Record<string, unknown>).state = '000000';
    loginRequestLink(await h.post(activity));
    expect((await stored(h, request.id)).state).toBe('pending');
    expect(writesIn(h.sim.log(h.tenantId))).toEqual([]);
  });
});

describe('the sign-in card (clients that cannot show a loginRequest, such as the Agents Playground)', () => {
  const p = useAppHarness(() => ({
    sim: h.sim,
    azurite: h.azurite,
    env: { APPROVAL_WRITES: 'delegated', APPROVAL_SIGN_IN_PROMPT: 'card' },
    adminChannel: true,
  }));

  it('shows the sign-in link and a code field; the code typed into the card lets the same click write as the admin', async () => {
    const request = await createRequest(p, 'carol', A.sharePoint.appId);
    p.sim.clearLog(p.tenantId);
    const u = p.user('alice');
    const clickWith = (data: Record<string, unknown>) =>
      p.post(clickActivity(p, 'alice', 'approveAll', data, { device: 'playground', trigger: 'absent' }));
    const first = invokeAnswer(await clickWith({ ...ref(request.id) }));
    expect(first.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(first.value)).toMatch(/Sign in to approve/);
    const actions = (
      first.value as { actions: Array<{ type: string; url?: string; verb?: string; data?: Record<string, unknown> }> }
    ).actions;
    const link = actions.find((a) => a.type === 'Action.OpenUrl')?.url as string;
    const retry = actions.find((a) => a.type === 'Action.Execute');
    expect(retry).toMatchObject({ verb: 'approveAll', data: { ...ref(request.id) } });
    expect(writesIn(p.sim.log(p.tenantId))).toEqual([]);

    const code = await signInOnPage(link, u.userPrincipalName);
    const second = invokeAnswer(await clickWith({ ...(retry?.data ?? {}), magicCode: code }));
    expect(cardText(second.value)).toMatch(/Being applied/);
    await settle(p);
    expect((await stored(p, request.id)).state).toBe('approved');
    const writes = writesIn(p.sim.log(p.tenantId));
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((w) => w.userId === CONTOSO.users.alice && w.status < 300)).toBe(true);
  });
});
