/**
 * An app that was never added to the tenant (findings/APP_NOT_IN_TENANT.json): Approve adds nothing
 * and grants nothing (adding a foreign app and granting it in one click would skip the review Entra's
 * consent screen gives); the card links to Entra's admin consent. Once the enterprise app exists
 * (added through that link), the requester's next question refreshes the request and Approve grants
 * as usual. And an approval whose grant keeps failing in Graph ends `failed` with the Graph error
 * code and a card that says truthfully what happened.
 */
import path from 'node:path';
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import { runDiagnosis } from '../../src/diagnosis/run';
import { applyRemedy } from '../../src/graph/remedies';
import { submitRequest } from '../../src/requests/submit';
import { assertSimCaTrusted } from '../helpers/sim';
import { CARD_MAC_KEY, DEMO_FIXTURE, startAppHarness, type AppHarness } from '../helpers/app-harness';
import {
  attachedCard,
  cardText,
  cardUpdates,
  createRequest,
  directMessagesTo,
  graphWrites,
  invokeAnswer,
  settle,
  stored,
  verbsOf,
} from '../integration/approvals/helpers';
import { requesterOf } from '../helpers/request-rows';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'tenants', 'findings', 'APP_NOT_IN_TENANT.json');
const APP = CONTOSO.apps.sharePoint.appId;
const SCOPES = ['Files.Read.All', 'Sites.Read.All', 'offline_access', 'User.Read'];
const CONSENT_URL = `https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=${APP}&response_type=code&scope=${encodeURIComponent(SCOPES.join(' '))}`;

let h: AppHarness;

beforeEach(() => {
  assertSimCaTrusted();
});

afterEach(async () => {
  await h?.stop();
});

const servicePrincipalsOf = (appId: string) =>
  h.sim.tenant(h.tenantId).servicePrincipals.filter((s) => s.appId === appId);

it('writes nothing while the app is not in the tenant; once it is added, the request resumes and Approve grants', async () => {
  h = await startAppHarness({ fixture: FIXTURE });
  await h.useAdminChannel();
  const request = await createRequest(h, 'carol', CONSENT_URL);
  expect(request.diagnosis.app?.servicePrincipalId).toBeNull();
  h.sim.clearLog(h.tenantId);

  const answer = invokeAnswer(await h.click('alice', 'approveAll', { ...signCardData(request.id, CARD_MAC_KEY) }));
  await settle(h);
  expect(cardText(answer.value)).toMatch(/not in your tenant yet[\s\S]*admin consent link[\s\S]*Nothing was changed/);
  expect(graphWrites(h.sim.log(h.tenantId))).toEqual([]);
  expect(servicePrincipalsOf(APP)).toHaveLength(0);
  expect((await stored(h, request.id)).state).toBe('pending');

  // An admin adds the app through Entra (the admin consent link creates its enterprise app).
  await applyRemedy(h.services.graph, { kind: 'create_service_principal', appId: APP });
  const [sp] = servicePrincipalsOf(APP);
  // Carol asks again: her pending request takes the fresh diagnosis and its card is updated.
  const run = await runDiagnosis(h.services.graph, {
    tenantId: h.tenantId,
    userQuery: h.user('carol').id,
    appText: CONSENT_URL,
  });
  if (run.status !== 'diagnosed') throw new Error('expected a diagnosis');
  const resumed = await submitRequest(h.services, {
    diagnosis: run.diagnosis,
    requester: requesterOf(h.user('carol')),
    justification: null,
  });
  expect(resumed).toMatchObject({
    kind: 'reused',
    adminCard: 'updated',
    request: { id: request.id, diagnosis: { app: { servicePrincipalId: sp!.id } } },
  });
  h.sim.clearLog(h.tenantId);

  invokeAnswer(await h.click('alice', 'approveAll', { ...signCardData(request.id, CARD_MAC_KEY) }));
  await settle(h);
  const after = await stored(h, request.id);
  expect(after).toMatchObject({ state: 'approved', outcome: { verified: true } });
  expect(after.outcome?.steps.map((s) => `${s.remedy.kind}:${s.status}`)).toEqual(['grant_delegated:done']);
  const grants = h.sim.tenant(h.tenantId).oauth2PermissionGrants.filter((g) => g.clientId === sp!.id);
  expect(grants).toEqual([
    expect.objectContaining({ consentType: 'AllPrincipals', resourceId: CONTOSO.resources.graph }),
  ]);
  expect(grants[0]!.scope.split(' ').sort()).toEqual([...SCOPES].sort());
  expect(graphWrites(h.sim.log(h.tenantId)).map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([
    'POST /v1.0/oauth2PermissionGrants 201',
  ]);
  expect(directMessagesTo(h, h.user('carol'))).toHaveLength(1);
});

it('ends failed, with the Graph error code, when the grant write keeps failing', async () => {
  h = await startAppHarness({ fixture: DEMO_FIXTURE });
  await h.useAdminChannel();
  const request = await createRequest(h, 'carol', CONSENT_URL);
  h.sim.clearLog(h.tenantId);
  // Only the grant POST (no query string) fails, and more times than the client retries.
  h.sim.setFaults(h.tenantId, {
    unavailable: { count: 20, pathPattern: '^/v1\\.0/oauth2PermissionGrants$', retryAfterSeconds: 0 },
  });

  invokeAnswer(await h.click('ben', 'approveAll', { ...signCardData(request.id, CARD_MAC_KEY) }));
  await settle(h);
  h.sim.setFaults(h.tenantId, {});

  const after = await stored(h, request.id);
  expect(after.state).toBe('failed');
  expect(after.outcome?.error).toBe('serviceNotAvailable');
  expect(after.outcome?.steps.map((s) => `${s.remedy.kind}:${s.status}`)).toEqual(['grant_delegated:failed']);
  expect(
    h.sim.tenant(h.tenantId).oauth2PermissionGrants.filter((g) => g.clientId === CONTOSO.apps.sharePoint.spId),
  ).toEqual([]);
  const writes = graphWrites(h.sim.log(h.tenantId));
  expect(writes.length).toBeGreaterThan(0);
  expect(writes.every((w) => w.path === '/v1.0/oauth2PermissionGrants' && w.status === 503)).toBe(true);

  const card = attachedCard(cardUpdates(h, request).at(-1)!.body);
  const text = cardText(card);
  expect(text).toMatch(/Failed after approval by Ben Cloudapp/);
  expect(text).toMatch(/Graph error: serviceNotAvailable/);
  expect(text).toMatch(/Failed: Grant delegated permissions .* \(serviceNotAvailable \(HTTP 503\)\)/);
  // A failed approval can be approved again once Graph is back (test/e2e/approve-again.test.ts).
  expect(verbsOf(card)).toEqual(['approveAll', 'approveUser', 'deny']);

  const audit = await h.store.audit.list(request.id);
  expect(audit.filter((e) => e.action === 'graph_write').map((e) => e.result)).toEqual(['error']);
  expect(audit.find((e) => e.result === 'error')?.detail).toMatch(
    /grant_delegated failed with serviceNotAvailable[\s\S]*Already done: nothing/,
  );
  const toCarol = directMessagesTo(h, h.user('carol'));
  expect(toCarol).toHaveLength(1);
  expect(cardText(attachedCard(toCarol[0]!))).toMatch(/did not go through/);
});
