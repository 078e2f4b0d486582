/**
 * The simulator's sign-in page on the demo tenant: for each of the three field situations it shows
 * what Entra would show before the fix, records the matching error code, and — after the bot's own
 * diagnosis and remedies are applied through Graph — signs the user in.
 */
import { join } from 'node:path';
import type { RunningSimulator } from '../../../sim';
import { runDiagnosis } from '../../../src/diagnosis/run';
import { applyRemedy } from '../../../src/graph/remedies';
import type { SignIn } from '../../../src/graph/types';
import { useSimSession, type SimSession } from '../../helpers/sim-conn';

const DEMO = join(__dirname, '..', '..', 'fixtures', 'tenants', 'demo-contoso.json');
const DOMAIN = 'contoso.onmicrosoft.com';
const APPS = {
  sharePoint: '34f0b59e-a9fc-4d21-8a85-a3a124438861',
  oneDrive: '220cd2fc-32a6-4d49-bac5-0f052633b581',
  outlook: '46d8463e-640b-4298-825f-a19bbf762b16',
};

interface Page {
  status: number;
  title: string;
  body: string;
}

async function open(sim: RunningSimulator, tenantId: string, query: Record<string, string>): Promise<Page> {
  const res = await fetch(`${sim.url}/${tenantId}/oauth2/v2.0/authorize?${new URLSearchParams(query).toString()}`);
  const body = await res.text();
  return { status: res.status, title: /<h1>([^<]*)<\/h1>/.exec(body)?.[1] ?? '', body };
}

