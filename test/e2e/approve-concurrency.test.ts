/**
 * Exactly-once under concurrency: ten Approve clicks at once, by two admins, through two bot
 * replicas sharing one storage account, one simulated tenant and one Bot Connector, make exactly
 * one grant write. The compare-and-set on the request's ETag picks one winner; everyone else is
 * shown the current state.
 */
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import { CARD_MAC_KEY, replicaOf, useAppHarness } from '../helpers/app-harness';
import {
  cardText,
  cardUpdates,
  attachedCard,
  createRequest,
  directMessagesTo,
  grantWrites,
  invokeAnswer,
  settle,
  stored,
} from '../integration/approvals/helpers';

const N = 10;
const a = useAppHarness({ adminChannel: true });
// The second replica: the same simulator, storage tables and Bot Connector.
const b = useAppHarness(() => replicaOf(a));

it(`${N} concurrent Approve invokes on two replicas make exactly one grant write`, async () => {
  const request = await createRequest(a, 'carol', CONTOSO.apps.sharePoint.appId);
  a.sim.clearLog(a.tenantId);
  const data = { ...signCardData(request.id, CARD_MAC_KEY) };

  const clicks = Array.from({ length: N }, (_, i) => {
    const replica = i % 2 === 0 ? a : b;
    return replica.click(i % 3 === 0 ? 'ben' : 'alice', 'approveAll', data);
  });
  const answers = (await Promise.all(clicks)).map(invokeAnswer);
  await Promise.all([settle(a), settle(b)]);

  expect(answers.every((x) => x.statusCode === 200 && x.type === 'application/vnd.microsoft.card.adaptive')).toBe(true);
  const applying = answers.filter((x) => /Applying the change now/.test(cardText(x.value)));
  expect(applying).toHaveLength(1);

  // The simulator: one grant write, one grant.
  expect(grantWrites(a.sim.log(a.tenantId))).toEqual([expect.objectContaining({ method: 'POST', status: 201 })]);
  const grants = a.sim
    .tenant(a.tenantId)
    .oauth2PermissionGrants.filter((g) => g.clientId === CONTOSO.apps.sharePoint.spId);
  expect(grants).toHaveLength(1);
  expect(grants[0].consentType).toBe('AllPrincipals');

  // One decision, one outcome, one notification.
  expect(await stored(a, request.id)).toMatchObject({ state: 'approved', outcome: { verified: true } });
  const audit = await a.store.audit.list(request.id);
  expect(audit.filter((e) => e.action === 'graph_write')).toHaveLength(1);
  expect(audit.filter((e) => e.action === 'click:approveAll')).toHaveLength(N);
  expect(audit.filter((e) => e.action === 'click:approveAll' && e.result === 'ok')).toHaveLength(1);
  expect(directMessagesTo(a, a.user('carol'))).toHaveLength(1);
  expect(cardText(attachedCard(cardUpdates(a, request).at(-1)!.body))).toMatch(/Approved for everyone/);
});
