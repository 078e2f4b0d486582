/**
 * Cost of a diagnosis, read from the simulator's own request log (not from our counters):
 * a known app id takes at most two sequential Graph round trips; free text as well when the
 * intake round finds the app; paging follows every nextLink; a 403 becomes a finding, not a crash.
 */
import { join } from 'node:path';
import { runDiagnosis } from '../../../src/diagnosis/run';
import { gatherFacts } from '../../../src/diagnosis/gather-facts';
import { GraphUnavailableError } from '../../../src/graph/errors';
import { TenantReadCache } from '../../../src/graph/tenant-read-cache';
import { openSim, useSimSession } from '../../helpers/sim-conn';

const tenants = join(__dirname, '..', '..', 'fixtures', 'tenants');
const demo = join(tenants, 'demo-contoso.json');
const SHAREPOINT_CONNECTOR = '34f0b59e-a9fc-4d21-8a85-a3a124438861';
const ONEDRIVE_CONNECTOR = '220cd2fc-32a6-4d49-bac5-0f052633b581';
const ALICE_ID = '29036974-85ed-4149-89fa-8882de7e958d';
const CAROL_ID = '9ac15b5c-cbf5-4621-82a7-0ef7ccd3774f';
const ERIN_ID = '4b9e48c2-9078-4f9b-bd37-8a8d92eccd90';
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const CLOUD_APPLICATION_ADMINISTRATOR = '158c047a-c907-4556-b7ef-446551a6b5f7';

describe('round trips', () => {
  const s = useSimSession(demo);
  beforeEach(() => {
    s.sim.clearLog();
  });

  test('a known app id: at most two sequential round trips, every one a $batch', async () => {
    const out = await runDiagnosis(s.conn, {
      tenantId: s.tenantId,
      userQuery: 'carol@contoso.onmicrosoft.com',
      appText: SHAREPOINT_CONNECTOR,
    });
    expect(out.status).toBe('diagnosed');
    const log = s.graphLog();
    expect(log.length).toBeGreaterThanOrEqual(1);
    expect(log.length).toBeLessThanOrEqual(2);
    for (const entry of log) {
      expect(entry.method).toBe('POST');
      expect(entry.path).toMatch(/\/\$batch/);
      expect(entry.batch!.length).toBeLessThanOrEqual(20);
    }
    // Our counters agree with what the simulator saw.
    expect(out.diagnosis.graph.roundTrips).toBe(log.length);
    expect(out.diagnosis.graph.requests).toBe(log.reduce((n, e) => n + (e.batch?.length ?? 1), 0));
    expect(out.diagnosis.findings.map((f) => f.code)).toContain('USER_CONSENT_DISABLED');
  });

  test('free text that names the app: intake + facts still fit in two round trips', async () => {
    const out = await runDiagnosis(s.conn, {
      tenantId: s.tenantId,
      userQuery: 'erin@contoso.onmicrosoft.com',
      appText: 'the Qlik OneDrive connector asks for admin approval',
    });
    expect(out.status).toBe('diagnosed');
    expect(out.diagnosis.app?.appId).toBe(ONEDRIVE_CONNECTOR);
    expect(out.diagnosis.findings.map((f) => f.code)).toContain('ASSIGNED_ONLY_VIA_NESTED_GROUP');
    expect(s.graphLog().length).toBeLessThanOrEqual(2);
  });

  test("free text with the tenant's apps cached: the named app's reads join intake, one round trip, the same diagnosis", async () => {
    // By object id, as the bot asks: the person's roles need it (a UPN costs them a round of their own).
    const ask = {
      tenantId: s.tenantId,
      userQuery: ERIN_ID,
      appText: 'the Qlik OneDrive connector asks for admin approval',
    };
    const cold = await runDiagnosis(s.conn, ask);
    const conn = { ...s.conn, tenantReads: new TenantReadCache(60_000) };
    await runDiagnosis(conn, ask); // warms the cache
    s.sim.clearLog();
    const warm = await runDiagnosis(conn, ask);
    const log = s.graphLog();
    expect(log).toHaveLength(1);
    expect(log[0].batch!.map((p) => p.id)).toEqual(
      expect.arrayContaining(['failedSignIns', 'grants', 'appRoleAssignedTo']),
    );
    expect(warm.diagnosis.app?.appId).toBe(ONEDRIVE_CONNECTOR);
    const gist = (d: typeof cold.diagnosis) => ({ findings: d.findings, remedies: d.remedies, requested: d.requested });
    expect(gist(warm.diagnosis)).toEqual(gist(cold.diagnosis));

    // An app with Entra consent requests: the people behind them need the requests' ids, one round later.
    const sharePoint = {
      ...ask,
      userQuery: CAROL_ID,
      appText: 'the SharePoint connector asks for admin approval',
    };
    const coldSharePoint = await runDiagnosis(s.conn, sharePoint);
    s.sim.clearLog();
    const warmSharePoint = await runDiagnosis(conn, sharePoint);
    expect(s.graphLog().length).toBeLessThanOrEqual(2);
    expect(gist(warmSharePoint.diagnosis)).toEqual(gist(coldSharePoint.diagnosis));
  });

  test('free text for an app with Entra consent requests: the people behind them are read within two round trips', async () => {
    const out = await runDiagnosis(s.conn, {
      tenantId: s.tenantId,
      userQuery: 'carol@contoso.onmicrosoft.com',
      appText: 'the SharePoint connector asks for admin approval',
    });
    expect(out.status).toBe('diagnosed');
    // The fixture's dates are as written here, so Carol's request reads as pending or expired.
    expect(out.diagnosis.findings.some((f) => /^CONSENT_REQUEST_(PENDING|EXPIRED)$/.test(f.code))).toBe(true);
    const log = s.graphLog();
    expect(log.length).toBeLessThanOrEqual(2);
    // userConsentRequests are read one request at a time (v1.0 never inlines them).
    expect(
      log
        .flatMap((e) => e.batch ?? [])
        .some((part) => /appConsentRequests\/[^/?]+\/userConsentRequests/.test(part.url)),
    ).toBe(true);
  });

  test('vague text: several candidates are returned without diagnosing', async () => {
    const out = await runDiagnosis(s.conn, {
      tenantId: s.tenantId,
      userQuery: 'carol@contoso.onmicrosoft.com',
      appText: 'the Qlik connector',
    });
    expect(out.status).toBe('choose');
    expect(out.diagnosis.candidates.length).toBeGreaterThan(1);
    expect(out.diagnosis.candidates.every((c) => c.displayName.startsWith('Qlik Web Connectors'))).toBe(true);
    expect(s.graphLog().length).toBe(1);
  });
});

