import { evaluateDoctor, renderDoctor, type DoctorFacts } from '../../../src/doctor/checks';
import { watcherChecks } from '../../../src/doctor/watcher-checks';

const ALL = new Set(['consentrequest.read.all', 'auditlog.read.all']);
const ran = (status: 'ok' | 'forbidden' | 'failed', permission: string | null = null) => ({
  at: '2025-06-12T10:00:00.000Z',
  status,
  missingPermission: permission,
});

describe("the doctor's watcher lines", () => {
  test('off is fine and says how to turn it on', () => {
    const [entra, signIns] = watcherChecks(
      { settings: { entraRequests: false, signIns: false }, health: null },
      ALL,
      'ok',
    );
    expect(entra).toMatchObject({
      id: 'watcher:entra-requests',
      status: 'ok',
      detail: expect.stringMatching(/^off \(WATCH_ENTRA_REQUESTS=on/),
    });
    expect(signIns).toMatchObject({
      id: 'watcher:sign-ins',
      status: 'ok',
      detail: expect.stringMatching(/^off \(WATCH_SIGN_INS=on/),
    });
  });

  test('on without the permission, or without premium: a warning naming what is missing, never a failure', () => {
    const checks = watcherChecks(
      { settings: { entraRequests: true, signIns: true }, health: null },
      new Set(),
      'forbidden',
    );
    expect(checks.map((c) => c.status)).toEqual(['warn', 'warn']);
    expect(checks[0].detail).toContain('lacks ConsentRequest.Read.All');
    expect(checks[1].detail).toContain('lacks AuditLog.Read.All');
    const noPremium = watcherChecks(
      { settings: { entraRequests: true, signIns: true }, health: null },
      ALL,
      'not_premium',
    );
    expect(noPremium[1]).toMatchObject({ status: 'warn', detail: expect.stringContaining('no Entra ID P1/P2') });
  });

  test('without storage the last run is not known; with it, "not run yet" until it runs', () => {
    expect(
      watcherChecks({ settings: { entraRequests: true, signIns: false }, health: null }, ALL, 'ok')[0].detail,
    ).toContain('its last run is not known (storage not checked)');
    const health = { entraRequests: { enabled: true, lastRun: null }, signIns: { enabled: false, lastRun: null } };
    expect(watcherChecks({ settings: { entraRequests: true, signIns: false }, health }, ALL, 'ok')[0].detail).toContain(
      'it has not run yet',
    );
  });

  test('the last run is reported: ok, refused, failed', () => {
    const health = {
      entraRequests: { enabled: true, lastRun: ran('ok') },
      signIns: { enabled: true, lastRun: ran('failed') },
    };
    const [entra, signIns] = watcherChecks({ settings: { entraRequests: true, signIns: true }, health }, ALL, 'ok');
    expect(entra).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('last run 2025-06-12T10:00:00.000Z: ok'),
    });
    expect(signIns).toMatchObject({ status: 'warn', detail: expect.stringContaining('failed and will be retried') });
    const refused = watcherChecks(
      {
        settings: { entraRequests: true, signIns: false },
        health: { ...health, entraRequests: { enabled: true, lastRun: ran('forbidden', 'ConsentRequest.Read.All') } },
      },
      ALL,
      'ok',
    );
    expect(refused[0]).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('grant ConsentRequest.Read.All'),
    });
  });

  test('in the whole report the watchers never turn the verdict into a failure', () => {
    const facts: DoctorFacts = {
      mode: 'simulator',
      tenantId: null,
      configProblems: [],
      token: { roles: ['Policy.Read.All'], tenantId: null, appId: 'a', audience: null },
      storage: null,
      adminChannel: 'env',
      signIns: 'forbidden',
      watchers: { settings: { entraRequests: true, signIns: true }, health: null },
    };
    const report = evaluateDoctor(facts);
    const watcherLines = report.checks.filter((c) => c.id.startsWith('watcher:'));
    expect(watcherLines.map((c) => c.status)).toEqual(['warn', 'warn']);
    expect(renderDoctor(report)).toMatch(/^! Entra request watcher +on, but the bot lacks ConsentRequest\.Read\.All/m);
  });
});