async function submit(sim: RunningSimulator, tenantId: string, form: Record<string, string>): Promise<Page> {
  const res = await fetch(`${sim.url}/${tenantId}/oauth2/v2.0/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = await res.text();
  return { status: res.status, title: /<h1>([^<]*)<\/h1>/.exec(body)?.[1] ?? '', body };
}

const lastSignIn = (s: SimSession): SignIn => s.sim.tenant(s.tenantId).signIns.at(-1) as SignIn;

describe('sign-in page: the three demo situations, before and after the fix', () => {
  const s = useSimSession(DEMO);

  const situations = [
    {
      name: 'SharePoint connector: user consent off, nobody consented',
      user: 'carol',
      app: APPS.sharePoint,
      title: 'Approval required',
      code: 90095,
    },
    // Alice's own grant lacks offline_access, and a signIn never says which permissions were asked
    // for: Dave first sends "Request approval", so Entra records the app's real request (pendingScopes).
    {
      name: 'Outlook connector: Alice consented only for herself',
      user: 'dave',
      app: APPS.outlook,
      title: 'Approval required',
      code: 90095,
      requestFirst: true,
    },
    {
      name: 'OneDrive connector: assigned only through a nested group',
      user: 'erin',
      app: APPS.oneDrive,
      title: "Sorry, but we're having trouble signing you in.",
      code: 50105,
    },
  ];

  test.each(situations)('$name', async ({ user, app, title, code, requestFirst }) => {
    const upn = `${user}@${DOMAIN}`;
    const before = await open(s.sim, s.tenantId, {
      client_id: app,
      login_hint: upn,
      redirect_uri: 'https://connectors.qlik.example/cb',
    });
    expect(before.title).toBe(title);
    if (code === 50105) expect(before.body).toContain('AADSTS50105');
    const record = lastSignIn(s);
    expect(record).toMatchObject({ userPrincipalName: upn, appId: app, status: { errorCode: code } });
    // A signIn has no field for the requested permissions: nothing invented in additionalDetails.
    expect(record.status.additionalDetails ?? null).toBeNull();
    if (requestFirst)
      await submit(s.sim, s.tenantId, { action: 'request', client_id: app, login_hint: upn, justification: 'Reports' });

    const outcome = await runDiagnosis(s.conn, { tenantId: s.tenantId, userQuery: upn, appText: app });
    expect(outcome.status).toBe('diagnosed');
    expect(outcome.diagnosis.findings.some((f) => f.fixable)).toBe(true);
    for (const remedy of outcome.diagnosis.remedies) await applyRemedy(s.graph, remedy);

    const after = await open(s.sim, s.tenantId, {
      client_id: app,
      login_hint: upn,
      redirect_uri: 'https://connectors.qlik.example/cb',
    });
    expect(after.title).toBe("You're signed in");
    expect(after.body).toContain('https://connectors.qlik.example/cb?code=');
    expect(lastSignIn(s)).toMatchObject({ userPrincipalName: upn, appId: app, status: { errorCode: 0 } });
  });
});

describe('sign-in page: consent, approval requests and the account picker', () => {
  const s = useSimSession(DEMO, {
    mutate: (f) => {
      // Let users consent (legacy policy) so the Outlook connector shows the consent page.
      f.authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned = [
        'ManagePermissionGrantsForSelf.microsoft-user-default-legacy',
      ];
    },
  });

  test('without login_hint the page lists the accounts to pick, each linking with login_hint', async () => {
    const page = await open(s.sim, s.tenantId, { client_id: APPS.sharePoint });
    expect(page.title).toBe('Pick an account');
    expect(page.body).toContain('Qlik Web Connectors (Office 365 SharePoint)');
    expect(page.body).toContain('login_hint=carol%40contoso.onmicrosoft.com');
    expect(page.body).not.toContain('frank@'); // disabled accounts are not offered
  });

  test('a user who may consent sees the consent page; Accept creates their own grant and signs them in', async () => {
    const upn = `dave@${DOMAIN}`;
    const page = await open(s.sim, s.tenantId, { client_id: APPS.outlook, login_hint: upn });
    expect(page.title).toBe('Permissions requested');
    expect(page.body).toContain('Read user mail');
    expect(page.body).not.toContain('Consent on behalf of your organization');
    expect(lastSignIn(s).status.errorCode).toBe(65001);

    const done = await submit(s.sim, s.tenantId, { action: 'accept', client_id: APPS.outlook, login_hint: upn });
    expect(done.title).toBe("You're signed in");
    const t = s.sim.tenant(s.tenantId);
    const outlookSp = t.servicePrincipals.find((sp) => sp.appId === APPS.outlook)!;
    const daveId = t.users.find((u) => u.userPrincipalName === upn)!.id;
    const grant = t.oauth2PermissionGrants.find((g) => g.clientId === outlookSp.id && g.principalId === daveId);
    expect(grant).toMatchObject({ consentType: 'Principal' });
    expect(grant!.scope.split(' ').sort()).toEqual(['Mail.Read', 'User.Read', 'offline_access']);
    expect(lastSignIn(s)).toMatchObject({ userId: daveId, status: { errorCode: 0 } });
  });

  test('Cancel on the consent page records AADSTS65004', async () => {
    const upn = `heidi@${DOMAIN}`;
    const page = await submit(s.sim, s.tenantId, { action: 'cancel', client_id: APPS.outlook, login_hint: upn });
    expect(page.body).toContain('AADSTS65004');
    expect(lastSignIn(s)).toMatchObject({ userPrincipalName: upn, status: { errorCode: 65004 } });
  });

  test('an admin consenting on behalf of the organization creates the tenant-wide grant', async () => {
    const page = await open(s.sim, s.tenantId, {
      client_id: APPS.sharePoint,
      login_hint: `alice@${DOMAIN}`,
      prompt: 'admin_consent',
    });
    expect(page.title).toBe('Permissions requested');
    expect(page.body).toContain('Consent on behalf of your organization');
    const done = await submit(s.sim, s.tenantId, {
      action: 'accept',
      consent_for_org: 'true',
      client_id: APPS.sharePoint,
      login_hint: `alice@${DOMAIN}`,
      prompt: 'admin_consent',
    });
    expect(done.title).toBe("You're signed in");
    const carol = await open(s.sim, s.tenantId, { client_id: APPS.sharePoint, login_hint: `carol@${DOMAIN}` });
    expect(carol.title).toBe("You're signed in");
  });

  test('prompt=consent asks again even when everything is granted; prompt=none cannot show a page', async () => {
    const again = await open(s.sim, s.tenantId, {
      client_id: APPS.sharePoint,
      login_hint: `grace@${DOMAIN}`,
      prompt: 'consent',
    });
    // Files.Read.All etc. are User-type and the policy is legacy: Grace may consent herself.
    expect(again.title).toBe('Permissions requested');
    const silent = await open(s.sim, s.tenantId, {
      client_id: APPS.outlook,
      login_hint: `grace@${DOMAIN}`,
      prompt: 'none',
    });
    expect(silent.body).toContain('AADSTS65001');
    expect(lastSignIn(s).status.errorCode).toBe(65001);
  });

  test('everything from the request is escaped', async () => {
    const page = await open(s.sim, s.tenantId, {
      client_id: APPS.sharePoint,
      login_hint: '<script>alert(1)</script>@evil.example',
      redirect_uri: 'javascript:alert(1)',
    });
    expect(page.body).toContain('AADSTS50020');
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('&lt;script&gt;');
  });
});

describe('sign-in page: the admin consent workflow', () => {
  const s = useSimSession(DEMO);

  test('"Request approval" creates an InProgress consent request; the next visit says it is awaiting approval', async () => {
    const upn = `carol@${DOMAIN}`;
    // The demo tenant already holds Carol's request for this app: start from none.
    const t = s.sim.tenant(s.tenantId);
    t.appConsentRequests.splice(
      0,
      t.appConsentRequests.length,
      ...t.appConsentRequests.filter((r) => r.appId !== APPS.sharePoint),
    );
    const sent = await submit(s.sim, s.tenantId, {
      action: 'request',
      client_id: APPS.sharePoint,
      login_hint: upn,
      justification: 'Monthly <b>report</b>',
    });
    expect(sent.title).toBe('Request sent');
    const request = s.sim.tenant(s.tenantId).appConsentRequests.find((r) => r.appId === APPS.sharePoint)!;
    expect(request.pendingScopes.map((p) => p.displayName).sort()).toEqual([
      'Files.Read.All',
      'Sites.Read.All',
      'User.Read',
      'offline_access',
    ]);
    expect(request.userConsentRequests).toEqual([
      expect.objectContaining({
        status: 'InProgress',
        reason: 'Monthly <b>report</b>',
        createdBy: { user: expect.objectContaining({ userPrincipalName: upn }) },
      }),
    ]);

    const again = await open(s.sim, s.tenantId, { client_id: APPS.sharePoint, login_hint: upn });
    expect(again.title).toBe('Approval required');
    expect(again.body).toContain('Your request is awaiting approval');
    // Graph shows it to the bot.
    const listed = (await s.graph.client.api('/identityGovernance/appConsent/appConsentRequests').get()) as {
      value: Array<{ appId: string }>;
    };
    expect(listed.value.map((r) => r.appId)).toContain(APPS.sharePoint);
  });

  test('with the workflow off the page is "Need admin approval" (90094)', async () => {
    s.sim.tenant(s.tenantId).adminConsentRequestPolicy.isEnabled = false;
    const page = await open(s.sim, s.tenantId, { client_id: APPS.outlook, login_hint: `heidi@${DOMAIN}` });
    expect(page.title).toBe('Need admin approval');
    expect(lastSignIn(s).status.errorCode).toBe(90094);
  });

  test('unknown app and unknown tenant', async () => {
    const unknownApp = await open(s.sim, s.tenantId, {
      client_id: '11111111-2222-3333-4444-555555555555',
      login_hint: `carol@${DOMAIN}`,
    });
    expect(unknownApp.body).toContain('AADSTS700016');
    const res = await fetch(`${s.sim.url}/no-such-tenant.example/oauth2/v2.0/authorize?client_id=x`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('AADSTS90002');
  });
});