describe("the user's directory roles", () => {
  const s = useSimSession(demo);
  beforeEach(() => {
    s.sim.clearLog();
  });

  const roleParts = (): Array<{ round: number; url: string }> =>
    s
      .graphLog()
      .flatMap((e, round) => (e.batch ?? []).map((p) => ({ round, url: p.url })))
      // The user's own roles (filtered on principalId), not the consent admins intake names.
      .filter((p) => p.url.includes('/roleManagement/directory/roleAssignments') && /principalId(%20| )eq/.test(p.url));

  test('an object id (what the bot passes): read in round 1, two round trips in all', async () => {
    const { facts } = await gatherFacts(s.conn, {
      tenantId: s.tenantId,
      userQuery: ALICE_ID,
      appId: SHAREPOINT_CONNECTOR,
    });
    expect(facts.userRoleDefinitionIds).toEqual([GLOBAL_ADMINISTRATOR]);
    expect(roleParts()).toEqual([
      { round: 0, url: expect.stringContaining(`principalId%20eq%20%27${ALICE_ID}%27`) as string },
    ]);
    expect(s.graphLog().length).toBeLessThanOrEqual(2);
  });

  test('a UPN: read in round 2 with the id learnt in round 1, still two round trips', async () => {
    const { facts } = await gatherFacts(s.conn, {
      tenantId: s.tenantId,
      userQuery: 'ben@contoso.onmicrosoft.com',
      appId: SHAREPOINT_CONNECTOR,
    });
    expect(facts.userRoleDefinitionIds).toEqual([CLOUD_APPLICATION_ADMINISTRATOR]);
    expect(roleParts().map((p) => p.round)).toEqual([1]);
    expect(s.graphLog().length).toBeLessThanOrEqual(2);
  });

  test('free text: the user read by the intake round lets the roles join the second round', async () => {
    const out = await runDiagnosis(s.conn, {
      tenantId: s.tenantId,
      userQuery: 'erin@contoso.onmicrosoft.com',
      appText: 'the Qlik OneDrive connector asks for admin approval',
    });
    expect(out.status).toBe('diagnosed');
    expect(roleParts().map((p) => p.round)).toEqual([1]);
    expect(s.graphLog().length).toBeLessThanOrEqual(2);
  });

  test('a plain user holds no role', async () => {
    const { facts } = await gatherFacts(s.conn, {
      tenantId: s.tenantId,
      userQuery: CAROL_ID,
      appId: SHAREPOINT_CONNECTOR,
    });
    expect(facts.userRoleDefinitionIds).toEqual([]);
  });
});

