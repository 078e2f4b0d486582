/**
 * 50 Approve invokes at once on one request, spread over two bot replicas (one storage account,
 * one simulated tenant, one Bot Connector), clicked by both kinds of authorised admin (Alice, Global
 * Administrator; Ben, Cloud Application Administrator) with both approval scopes: exactly one grant
 * write reaches the tenant, exactly one decision is recorded, and every invoke is answered 200.
 */
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import { assertSimCaTrusted } from '../helpers/sim';
import { CARD_MAC_KEY, replicaOf, startAppHarness, type AppHarness } from '../helpers/app-harness';
import {
  cardText,
  createRequest,
  directMessagesTo,
  grantWrites,
  graphWrites,
  invokeAnswer,
  settle,
  stored,
} from '../integration/approvals/helpers';

const N = 50;
let a: AppHarness;
let b: AppHarness;

beforeAll(async () => {
  assertSimCaTrusted();
  // info: 50 concurrent turns at debug level would mostly measure log parsing.
  a = await startAppHarness({ logLevel: 'info' });
  b = await startAppHarness({ ...replicaOf(a), logLevel: 'info' });
  await a.useAdminChannel();
});

afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

it(`${N} concurrent Approve invokes by two admins on two replicas: one grant write, one decision`, async () => {
  const request = await createRequest(a, 'carol', CONTOSO.apps.sharePoint.appId);
  a.sim.clearLog(a.tenantId);
  const data = { ...signCardData(request.id, CARD_MAC_KEY) };

  const responses = await Promise.all(
    Array.from({ length: N }, (_, i) => {
      const replica = i % 2 === 0 ? a : b;
      const who = i % 3 === 0 ? 'ben' : 'alice';
      return replica.click(who, i % 5 === 4 ? 'approveUser' : 'approveAll', data);
    }),
  );
  await Promise.all([settle(a), settle(b)]);

  expect(responses.map((r) => r.status)).toEqual(Array(N).fill(200));
  const answers = responses.map(invokeAnswer);
  expect(answers.filter((x) => x.statusCode !== 200)).toEqual([]);
  expect(answers.every((x) => x.type === 'application/vnd.microsoft.card.adaptive')).toBe(true);
  expect(answers.filter((x) => /Applying the change now/.test(cardText(x.value)))).toHaveLength(1);
  expect(
    answers.filter((x) =>
      /Someone else decided this request first|already (being applied|applying|approved)/i.test(cardText(x.value)),
    ),
  ).toHaveLength(N - 1);

  const log = a.sim.log(a.tenantId);
  expect(log.filter((e) => e.status >= 500)).toEqual([]);
  expect(grantWrites(log)).toHaveLength(1);
  expect(grantWrites(log)[0]).toMatchObject({ status: 201 });
  // Nothing else was written either (a Principal grant for Carol would show up here).
  expect(graphWrites(log)).toHaveLength(1);

  const final = await stored(a, request.id);
  expect(final.state).toBe('approved');
  const audit = await a.store.audit.list(request.id);
  const clicks = audit.filter((e) => e.action.startsWith('click:'));
  expect(clicks).toHaveLength(N);
  expect(clicks.filter((e) => e.result === 'ok')).toHaveLength(1);
  expect(audit.filter((e) => e.action === 'graph_write')).toHaveLength(1);
  expect(final.decision.by?.aadObjectId).toBe(clicks.find((e) => e.result === 'ok')!.actor.aadObjectId);
  expect(directMessagesTo(a, a.user('carol'))).toHaveLength(1);
  // Both replicas served clicks.
  expect(a.logs.filter((l) => l.msg === 'turn' && l.type === 'invoke').length).toBe(N / 2);
  expect(b.logs.filter((l) => l.msg === 'turn' && l.type === 'invoke').length).toBe(N / 2);
  process.stdout.write(
    `approve storm: ${N} invokes, ${grantWrites(log).length} grant write, decided by ${final.decision.by?.displayName} (${final.decision.scope})\n`,
  );
});
