/**
 * Execution details not visible from the HTTP side: replication lag. Entra's grant listings lag
 * behind writes (the simulator's grantReplicationLagMs); the approval still writes once, re-checks
 * a few times, and when the change is still not visible says so honestly: approved, not verified.
 */
import { CONTOSO } from '../../../scripts/fixtures/contoso';
import { runApproval, startApproval } from '../../../src/approvals/execute';
import { renderApproval } from '../../../src/approvals/render';
import { useAppHarness } from '../../helpers/app-harness';
import { cardText, createRequest, grantWrites } from './helpers';

const h = useAppHarness({ adminChannel: true });

it('reports an approval whose change is not visible yet as approved but not verified, after the re-checks', async () => {
  const request = await createRequest(h, 'carol', CONTOSO.apps.sharePoint.appId);
  h.sim.setFaults(h.tenantId, { grantReplicationLagMs: 10 * 60 * 1000 });
  h.sim.clearLog(h.tenantId);
  const pauses: number[] = [];

  const started = await startApproval(
    h.services,
    (await h.store.requests.get(request.id))!,
    { aadObjectId: CONTOSO.users.alice, displayName: 'Alice Admin' },
    'everyone',
  );
  if (!started.ok) throw new Error('the approval did not start');
  const run = await runApproval(
    h.services,
    { value: started.request, etag: started.etag },
    {
      verify: {
        delaysMs: [1000, 2000],
        sleep: async (ms) => {
          pauses.push(ms);
        },
      },
    },
  );
  h.sim.setFaults(h.tenantId, {});

  expect(run.ownsResult).toBe(true);
  expect(run.request).toMatchObject({ state: 'approved', outcome: { verified: false, error: null } });
  expect(pauses).toEqual([1000, 2000]);
  expect(grantWrites(h.sim.log(h.tenantId))).toHaveLength(1);
  const verify = (await h.store.audit.list(request.id)).filter((e) => e.action === 'verify');
  expect(verify).toEqual([
    expect.objectContaining({
      result: 'error',
      detail: expect.stringMatching(/after 3 checks still finds USER_CONSENT_DISABLED/),
    }),
  ]);
  expect(cardText(renderApproval(run.request, h.services.cardKey, 'approver'))).toMatch(/Not verified/);
});