describe('paging', () => {
  const s = useSimSession(demo, { pageSize: 2 });

  test('every collection is followed to its last page, and the facts match the unpaged ones', async () => {
    const paged = (
      await gatherFacts(s.conn, {
        tenantId: s.tenantId,
        userQuery: 'erin@contoso.onmicrosoft.com',
        appId: ONEDRIVE_CONNECTOR,
      })
    ).facts;
    const log = s.graphLog();
    const unpaged = await openSim(demo);
    try {
      const full = (
        await gatherFacts(unpaged.conn, {
          tenantId: unpaged.tenantId,
          userQuery: 'erin@contoso.onmicrosoft.com',
          appId: ONEDRIVE_CONNECTOR,
        })
      ).facts;
      expect(paged.transitiveGroups.map((g) => g.id).sort()).toEqual(full.transitiveGroups.map((g) => g.id).sort());
      expect(paged.transitiveGroups.length).toBeGreaterThan(2);
      expect(paged.resources).toEqual(full.resources);
      expect(paged.grants).toEqual(full.grants);
      expect(paged.permissionGrantPolicies.length).toBe(full.permissionGrantPolicies.length);
      expect(paged.permissionGrantPolicies.length).toBeGreaterThan(2);
    } finally {
      await unpaged.close();
    }
    // Next pages travelled in batches too (skiptoken inside batch parts).
    expect(log.some((e) => (e.batch ?? []).some((p) => /skiptoken/i.test(p.url)))).toBe(true);
    expect(log.every((e) => e.path.includes('$batch'))).toBe(true);
  });
});

