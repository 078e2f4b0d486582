/**
 * The start-up reconciler: a process died after (part of) the Graph writes of an approval and
 * before saving its outcome, leaving the request in `approving`. Reconciling completes it with no
 * duplicate write: the idempotent remedies find what is in place (no write) and write only what is
 * missing, then the approval is verified as usual.
 */
import { CONTOSO } from '../../../scripts/fixtures/contoso';
import { reconcileApproving } from '../../../src/approvals/reconcile';
import { applyRemedy } from '../../../src/graph/remedies';
import type { ApprovalRequest } from '../../../src/requests/model';
import type { Remedy } from '../../../src/diagnosis/types';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { applyEvent, remediesFor } from '../../../src/requests/state-machine';
import { useAppHarness, type AppHarness } from '../../helpers/app-harness';
import { attachedCard, cardText, cardUpdates, createRequest, directMessagesTo, graphWrites, stored } from './helpers';

const ALICE = { aadObjectId: CONTOSO.users.alice, displayName: 'Alice Admin' };
const LONG_AGO = '2020-01-01T00:00:00.000Z';

/** Puts the request where a dead process would leave it: approving, decided long ago. */
async function leaveApproving(h: AppHarness, request: ApprovalRequest, remedies?: Remedy[]): Promise<ApprovalRequest> {
  const row = (await h.store.requests.get(request.id))!;
  const approving = applyEvent(row.value, {
    type: 'start_approval',
    by: ALICE,
    scope: 'everyone',
    at: LONG_AGO,
    ...(remedies ? { remedies } : {}),
  });
  await h.store.requests.replace(approving, row.etag);
  return approving;
}

describe('reconcileApproving', () => {
  const h = useAppHarness({ adminChannel: true });

  it('completes an approval whose writes all landed, finding them in place without writing again', async () => {
    const request = await leaveApproving(h, await createRequest(h, 'carol', CONTOSO.apps.sharePoint.appId));
    for (const remedy of remediesFor(request, 'everyone')) await applyRemedy(h.services.graph, remedy);
    h.sim.clearLog(h.tenantId);

    const report = await reconcileApproving(h.services, { staleAfterMs: 60_000 });

    expect(report).toEqual({ completed: [request.id], skipped: [] });
    expect(graphWrites(h.sim.log(h.tenantId))).toEqual([]);
    const after = await stored(h, request.id);
    expect(after).toMatchObject({ state: 'approved', outcome: { verified: true, error: null } });
    expect(after.outcome?.steps.map((s) => s.status)).toEqual(['already_done']);
    expect(
      h.sim.tenant(h.tenantId).oauth2PermissionGrants.filter((g) => g.clientId === CONTOSO.apps.sharePoint.spId),
    ).toHaveLength(1);
    expect(cardText(attachedCard(cardUpdates(h, request).at(-1)!.body))).toMatch(
      /Approved for everyone by Alice Admin/,
    );
    expect(directMessagesTo(h, h.user('carol'))).toHaveLength(1);
    expect((await h.store.audit.list(request.id)).map((e) => e.action)).toEqual([
      'reconcile',
      'remedy_already_done',
      'verify',
      'notify',
    ]);
  });

  it('leaves alone an approval that may still be running on a live replica', async () => {
    const row = await createRequest(h, 'erin', CONTOSO.apps.oneDrive.appId);
    const current = (await h.store.requests.get(row.id))!;
    await h.store.requests.replace(
      applyEvent(current.value, { type: 'start_approval', by: ALICE, scope: 'everyone', at: new Date().toISOString() }),
      current.etag,
    );
    h.sim.clearLog(h.tenantId);

    const report = await reconcileApproving(h.services, { staleAfterMs: 60_000 });

    expect(report.completed).not.toContain(row.id);
    expect((await stored(h, row.id)).state).toBe('approving');
    expect(graphWrites(h.sim.log(h.tenantId))).toEqual([]);
  });
});

describe('reconcileApproving after a partial run', () => {
  const APP = CONTOSO.apps.oneDrive;

  const h = useAppHarness({ adminChannel: true });

  it('writes only what is missing (the assignment), then verifies; a second reconcile does nothing', async () => {
    const created = await createRequest(h, 'erin', APP.appId);
    // The writes fixed at the click: a grant (already landed before the process died) and Erin's assignment.
    const existing = h.sim
      .tenant(h.tenantId)
      .oauth2PermissionGrants.find((g) => g.clientId === APP.spId && g.consentType === 'AllPrincipals')!;
    const grant = {
      kind: 'grant_delegated' as const,
      clientAppId: APP.appId,
      resourceAppId: MICROSOFT_GRAPH_APP_ID,
      consentType: 'AllPrincipals' as const,
      scopes: [...existing.scope.split(' '), 'Sites.Read.All'],
    };
    const assign = remediesFor(created, 'everyone').find((r) => r.kind === 'assign_user')!;
    expect(assign).toBeDefined();
    const request = await leaveApproving(h, created, [grant, assign]);
    await applyRemedy(h.services.graph, grant);
    h.sim.clearLog(h.tenantId);

    const report = await reconcileApproving(h.services, { staleAfterMs: 60_000 });

    expect(report).toEqual({ completed: [request.id], skipped: [] });
    expect(graphWrites(h.sim.log(h.tenantId)).map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([
      `POST /v1.0/servicePrincipals/${APP.spId}/appRoleAssignedTo 201`,
    ]);
    const after = await stored(h, request.id);
    expect(after).toMatchObject({ state: 'approved', outcome: { verified: true } });
    expect(after.outcome?.steps.map((s) => s.status)).toEqual(['already_done', 'done']);

    h.sim.clearLog(h.tenantId);
    expect(await reconcileApproving(h.services, { staleAfterMs: 0 })).toEqual({ completed: [], skipped: [] });
    expect(graphWrites(h.sim.log(h.tenantId))).toEqual([]);
  });
});
