/**
 * Findings name people, within the two round trips: who holds a single-user grant is read after the
 * grants (addressed by the app id, so they arrive in round 1); after free text, where the grants
 * arrive a round later, the consent admins' names read by intake name the usual holder (an admin who
 * approved the app for themselves), and anyone else is "one other person", never an object id.
 */
import { join } from 'node:path';
import { runDiagnosis } from '../../../src/diagnosis/run';
import { openSim, useSimSession, type SimSession } from '../../helpers/sim-conn';

const findings = join(__dirname, '..', '..', 'fixtures', 'tenants', 'findings');
const ALICE_ID = '29036974-85ed-4149-89fa-8882de7e958d';
const HEIDI_ID = 'd85b44d0-400f-4bcf-8223-25a07032f7e6';
const SHAREPOINT_CONNECTOR = '34f0b59e-a9fc-4d21-8a85-a3a124438861';
const NOW = new Date('2025-06-12T12:00:00Z');

function parts(s: SimSession): Array<{ round: number; url: string; status: number }> {
  return s
    .graphLog()
    .flatMap((e, round) => (e.batch ?? []).map((p) => ({ round, url: decodeURIComponent(p.url), status: p.status })));
}

function summaries(out: Awaited<ReturnType<typeof runDiagnosis>>): string {
  return out.diagnosis.findings.map((f) => f.summary).join(' ');
}

describe('an app id: the grants in round 1, the names of their holders in round 2', () => {
  const s = useSimSession(join(findings, 'CONSENT_ONLY_FOR_ANOTHER_USER.json'));

  test('Alice Admin is named and the diagnosis takes two round trips', async () => {
    const out = await runDiagnosis(s.conn, {
      tenantId: s.tenantId,
      userQuery: 'carol@contoso.onmicrosoft.com',
      appText: SHAREPOINT_CONNECTOR,
      now: NOW,
    });
    const codes = out.diagnosis.findings.map((f) => f.code);
    expect(codes).toContain('CONSENT_ONLY_FOR_ANOTHER_USER');
    expect(summaries(out)).toContain('only for Alice Admin');
    expect(summaries(out)).not.toContain(ALICE_ID);
    const seen = parts(s);
    expect(s.graphLog().length).toBeLessThanOrEqual(2);
    expect(seen).toContainEqual({
      round: 0,
      url: `/servicePrincipals(appId='${SHAREPOINT_CONNECTOR}')/oauth2PermissionGrants`,
      status: 200,
    });
    expect(seen).toContainEqual({ round: 1, url: `/users/${ALICE_ID}?$select=id,displayName`, status: 200 });
  });

  test('an app the tenant does not have: the reads by app id answer 404 and there are no grants', async () => {
    s.sim.clearLog();
    const missing = '0d4f1d53-6f5b-4a6e-9a53-2f2b8d3a7c11';
    const out = await runDiagnosis(s.conn, {
      tenantId: s.tenantId,
      userQuery: 'carol@contoso.onmicrosoft.com',
      appText: missing,
      now: NOW,
    });
    expect(out.diagnosis.findings.map((f) => f.code)).toContain('APP_NOT_IN_TENANT');
    expect(
      parts(s)
        .filter((p) => p.url.startsWith(`/servicePrincipals(appId='${missing}')`))
        .map((p) => p.status),
    ).toEqual([404, 404]);
  });
});

describe('free text: the consent admins read by intake name the holder', () => {
  test('Alice Admin (a Global Administrator) is named without a third round trip', async () => {
    const s = await openSim(join(findings, 'grants-admin-only-and-tenant-wide-lacks.json'));
    try {
      const out = await runDiagnosis(s.conn, {
        tenantId: s.tenantId,
        userQuery: 'carol@contoso.onmicrosoft.com',
        appText: 'the SharePoint connector',
        now: NOW,
      });
      expect(out.diagnosis.findings.map((f) => f.code)).toEqual(
        expect.arrayContaining(['CONSENT_ONLY_FOR_ANOTHER_USER', 'CONSENT_MISSING_SCOPES']),
      );
      expect(summaries(out)).toContain('only for Alice Admin');
      expect(s.graphLog().length).toBeLessThanOrEqual(2);
      const admins = parts(s).find((p) => p.url.includes('$expand=principal'));
      expect(admins).toMatchObject({ round: 0, status: 200 });
      expect(admins?.url).toContain('roleDefinitionId in (');
      expect(parts(s).some((p) => /^\/users\/[0-9a-f-]{36}\?/.test(p.url))).toBe(false);
    } finally {
      await s.close();
    }
  });

  test('someone who holds no admin role: "one other person", no object id, still two round trips', async () => {
    const s = await openSim(join(findings, 'grants-admin-only-and-tenant-wide-lacks.json'), {
      mutate: (f) => {
        for (const g of f.oauth2PermissionGrants) if (g.principalId === ALICE_ID) g.principalId = HEIDI_ID;
      },
    });
    try {
      const out = await runDiagnosis(s.conn, {
        tenantId: s.tenantId,
        userQuery: 'carol@contoso.onmicrosoft.com',
        appText: 'the SharePoint connector',
        now: NOW,
      });
      const finding = out.diagnosis.findings.find((f) => f.code === 'CONSENT_ONLY_FOR_ANOTHER_USER');
      expect(finding?.summary).toContain('only for one other person');
      expect(finding?.summary).not.toContain(HEIDI_ID);
      // The admin still learns whom to look up.
      expect(finding?.adminSummary).toContain(HEIDI_ID);
      expect(s.graphLog().length).toBeLessThanOrEqual(2);
    } finally {
      await s.close();
    }
  });
});
