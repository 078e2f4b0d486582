/**
 * The start-up reconciler with approvals written as the approver (APPROVAL_WRITES=delegated): it
 * has no admin's token, so it only reads and verifies. A change already in place is reported done;
 * one that was never written is marked failed (NOT_WRITTEN) and nothing is written.
 */
import { CONTOSO } from '../../../scripts/fixtures/contoso';
import { reconcileApproving } from '../../../src/approvals/reconcile';
import { applyRemedy } from '../../../src/graph/remedies';
import type { ApprovalRequest } from '../../../src/requests/model';
import { applyEvent, remediesFor } from '../../../src/requests/state-machine';
import { assertSimCaTrusted } from '../../helpers/sim';
import { DEMO_FIXTURE, startAppHarness, type AppHarness } from '../../helpers/app-harness';
import { attachedCard, cardText, cardUpdates, createRequest, graphWrites, stored } from './helpers';

const ALICE = { aadObjectId: CONTOSO.users.alice, displayName: 'Alice Admin' };

async function leaveApproving(h: AppHarness, request: ApprovalRequest): Promise<ApprovalRequest> {
  const row = (await h.store.requests.get(request.id))!;
  const approving = applyEvent(row.value, {
    type: 'start_approval',
    by: ALICE,
    scope: 'everyone',
    at: '2020-01-01T00:00:00.000Z',
  });
  await h.store.requests.replace(approving, row.etag);
  return approving;
}

describe('reconcileApproving without the approver (delegated writes)', () => {
  let h: AppHarness;

  beforeAll(async () => {
    assertSimCaTrusted();
    h = await startAppHarness({ env: { APPROVAL_WRITES: 'delegated' } });
    await h.useAdminChannel();
  });

  afterAll(async () => {
    await h?.stop();
  });

  beforeEach(() => {
    h.sim.addTenant(DEMO_FIXTURE);
  });

  it('marks a change that was never written as failed (approve again) and writes nothing', async () => {
    const request = await leaveApproving(h, await createRequest(h, 'carol', CONTOSO.apps.sharePoint.appId));
    h.sim.clearLog(h.tenantId);

    const report = await reconcileApproving(h.services, { staleAfterMs: 60_000 });

    expect(report).toEqual({ completed: [request.id], skipped: [] });
    expect(graphWrites(h.sim.log(h.tenantId))).toEqual([]);
    const after = await stored(h, request.id);
    expect(after).toMatchObject({ state: 'failed', outcome: { error: 'NOT_WRITTEN' } });
    expect(cardText(attachedCard(cardUpdates(h, request).at(-1)!.body))).toMatch(
      /never writes without them[\s\S]*Click Approve again to write it with your own account/,
    );
  });

  it('reports a change already written (before the restart) as done, verified, without writing', async () => {
    const request = await leaveApproving(h, await createRequest(h, 'carol', CONTOSO.apps.sharePoint.appId));
    for (const remedy of remediesFor(request, 'everyone')) await applyRemedy(h.services.graph, remedy);
    h.sim.clearLog(h.tenantId);

    await reconcileApproving(h.services, { staleAfterMs: 60_000 });

    expect(graphWrites(h.sim.log(h.tenantId))).toEqual([]);
    expect(await stored(h, request.id)).toMatchObject({ state: 'approved', outcome: { verified: true, error: null } });
  });
});