describe('missing bot permissions', () => {
  test('403 on a read names the permission instead of failing', async () => {
    const s = await openSim(demo, {
      mutate: (f) => {
        f.clients[0].roles = f.clients[0].roles.filter(
          (r) => r !== 'Policy.Read.All' && r !== 'ConsentRequest.Read.All',
        );
      },
    });
    try {
      const { facts } = await gatherFacts(s.conn, {
        tenantId: s.tenantId,
        userQuery: 'carol@contoso.onmicrosoft.com',
        appId: SHAREPOINT_CONNECTOR,
      });
      expect(facts.authorizationPolicy).toBeNull();
      expect(facts.adminConsentRequestPolicy).toBeNull();
      expect(facts.consentRequests).toEqual([]);
      expect([...new Set(facts.forbidden.map((f) => f.permission))].sort()).toEqual([
        'ConsentRequest.Read.All',
        'Policy.Read.All',
      ]);
      expect(facts.forbidden.map((f) => f.fact)).toEqual(
        expect.arrayContaining(['the user consent settings', 'the Entra admin consent requests']),
      );
      expect(facts.forbidden.every((f) => f.code === 'Authorization_RequestDenied')).toBe(true);
      // Everything else was still read.
      expect(facts.user?.userPrincipalName).toBe('carol@contoso.onmicrosoft.com');
      expect(facts.servicePrincipal?.appId).toBe(SHAREPOINT_CONNECTOR);
    } finally {
      await s.close();
    }
  });

  test("403 on the user's roles names RoleManagement.Read.Directory; the roles are unknown and the rest is read", async () => {
    const s = await openSim(demo, {
      mutate: (f) => {
        f.clients[0].roles = f.clients[0].roles.filter(
          (r) => r !== 'RoleManagement.Read.Directory' && r !== 'Directory.Read.All',
        );
      },
    });
    try {
      const { facts } = await gatherFacts(s.conn, {
        tenantId: s.tenantId,
        userQuery: ALICE_ID,
        appId: SHAREPOINT_CONNECTOR,
      });
      expect(facts.userRoleDefinitionIds).toBeNull();
      expect(facts.forbidden).toContainEqual({
        fact: "the user's directory roles",
        permission: 'RoleManagement.Read.Directory',
        code: 'Authorization_RequestDenied',
      });
      expect(facts.user?.id).toBe(ALICE_ID);
      expect(facts.servicePrincipal?.appId).toBe(SHAREPOINT_CONNECTOR);
      expect(facts.authorizationPolicy?.id).toBe('authorizationPolicy');
    } finally {
      await s.close();
    }
  });

  test('non-premium tenant: sign-ins are unavailable, not forbidden', async () => {
    const s = await openSim(demo, {
      mutate: (f) => {
        f.tenant.premium = false;
      },
    });
    try {
      const { facts } = await gatherFacts(s.conn, {
        tenantId: s.tenantId,
        userQuery: 'carol@contoso.onmicrosoft.com',
        appId: SHAREPOINT_CONNECTOR,
      });
      expect(facts.signIns).toBeNull();
      expect(facts.signInsUnavailable).toBe('not_premium');
      expect(facts.forbidden).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('throttled batch parts', () => {
  test('only the throttled parts are re-sent, after their Retry-After, and the facts are complete', async () => {
    const s = await openSim(demo);
    try {
      s.sim.setFaults(s.tenantId, {
        throttle: { count: 2, retryAfterSeconds: 0.05, pathPattern: 'authorizationPolicy|appConsentRequests' },
      });
      const { facts } = await gatherFacts(s.conn, {
        tenantId: s.tenantId,
        userQuery: 'dave@contoso.onmicrosoft.com',
        appId: '46d8463e-640b-4298-825f-a19bbf762b16',
      });
      expect(facts.authorizationPolicy?.id).toBe('authorizationPolicy');
      expect(facts.forbidden).toEqual([]);
      const parts = s.graphLog().flatMap((e) => e.batch ?? []);
      const throttled = parts.filter((p) => p.status === 429);
      expect(throttled).toHaveLength(2);
      expect(throttled.map((p) => p.url)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/authorizationPolicy/),
          expect.stringMatching(/appConsentRequests/),
        ]),
      );
      // The retry batch carried exactly the two throttled reads.
      const retryBatch = s
        .graphLog()
        .find((e) => (e.batch ?? []).length === 2 && (e.batch ?? []).every((p) => p.status === 200));
      expect(retryBatch).toBeDefined();
    } finally {
      await s.close();
    }
  });

  test('a part that stays unavailable aborts with GraphUnavailableError (bounded retries)', async () => {
    const s = await openSim(demo);
    try {
      s.sim.setFaults(s.tenantId, {
        unavailable: { count: 100, retryAfterSeconds: 0.01, pathPattern: 'authorizationPolicy' },
      });
      const err = await gatherFacts(s.conn, {
        tenantId: s.tenantId,
        userQuery: 'dave@contoso.onmicrosoft.com',
        appId: '46d8463e-640b-4298-825f-a19bbf762b16',
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GraphUnavailableError);
      expect(err).toMatchObject({ status: 503, code: 'serviceNotAvailable' });
      const attempts = s
        .graphLog()
        .flatMap((e) => e.batch ?? [])
        .filter((p) => /authorizationPolicy/.test(p.url));
      expect(attempts).toHaveLength(4);
    } finally {
      await s.close();
    }
  });
});

describe('unbatched reads (benchmark baseline)', () => {
  test('give exactly the same facts as batched ones', async () => {
    const s = await openSim(demo, { pageSize: 3 });
    try {
      const input = {
        tenantId: s.tenantId,
        userQuery: 'dave@contoso.onmicrosoft.com',
        appId: '46d8463e-640b-4298-825f-a19bbf762b16',
        now: new Date('2025-06-12T12:00:00Z'),
      };
      const batched = (await gatherFacts(s.conn, input)).facts;
      const naive = (await gatherFacts({ ...s.conn, batchOptions: { unbatched: true } }, input)).facts;
      expect(naive).toEqual(batched);
      expect(batched.grants.length).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});
