/**
 * SIGKILL between the Graph write and saving the outcome. The bot runs as a real process
 * (`tsx src/index.ts`, production mode) whose Microsoft cloud is a simulator in this test process,
 * so the tenant outlives the kill: the simulator also plays the Bot Framework (channel tokens are
 * minted for each click), Graph is pointed at it with GRAPH_* variables, storage is an Azurite this
 * test owns, and the Bot Connector is the fake one. Latency on Graph opens a window after the grant
 * write (the verification reads are slow); the process group is killed as soon as the simulator has
 * answered the grant POST. The request is then stuck in `approving`; a new process's reconciler
 * (APPROVAL_STALE_SECONDS=1) completes it without a second grant write: the remedies read first and
 * find the grant in place.
 */
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import { CARD_MAC_KEY } from '../helpers/app-harness';
import { stopProcessGroup } from '../helpers/processes';
import { cardText, createRequest, grantWrites, graphWrites, stored } from '../integration/approvals/helpers';
import { until } from './support/bot-process';
import { usePeers } from './support/peers';

const LATENCY_MS = 2500;

// Both processes share one data directory, as a restarted bot would.
const peers = usePeers({ sharedTables: {} });
const { fixture, sim, connector, h, postToBot, adminChannelClick } = peers;
/** The bot as a real process in production mode, on this suite's simulator and storage; reconciles after 1 s. */
const startBot = () => peers.startBot({ env: { APPROVAL_STALE_SECONDS: '1' } });

it('a bot killed after the grant write leaves `approving`; the next process completes it without writing again', async () => {
  const request = await createRequest(h, 'carol', CONTOSO.apps.sharePoint.appId);
  const spId = CONTOSO.apps.sharePoint.spId;
  const grantsFor = () =>
    sim
      .tenant(fixture.tenant.id)
      .oauth2PermissionGrants.filter((g) => g.clientId === spId && g.consentType === 'AllPrincipals');
  expect(grantsFor()).toHaveLength(0);

  const first = await startBot();
  sim.clearLog(fixture.tenant.id);
  const click = adminChannelClick('alice', 'approveAll', { ...signCardData(request.id, CARD_MAC_KEY) });
  const res = await postToBot(first, click);
  expect(res.status).toBe(200);
  const answer = (await res.json()) as { value: unknown };
  expect(cardText(answer.value)).toMatch(/Applying the change now/);

  // Every Graph round trip is now slow: the grant POST, and the verification reads after it.
  sim.setFaults(fixture.tenant.id, { latencyMs: LATENCY_MS });
  const grantPost = await until(
    'the grant POST',
    () => grantWrites(sim.log(fixture.tenant.id)).find((w) => w.method === 'POST') ?? null,
    60_000,
    first.output,
  );
  const killedAt = Date.now();
  await stopProcessGroup(first.child, 'SIGKILL');
  sim.setFaults(fixture.tenant.id, {});
  expect(first.child.signalCode).toBe('SIGKILL');
  expect(grantPost.status).toBe(201);
  expect(grantsFor()).toHaveLength(1);

  const stuck = await stored(h, request.id);
  expect(stuck.state).toBe('approving');
  expect(stuck.outcome).toBeNull();
  const auditBefore = await h.store.audit.list(request.id);
  process.stdout.write(
    `killed ${Date.now() - killedAt} ms after seeing the grant POST; stored state: ${stuck.state}; audit so far: ${auditBefore.map((e) => `${e.action}/${e.result}`).join(', ')}\n`,
  );

  // A new process: its start-up reconciler takes the stale approval over.
  sim.clearLog(fixture.tenant.id);
  const restartedAt = Date.now();
  const second = await startBot();
  const done = await until(
    'the reconciler to complete the request',
    async () => {
      const row = await h.store.requests.get(request.id);
      return row && row.value.state !== 'approving' ? row.value : null;
    },
    60_000,
    second.output,
  );
  process.stdout.write(
    `after restart: ${done.state} in ${Date.now() - restartedAt} ms (process start included); outcome ${JSON.stringify(done.outcome?.steps.map((s) => s.status))}, verified ${String(done.outcome?.verified)}\n`,
  );

  expect(done.state).toBe('approved');
  expect(done.outcome?.verified).toBe(true);
  expect(done.outcome?.steps.map((s) => s.status)).toEqual(['already_done']);
  // No second write of any kind: the grant was read and found complete.
  const writesAfter = graphWrites(sim.log(fixture.tenant.id));
  process.stdout.write(`Graph writes by the new process: ${JSON.stringify(writesAfter)}\n`);
  expect(writesAfter).toEqual([]);
  expect(grantsFor()).toHaveLength(1);
  const audit = await h.store.audit.list(request.id);
  expect(audit.filter((e) => e.action === 'reconcile')).toHaveLength(1);
  expect(audit.filter((e) => e.action === 'graph_write' && e.result === 'ok')).toHaveLength(
    auditBefore.filter((e) => e.action === 'graph_write').length,
  );
  // Carol is told once, by the new process.
  await until(
    'Carol to be told',
    () =>
      connector.calls.some((c) => c.method === 'POST' && JSON.stringify(c.body).includes('approved')) ? true : null,
    30_000,
    second.output,
  );

  await stopProcessGroup(second.child, 'SIGTERM');
});
