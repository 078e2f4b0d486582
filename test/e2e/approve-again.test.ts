/**
 * A failed approval is approved again from its card: the whole bot over HTTP, Graph in the
 * simulator. Delegated writes (the default): the reconciler found a fix that was never written
 * (NOT_WRITTEN, no admin token after a restart) and the admin clicks Approve again with their own
 * token. App-only writes: Graph failed the write (the simulator's 503 fault) and the admin retries once
 * Graph is back. Each time the retried click writes once, a double click included, and ends verified.
 */
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { reconcileApproving } from '../../src/approvals/reconcile';
import { signCardData } from '../../src/cards';
import type { ApprovalRequest } from '../../src/requests/model';
import { applyEvent } from '../../src/requests/state-machine';
import { CARD_MAC_KEY, useAppHarness, type AppHarness } from '../helpers/app-harness';
import {
  attachedCard,
  cardText,
  cardUpdates,
  createRequest,
  invokeAnswer,
  settle,
  stored,
  verbsOf,
} from '../integration/approvals/helpers';
import { clickAs, loginRequestLink, signInOnPage, useDelegatedHarness, writesIn } from './delegated-sign-in';

const SHAREPOINT = CONTOSO.apps.sharePoint.appId;
const ALICE = { aadObjectId: CONTOSO.users.alice, displayName: 'Alice Admin' };
const ref = (id: string) => signCardData(id, CARD_MAC_KEY);
const lastCard = (h: AppHarness, request: ApprovalRequest) => attachedCard(cardUpdates(h, request).at(-1)!.body);

const h = useDelegatedHarness();

/** Alice approved, then the bot stopped before writing; the start-up reconciler (no token) marks it failed. */
async function notWritten(requester: string): Promise<ApprovalRequest> {
  const request = await createRequest(h, requester, SHAREPOINT);
  const row = (await h.store.requests.get(request.id))!;
  await h.store.requests.replace(
    applyEvent(row.value, { type: 'start_approval', by: ALICE, scope: 'everyone', at: '2020-01-01T00:00:00.000Z' }),
    row.etag,
  );
  await reconcileApproving(h.services, { staleAfterMs: 60_000 });
  const failed = await stored(h, request.id);
  expect(failed).toMatchObject({ state: 'failed', outcome: { error: 'NOT_WRITTEN' } });
  return failed;
}

describe('delegated writes: a fix the reconciler could not write (NOT_WRITTEN)', () => {
  it("keeps its failure on the card with Approve again; the admin's click writes it once with their token and it ends verified", async () => {
    const request = await notWritten('carol');
    const card = lastCard(h, request);
    expect(cardText(card)).toMatch(
      /Failed after approval by Alice Admin[\s\S]*NOT_WRITTEN[\s\S]*Click Approve again to write it with your own account/,
    );
    expect(verbsOf(card)).toEqual(['approveAll', 'approveUser', 'deny']);
    h.sim.clearLog(h.tenantId);

    const link = loginRequestLink(await clickAs(h, 'alice', 'approveAll', { ...ref(request.id) }));
    expect((await stored(h, request.id)).state).toBe('failed');
    const code = await signInOnPage(link, h.user('alice').userPrincipalName);
    expect(cardText(invokeAnswer(await clickAs(h, 'alice', 'approveAll', { ...ref(request.id) }, code)).value)).toMatch(
      /Being applied/,
    );
    await settle(h);

    const after = await stored(h, request.id);
    expect(after).toMatchObject({
      state: 'approved',
      decision: { by: ALICE, scope: 'everyone' },
      outcome: { verified: true, error: null },
    });
    const writes = writesIn(h.sim.log(h.tenantId));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ method: 'POST', userId: CONTOSO.users.alice });
    expect(writes[0]!.status).toBeLessThan(300);
    expect(verbsOf(lastCard(h, request))).toEqual([]);
  });

  it('a double click on the retried card writes once', async () => {
    const request = await notWritten('grace');
    h.sim.clearLog(h.tenantId);
    // Alice signed in during the first test: the token service keeps it, so both clicks go straight through.
    const [first, second] = await Promise.all([
      clickAs(h, 'alice', 'approveAll', { ...ref(request.id) }),
      clickAs(h, 'alice', 'approveAll', { ...ref(request.id) }),
    ]);
    const texts = [first, second].map((r) => cardText(invokeAnswer(r).value));
    expect(texts.filter((t) => /Applying the change now/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /Someone else decided this request first|already applying/.test(t))).toHaveLength(1);
    await settle(h);

    expect(await stored(h, request.id)).toMatchObject({ state: 'approved', outcome: { verified: true } });
    expect(writesIn(h.sim.log(h.tenantId))).toHaveLength(1);
    const audit = await h.store.audit.list(request.id);
    expect(audit.filter((e) => e.action === 'graph_write' && e.result === 'ok')).toHaveLength(1);
  });
});

describe('app-only writes: Graph failed the write', () => {
  const app = useAppHarness(() => ({
    sim: h.sim,
    azurite: h.azurite,
    env: { APPROVAL_WRITES: 'app' },
    adminChannel: true,
  }));

  afterAll(() => {
    h.sim.setFaults(h.tenantId, {});
  });

  it('can be approved again once Graph is back, and ends approved and verified', async () => {
    const request = await createRequest(app, 'heidi', SHAREPOINT);
    app.sim.setFaults(app.tenantId, {
      unavailable: { count: 100_000, retryAfterSeconds: 0.05, pathPattern: '^/v1\\.0/oauth2PermissionGrants$' },
    });
    await app.click('alice', 'approveAll', { ...ref(request.id) });
    await settle(app);
    expect(await stored(app, request.id)).toMatchObject({ state: 'failed', outcome: { error: 'serviceNotAvailable' } });
    const failedCard = lastCard(app, request);
    expect(cardText(failedCard)).toMatch(/Graph error: serviceNotAvailable/);
    expect(verbsOf(failedCard)).toEqual(['approveAll', 'approveUser', 'deny']);

    app.sim.setFaults(app.tenantId, {});
    app.sim.clearLog(app.tenantId);
    expect(cardText(invokeAnswer(await app.click('alice', 'approveAll', { ...ref(request.id) })).value)).toMatch(
      /Applying the change now/,
    );
    await settle(app);

    expect(await stored(app, request.id)).toMatchObject({
      state: 'approved',
      outcome: { verified: true, error: null },
    });
    const writes = writesIn(app.sim.log(app.tenantId));
    expect(writes).toHaveLength(1);
    expect(writes[0]!.status).toBeLessThan(300);
  });
});
