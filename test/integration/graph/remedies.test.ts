/**
 * Remedies against the simulator: every kind applied twice changes the tenant once (the second
 * run reports already_done), grants merge scopes and never drop one, and a dry run writes nothing.
 */
import { join } from 'node:path';
import { applyRemedy } from '../../../src/graph/remedies';
import { RemedyError } from '../../../src/graph/errors';
import { MICROSOFT_GRAPH_APP_ID, DEFAULT_APP_ROLE_ID } from '../../../src/graph/types';
import { openSim, useSimSession, type SimSession } from '../../helpers/sim-conn';

const tenants = join(__dirname, '..', '..', 'fixtures', 'tenants');
const demo = join(tenants, 'demo-contoso.json');
const SHAREPOINT_CONNECTOR = {
  appId: '34f0b59e-a9fc-4d21-8a85-a3a124438861',
  spId: '721d605c-c082-47e3-86df-b64ab212f32c',
};
const OUTLOOK_CONNECTOR = {
  appId: '46d8463e-640b-4298-825f-a19bbf762b16',
  spId: 'c760e444-5af9-4258-8a42-ecaea732ad9c',
};
const ONEDRIVE_CONNECTOR = {
  appId: '220cd2fc-32a6-4d49-bac5-0f052633b581',
  spId: '37db8bff-7907-4eb5-986e-474cc25b4aa8',
};
const GRAPH_SP = 'a4677874-a045-4fa5-a415-0e7ee9fcabd3';
const ALICE = '29036974-85ed-4149-89fa-8882de7e958d';
const ERIN = '4b9e48c2-9078-4f9b-bd37-8a8d92eccd90';

const writes = (s: SimSession) =>
  s.graphLog().filter((e) => e.method !== 'GET' && !(e.method === 'POST' && e.path.includes('$batch')));
const grantsOf = (s: SimSession, clientId: string) =>
  s.sim.tenant(s.tenantId).oauth2PermissionGrants.filter((g) => g.clientId === clientId);

/** The SharePoint connector's Microsoft Graph grant for everyone, without its scopes. */
const SHAREPOINT_GRAPH_FOR_EVERYONE = {
  kind: 'grant_delegated' as const,
  clientAppId: SHAREPOINT_CONNECTOR.appId,
  resourceAppId: MICROSOFT_GRAPH_APP_ID,
  consentType: 'AllPrincipals' as const,
};

