/** The doctor's verdicts (pure): permissions against the needed table, storage, admin channel, sign-in logs. */
import {
  NEEDED_PERMISSIONS,
  decodeAccessToken,
  evaluateDoctor,
  renderDoctor,
  type DoctorFacts,
} from '../../../src/doctor/checks';
import { cachedChecks } from '../../../src/doctor/health-summary';

const ALL = NEEDED_PERMISSIONS.map((p) => p.name);
const TENANT = 'e6c3fbc6-0a2a-4424-bd0f-0ab1bdd37b0b';

function facts(over: Partial<DoctorFacts> = {}): DoctorFacts {
  return {
    mode: 'production',
    tenantId: TENANT,
    configProblems: [],
    token: { roles: [...ALL], tenantId: TENANT, appId: 'bot-app', audience: 'https://graph.microsoft.com' },
    storage: { ok: true },
    adminChannel: 'stored',
    signIns: 'ok',
    ...over,
  };
}

const byId = (f: DoctorFacts) => Object.fromEntries(evaluateDoctor(f).checks.map((c) => [c.id, c]));

describe('evaluateDoctor', () => {
  it('is ok when every permission, storage, the admin channel and sign-in logs are in place', () => {
    const report = evaluateDoctor(facts());
    expect(report.ok).toBe(true);
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(report.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'configuration',
        'token',
        'storage',
        'admin-channel',
        'sign-in-logs',
        ...ALL.map((p) => `permission:${p}`),
      ]),
    );
  });

  it('a missing permission fails with what stops working', () => {
    const checks = byId(
      facts({
        token: { roles: ALL.filter((p) => p !== 'Policy.Read.All'), tenantId: TENANT, appId: 'a', audience: null },
      }),
    );
    expect(checks['permission:Policy.Read.All']).toMatchObject({ status: 'fail' });
    expect(checks['permission:Policy.Read.All'].detail).toMatch(/User consent settings/);
    expect(
      evaluateDoctor(facts({ token: { roles: ['User.Read.All'], tenantId: TENANT, appId: 'a', audience: null } })).ok,
    ).toBe(false);
  });

  it('accepts higher-privilege equivalents and says which', () => {
    const roles = [
      'Application.ReadWrite.All',
      'DelegatedPermissionGrant.ReadWrite.All',
      'AppRoleAssignment.ReadWrite.All',
      'Directory.ReadWrite.All',
      'Policy.Read.All',
      'ConsentRequest.ReadWrite.All',
      'AuditLog.Read.All',
    ];
    const checks = byId(facts({ token: { roles, tenantId: TENANT, appId: 'a', audience: null } }));
    expect(checks['permission:User.Read.All']).toMatchObject({
      status: 'ok',
      detail: 'granted through Directory.ReadWrite.All',
    });
    expect(checks['permission:GroupMember.Read.All'].status).toBe('ok');
    expect(checks['permission:RoleManagement.Read.Directory'].status).toBe('ok');
    expect(checks['permission:ConsentRequest.Read.All']).toMatchObject({
      status: 'ok',
      detail: 'granted through ConsentRequest.ReadWrite.All',
    });
  });

  it('Application.Read.All alone is not enough: Approve could not add apps', () => {
    const roles = [...ALL.filter((p) => p !== 'Application.ReadWrite.All'), 'Application.Read.All'];
    expect(
      byId(facts({ token: { roles, tenantId: TENANT, appId: 'a', audience: null } }))[
        'permission:Application.ReadWrite.All'
      ],
    ).toMatchObject({ status: 'fail' });
  });

  it('without a token, permissions are skipped and the token check fails', () => {
    const checks = byId(facts({ token: { error: 'AADSTS7000215: Invalid client secret provided.' }, signIns: null }));
    expect(checks.token).toMatchObject({ status: 'fail' });
    expect(checks['permission:Policy.Read.All'].status).toBe('skipped');
  });

  it('a token for another tenant fails', () => {
    expect(
      byId(
        facts({ token: { roles: ALL, tenantId: '00000000-0000-0000-0000-000000000001', appId: 'a', audience: null } }),
      ).token.status,
    ).toBe('fail');
  });

  it('storage, admin channel, sign-in logs and configuration', () => {
    expect(byId(facts({ storage: { ok: false, error: 'ECONNREFUSED' }, adminChannel: null })).storage).toMatchObject({
      status: 'fail',
    });
    expect(byId(facts({ adminChannel: 'none' }))['admin-channel'].detail).toMatch(/use this channel for approvals/);
    expect(byId(facts({ adminChannel: 'env' }))['admin-channel'].status).toBe('ok');
    const notPremium = evaluateDoctor(facts({ signIns: 'not_premium' }));
    expect(notPremium.ok).toBe(true);
    expect(notPremium.checks.find((c) => c.id === 'sign-in-logs')?.status).toBe('warn');
    expect(byId(facts({ signIns: 'forbidden' }))['sign-in-logs'].status).toBe('fail');
    expect(byId(facts({ configProblems: ['BOT_ID: required'] })).configuration).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('BOT_ID'),
    });
  });

  it('renders one ✓/✗ line per check and a verdict', () => {
    const text = renderDoctor(
      evaluateDoctor(
        facts({
          token: { roles: ALL.filter((p) => p !== 'AuditLog.Read.All'), tenantId: TENANT, appId: 'a', audience: null },
        }),
      ),
    );
    expect(text).toMatch(/^✗ AuditLog\.Read\.All +missing: /m);
    expect(text).toMatch(/^✓ Policy\.Read\.All +granted$/m);
    expect(text).toMatch(/1 problem\(s\) found/);
  });
});

describe('decodeAccessToken', () => {
  it('reads roles, tenant, app and audience', () => {
    const payload = Buffer.from(
      JSON.stringify({ roles: ['Policy.Read.All', 7], tid: TENANT, appid: 'app', aud: 'https://graph.microsoft.com' }),
    ).toString('base64url');
    expect(decodeAccessToken(`e30.${payload}.sig`)).toEqual({
      roles: ['Policy.Read.All'],
      tenantId: TENANT,
      appId: 'app',
      audience: 'https://graph.microsoft.com',
    });
    expect(() => decodeAccessToken('garbage')).toThrow('not a JWT');
  });
});

describe('cachedChecks', () => {
  it('runs at most once per minute and shares a run between concurrent callers', async () => {
    let clock = new Date('2025-06-12T12:00:00Z');
    let runs = 0;
    const get = cachedChecks(
      async () => {
        runs++;
        return evaluateDoctor(facts());
      },
      { now: () => clock },
    );
    const [a, b] = await Promise.all([get(), get()]);
    expect(runs).toBe(1);
    expect(a).toBe(b);
    expect(a).toMatchObject({
      ok: true,
      checkedAt: '2025-06-12T12:00:00.000Z',
      items: { storage: 'ok', 'permission:Policy.Read.All': 'ok' },
    });
    clock = new Date('2025-06-12T12:00:59Z');
    await get();
    expect(runs).toBe(1);
    clock = new Date('2025-06-12T12:01:00Z');
    await get();
    expect(runs).toBe(2);
  });

  it('shows statuses only, never details', async () => {
    const summary = await cachedChecks(async () => evaluateDoctor(facts({ token: { error: 'secret-ish detail' } })))();
    expect(JSON.stringify(summary)).not.toContain('secret-ish');
  });
});
