/**
 * An app that was never added to the tenant (findings/APP_NOT_IN_TENANT.json): Approve adds its
 * enterprise app (service principal) and then grants the scopes. And the same approval when Graph
 * fails half-way: the service principal is created, the grant keeps failing (503 beyond the
 * retries), and the request ends `failed` with the Graph error code and a card that says truthfully
 * what was already done.
 */
import path from 'node:path';
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import { assertSimCaTrusted } from '../helpers/sim';
import { CARD_MAC_KEY, startAppHarness, type AppHarness } from '../helpers/app-harness';
import {
  attachedCard, cardText, cardUpdates, createRequest, directMessagesTo, graphWrites, invokeAnswer, settle, stored, verbsOf,
} from '../integration/approvals/helpers';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'tenants', 'findings', 'APP_NOT_IN_TENANT.json');
const APP = CONTOSO.apps.sharePoint.appId;
const SCOPES = ['Files.Read.All', 'Sites.Read.All', 'offline_access', 'User.Read'];
const CONSENT_URL = `https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=${APP}&response_type=code&scope=${encodeURIComponent(SCOPES.join(' '))}`;

let h: AppHarness;

beforeEach(async () => {
  assertSimCaTrusted();
  h = await startAppHarness({ fixture: FIXTURE });
  await h.useAdminChannel();
});

afterEach(async () => {
  await h?.stop();
});

const servicePrincipalsOf = (appId: string) => h.sim.tenant(h.tenantId).servicePrincipals.filter((s) => s.appId === appId);

it('creates the service principal, then grants the scopes tenant-wide', async () => {
  const request = await createRequest(h, 'carol', CONSENT_URL);
  expect(request.diagnosis.remedies.map((r) => r.kind)).toEqual(['create_service_principal', 'grant_delegated']);
  expect(servicePrincipalsOf(APP)).toHaveLength(0);
  h.sim.clearLog(h.tenantId);

  invokeAnswer(await h.click('alice', 'approveAll', { ...signCardData(request.id, CARD_MAC_KEY) }));
  await settle(h);

  const after = await stored(h, request.id);
  expect(after).toMatchObject({ state: 'approved', outcome: { verified: true } });
  expect(after.outcome?.steps.map((s) => `${s.remedy.kind}:${s.status}`)).toEqual(['create_service_principal:done', 'grant_delegated:done']);
  const [sp] = servicePrincipalsOf(APP);
  expect(sp).toBeDefined();
  const grants = h.sim.tenant(h.tenantId).oauth2PermissionGrants.filter((g) => g.clientId === sp.id);
  expect(grants).toEqual([expect.objectContaining({ consentType: 'AllPrincipals', resourceId: CONTOSO.resources.graph })]);
  expect(grants[0].scope.split(' ').sort()).toEqual([...SCOPES].sort());
  expect(graphWrites(h.sim.log(h.tenantId)).map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([
    'POST /v1.0/servicePrincipals 201',
    'POST /v1.0/oauth2PermissionGrants 201',
  ]);
  expect(directMessagesTo(h, h.user('carol'))).toHaveLength(1);
});

it('ends failed, with the Graph error code and what was already done, when the grant write keeps failing', async () => {
  const request = await createRequest(h, 'carol', CONSENT_URL);
  h.sim.clearLog(h.tenantId);
  // Only the grant POST (no query string) fails, and more times than the client retries.
  h.sim.setFaults(h.tenantId, { unavailable: { count: 20, pathPattern: '^/v1\\.0/oauth2PermissionGrants$', retryAfterSeconds: 0 } });

  invokeAnswer(await h.click('ben', 'approveAll', { ...signCardData(request.id, CARD_MAC_KEY) }));
  await settle(h);
  h.sim.setFaults(h.tenantId, {});

  const after = await stored(h, request.id);
  expect(after.state).toBe('failed');
  expect(after.outcome?.error).toBe('serviceNotAvailable');
  expect(after.outcome?.steps.map((s) => `${s.remedy.kind}:${s.status}`)).toEqual(['create_service_principal:done', 'grant_delegated:failed']);

  // The tenant shows exactly what the card says: the enterprise app exists, no grant was made.
  const [sp] = servicePrincipalsOf(APP);
  expect(sp).toBeDefined();
  expect(h.sim.tenant(h.tenantId).oauth2PermissionGrants.filter((g) => g.clientId === sp.id)).toEqual([]);
  const writes = graphWrites(h.sim.log(h.tenantId));
  expect(writes.filter((w) => w.status < 300).map((w) => `${w.method} ${w.path}`)).toEqual(['POST /v1.0/servicePrincipals']);
  expect(writes.filter((w) => w.path === '/v1.0/oauth2PermissionGrants').every((w) => w.status === 503)).toBe(true);

  const card = attachedCard(cardUpdates(h, request).at(-1)!.body);
  const text = cardText(card);
  expect(text).toMatch(/Failed after approval by Ben Cloudapp/);
  expect(text).toMatch(/Graph error: serviceNotAvailable/);
  expect(text).toMatch(/Already done before the failure:/);
  expect(text).toMatch(/Done: Add the app to this tenant/);
  expect(text).toMatch(/Failed: Grant delegated permissions .* \(serviceNotAvailable \(HTTP 503\)\)/);
  // The card shows the enterprise app that now exists, under its real name.
  expect(text).not.toMatch(/not in this tenant yet/);
  expect(text).toContain(sp.id);
  expect(text).toContain(CONTOSO.apps.sharePoint.name);
  expect(verbsOf(card)).toEqual([]);

  const audit = await h.store.audit.list(request.id);
  expect(audit.filter((e) => e.action === 'graph_write').map((e) => e.result)).toEqual(['ok', 'error']);
  expect(audit.find((e) => e.result === 'error')?.detail).toMatch(/grant_delegated failed with serviceNotAvailable[\s\S]*Already done: added the enterprise app for /);
  const toCarol = directMessagesTo(h, h.user('carol'));
  expect(toCarol).toHaveLength(1);
  expect(cardText(attachedCard(toCarol[0]))).toMatch(/did not go through/);
});