describe('remedies', () => {
  const s = useSimSession(demo, { eachTest: true });

  test('grant_delegated for everyone: created once, then merged, never dropping a scope', async () => {
    const grant = SHAREPOINT_GRAPH_FOR_EVERYONE;
    const first = await applyRemedy(s.conn, { ...grant, scopes: ['Files.Read.All', 'offline_access'] });
    expect(first.status).toBe('done');
    expect(first.graphRequestId).toMatch(/[0-9a-f-]{36}/);
    const again = await applyRemedy(s.conn, { ...grant, scopes: ['Files.Read.All', 'offline_access'] });
    expect(again.status).toBe('already_done');
    const more = await applyRemedy(s.conn, { ...grant, scopes: ['sites.read.all', 'User.Read', 'files.read.all'] });
    expect(more.status).toBe('done');

    const grants = grantsOf(s, SHAREPOINT_CONNECTOR.spId);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ consentType: 'AllPrincipals', principalId: null, resourceId: GRAPH_SP });
    expect(grants[0].scope.split(' ')).toEqual(['Files.Read.All', 'offline_access', 'sites.read.all', 'User.Read']);
  });

  test("grant_delegated for one user merges into that user's existing grant only", async () => {
    const remedy = {
      kind: 'grant_delegated' as const,
      clientAppId: OUTLOOK_CONNECTOR.appId,
      resourceAppId: MICROSOFT_GRAPH_APP_ID,
      consentType: 'Principal' as const,
      principalId: ALICE,
      scopes: ['offline_access'],
    };
    expect((await applyRemedy(s.conn, remedy)).status).toBe('done');
    expect((await applyRemedy(s.conn, remedy)).status).toBe('already_done');
    const grants = grantsOf(s, OUTLOOK_CONNECTOR.spId);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      consentType: 'Principal',
      principalId: ALICE,
      scope: 'Mail.Read User.Read offline_access',
    });
  });

  test('assign_user twice makes one assignment', async () => {
    const remedy = {
      kind: 'assign_user' as const,
      appId: ONEDRIVE_CONNECTOR.appId,
      userId: ERIN,
      appRoleId: DEFAULT_APP_ROLE_ID,
    };
    expect((await applyRemedy(s.conn, remedy)).status).toBe('done');
    expect((await applyRemedy(s.conn, remedy)).status).toBe('already_done');
    const mine = s.sim
      .tenant(s.tenantId)
      .appRoleAssignments.filter((a) => a.resourceId === ONEDRIVE_CONNECTOR.spId && a.principalId === ERIN);
    expect(mine).toHaveLength(1);
  });

  test('create_service_principal twice makes one enterprise app', async () => {
    const missing = await openSim(join(tenants, 'findings', 'APP_NOT_IN_TENANT.json'));
    try {
      const remedy = { kind: 'create_service_principal' as const, appId: SHAREPOINT_CONNECTOR.appId };
      expect((await applyRemedy(missing.conn, remedy)).status).toBe('done');
      expect((await applyRemedy(missing.conn, remedy)).status).toBe('already_done');
      expect(
        missing.sim.tenant(missing.tenantId).servicePrincipals.filter((sp) => sp.appId === SHAREPOINT_CONNECTOR.appId),
      ).toHaveLength(1);
    } finally {
      await missing.close();
    }
  });

  test('dry run plans the writes and makes none', async () => {
    const before = structuredClone(s.sim.tenant(s.tenantId));
    s.sim.clearLog();
    const grant = await applyRemedy(
      s.conn,
      {
        kind: 'grant_delegated',
        clientAppId: OUTLOOK_CONNECTOR.appId,
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        consentType: 'AllPrincipals',
        scopes: ['Mail.Read'],
      },
      { dryRun: true },
    );
    expect(grant.status).toBe('planned');
    expect(grant.planned).toEqual([
      {
        method: 'POST',
        path: '/oauth2PermissionGrants',
        body: {
          clientId: OUTLOOK_CONNECTOR.spId,
          resourceId: GRAPH_SP,
          consentType: 'AllPrincipals',
          principalId: null,
          scope: 'Mail.Read',
        },
      },
    ]);
    const merge = await applyRemedy(
      s.conn,
      {
        kind: 'grant_delegated',
        clientAppId: OUTLOOK_CONNECTOR.appId,
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        consentType: 'Principal',
        principalId: ALICE,
        scopes: ['offline_access'],
      },
      { dryRun: true },
    );
    expect(merge.planned).toEqual([
      {
        method: 'PATCH',
        path: '/oauth2PermissionGrants/c146484f-cdd1-444b-95f3-e87291360937',
        body: { scope: 'Mail.Read User.Read offline_access' },
      },
    ]);
    const assign = await applyRemedy(
      s.conn,
      { kind: 'assign_user', appId: ONEDRIVE_CONNECTOR.appId, userId: ERIN, appRoleId: DEFAULT_APP_ROLE_ID },
      { dryRun: true },
    );
    expect(assign.planned[0]).toMatchObject({
      method: 'POST',
      path: `/servicePrincipals/${ONEDRIVE_CONNECTOR.spId}/appRoleAssignedTo`,
    });
    const create = await applyRemedy(
      s.conn,
      { kind: 'create_service_principal', appId: SHAREPOINT_CONNECTOR.appId },
      { dryRun: true },
    );
    expect(create.status).toBe('already_done');

    expect(writes(s)).toEqual([]);
    expect(s.sim.tenant(s.tenantId)).toEqual(before);
  });

  test('a grant for an app with no enterprise app fails with a typed error and writes nothing', async () => {
    const err = await applyRemedy(s.conn, {
      kind: 'grant_delegated',
      clientAppId: '7f688e23-4399-47ae-9eb8-be2587dbaf97',
      resourceAppId: MICROSOFT_GRAPH_APP_ID,
      consentType: 'AllPrincipals',
      scopes: ['User.Read'],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemedyError);
    expect(err).toMatchObject({ code: 'ClientServicePrincipalMissing', remedyKind: 'grant_delegated', done: [] });
    expect(writes(s)).toEqual([]);
  });

  test('grant_delegated finds the tenant-wide grant behind a page of single-user grants and merges into it', async () => {
    // One grant per page: the app's Principal grant (Alice) comes first, the AllPrincipals grant second.
    const paged = await openSim(demo, {
      pageSize: 1,
      mutate: (f) => {
        f.oauth2PermissionGrants.push({
          id: 'tenant-wide-outlook-grant',
          clientId: OUTLOOK_CONNECTOR.spId,
          consentType: 'AllPrincipals',
          principalId: null,
          resourceId: GRAPH_SP,
          scope: 'User.Read',
        });
      },
    });
    try {
      const result = await applyRemedy(
        paged.conn,
        {
          kind: 'grant_delegated',
          clientAppId: OUTLOOK_CONNECTOR.appId,
          resourceAppId: MICROSOFT_GRAPH_APP_ID,
          consentType: 'AllPrincipals',
          scopes: ['Mail.Read'],
        },
        { sleep: async () => undefined },
      );
      expect(result.status).toBe('done');
      const grants = grantsOf(paged, OUTLOOK_CONNECTOR.spId);
      expect(grants.filter((g) => g.consentType === 'AllPrincipals')).toEqual([
        expect.objectContaining({ id: 'tenant-wide-outlook-grant', scope: 'User.Read Mail.Read' }),
      ]);
      expect(grants.find((g) => g.consentType === 'Principal')).toMatchObject({
        principalId: ALICE,
        scope: 'Mail.Read User.Read',
      });
      expect(writes(paged).map((e) => `${e.method} ${e.status}`)).toEqual(['PATCH 204']);
    } finally {
      await paged.close();
    }
  });

  test('a write the bot is not allowed to make fails as INSUFFICIENT_BOT_PERMISSIONS, naming the permission', async () => {
    const limited = await openSim(demo, {
      mutate: (f) => {
        f.clients[0].roles = f.clients[0].roles.filter((r) => r !== 'DelegatedPermissionGrant.ReadWrite.All');
      },
    });
    try {
      const err = await applyRemedy(limited.conn, {
        kind: 'grant_delegated',
        clientAppId: SHAREPOINT_CONNECTOR.appId,
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        consentType: 'AllPrincipals',
        scopes: ['User.Read'],
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RemedyError);
      expect(err).toMatchObject({ status: 403, code: 'INSUFFICIENT_BOT_PERMISSIONS', remedyKind: 'grant_delegated' });
      expect((err as Error).message).toMatch(/Authorization_RequestDenied.*DelegatedPermissionGrant\.ReadWrite\.All/);
      expect(grantsOf(limited, SHAREPOINT_CONNECTOR.spId)).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  test.each([
    ['409 Request_MultipleObjectsWithSameKeyValue', 'conflict', 409],
    ['400 Request_BadRequest "Permission entry already exists"', 'badRequest', 400],
  ] as const)(
    'replication lag: a POST refused as a duplicate (%s) is re-read and merged, not duplicated',
    async (_name, answer, status) => {
      const tenant = s.sim.tenant(s.tenantId);
      tenant.oauth2PermissionGrants = tenant.oauth2PermissionGrants.filter(
        (g) => g.clientId !== SHAREPOINT_CONNECTOR.spId,
      );
      const logBefore = s.graphLog().length;
      // Long enough that the second remedy starts inside the lag even on a loaded machine, short enough
      // that the remedy's re-reads (250 + 500 + 1000 ms) outlast it.
      s.sim.setFaults(s.tenantId, { grantReplicationLagMs: 1500, duplicateGrantAnswer: answer });
      const base = SHAREPOINT_GRAPH_FOR_EVERYONE;
      expect((await applyRemedy(s.conn, { ...base, scopes: ['User.Read'] })).status).toBe('done');
      // The listing does not show the new grant yet: the POST is refused as a duplicate, the remedy re-reads and merges.
      expect((await applyRemedy(s.conn, { ...base, scopes: ['offline_access'] })).status).toBe('done');
      const grants = grantsOf(s, SHAREPOINT_CONNECTOR.spId);
      expect(grants).toHaveLength(1);
      expect(grants[0].scope).toBe('User.Read offline_access');
      const log = s.graphLog().slice(logBefore);
      const posts = log.filter((e) => e.method === 'POST' && e.path.includes('/oauth2PermissionGrants'));
      expect(posts[0].status).toBe(201);
      expect(posts.length).toBeGreaterThanOrEqual(2);
      expect(posts.slice(1).every((e) => e.status === status)).toBe(true);
      expect(log.filter((e) => e.method === 'PATCH').map((e) => e.status)).toEqual([204]);
    },
  );
});

describe('remedies refuse what the tenant does not offer', () => {
  const s = useSimSession(demo, { eachTest: true });

  test('grant_delegated never writes a scope the resource does not publish', async () => {
    const remedy = {
      ...SHAREPOINT_GRAPH_FOR_EVERYONE,
      scopes: ['User.Read', 'Everything.Forever.All'],
    };
    const result = await applyRemedy(s.conn, remedy);
    expect(result).toMatchObject({
      status: 'done',
      detail: expect.stringMatching(/not written \(not published by the API\): Everything\.Forever\.All/),
    });
    expect(grantsOf(s, SHAREPOINT_CONNECTOR.spId).map((g) => g.scope)).toEqual(['User.Read']);
    const none = await applyRemedy(s.conn, { ...remedy, scopes: ['Everything.Forever.All'] });
    expect(none.status).toBe('skipped');
    expect(grantsOf(s, SHAREPOINT_CONNECTOR.spId).map((g) => g.scope)).toEqual(['User.Read']);
  });

  test('assign_user refuses a role the app does not offer users (an empty pick, a made-up id), before writing', async () => {
    for (const appRoleId of ['', '11111111-2222-4333-8444-555555555555']) {
      await expect(
        applyRemedy(s.conn, { kind: 'assign_user', appId: ONEDRIVE_CONNECTOR.appId, userId: ERIN, appRoleId }),
      ).rejects.toMatchObject({ code: 'AppRoleNotAssignable' });
    }
    expect(writes(s)).toEqual([]);
  });
});
