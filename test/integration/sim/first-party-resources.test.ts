/**
 * The simulator's Microsoft first-party resources at real size, read through
 * @microsoft/microsoft-graph-client as the bot reads them: Microsoft Graph's service principal has
 * every delegated and application permission of the generated source data
 * (sim/catalog/generated/microsoft-graph.json, from Microsoft's permission data and a real tenant's
 * service principal), fixtures that name a resource by appId get its lists, and a tenant snapshot
 * that carries its own lists is served as it is.
 */
import {
  AZURE_STORAGE_DATA,
  DYNAMICS_CRM_APP_ID,
  DYNAMICS_CRM_DATA,
  MICROSOFT_GRAPH_DATA,
  SHAREPOINT_DATA,
} from '../../../sim/catalog/microsoft-resources';
import {
  MICROSOFT_GRAPH_APP_ID,
  SHAREPOINT_APP_ID,
  type AppRole,
  type PermissionScope,
} from '../../../src/graph/types';
import { SIM_BASIC, SIM_BASIC_FIXTURE, simGraphConnection, withSimulator } from '../../helpers/sim';
import { simBasicWith } from './tenant-builder';
import path from 'node:path';

const DEMO_FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'tenants', 'demo-contoso.json');
const SNAPSHOT_TENANT = '5e1f0c3a-7d2b-4c1e-9a8f-60b3d2c4e5f6';
const SNAPSHOT_SCOPE: PermissionScope = {
  id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
  value: 'User.Read',
  type: 'User',
  isEnabled: true,
  adminConsentDisplayName: 'Sign in and read user profile',
  adminConsentDescription:
    'Allows users to sign-in to the app, and allows the app to read the profile of signed-in users.',
  userConsentDisplayName: 'Sign you in and read your profile',
  userConsentDescription:
    'Allows you to sign in to the app with your organizational account and let the app read your profile.',
};

const h = withSimulator({
  fixtures: [
    SIM_BASIC_FIXTURE,
    DEMO_FIXTURE,
    // A snapshot: Graph's service principal exported with (here: trimmed) permission lists.
    simBasicWith((f) => {
      f.tenant = { id: SNAPSHOT_TENANT, displayName: 'Snapshot', premium: true };
      const graphSp = f.servicePrincipals.find((s) => s.appId === MICROSOFT_GRAPH_APP_ID)!;
      graphSp.oauth2PermissionScopes = [SNAPSHOT_SCOPE];
      graphSp.appRoles = [];
      f.clients[0].roles = [...f.clients[0].roles, 'Application.ReadWrite.All'];
    }),
  ],
});

interface PermissionLists {
  oauth2PermissionScopes: PermissionScope[];
  appRoles: AppRole[];
}

async function readPermissions(tenantId: string, appId: string): Promise<PermissionLists> {
  const graph = simGraphConnection(h.sim, tenantId).client;
  return (await graph
    .api(`/servicePrincipals(appId='${appId}')`)
    .select('id,appId,oauth2PermissionScopes,appRoles')
    .get()) as PermissionLists;
}

const DEMO_TENANT = 'e6c3fbc6-0a2a-4424-bd0f-0ab1bdd37b0b';

describe('first-party resources at real size', () => {
  it("Microsoft Graph's service principal has the full published delegated and application permission lists", async () => {
    const sp = await readPermissions(DEMO_TENANT, MICROSOFT_GRAPH_APP_ID);
    const counts = MICROSOFT_GRAPH_DATA.counts;
    // The source data: the real tenant's lists plus what Microsoft publishes that they lack.
    expect(counts.delegated).toBe(counts.captureDelegated + counts.addedFromMicrosoftDelegated);
    expect(counts.application).toBe(counts.captureApplication + counts.addedFromMicrosoftApplication);
    expect(MICROSOFT_GRAPH_DATA.oauth2PermissionScopes).toHaveLength(counts.delegated);
    expect(MICROSOFT_GRAPH_DATA.appRoles).toHaveLength(counts.application);
    // Real size: on the order of a thousand scopes and hundreds of app roles.
    expect(counts.delegated).toBeGreaterThan(700);
    expect(counts.application).toBeGreaterThan(600);

    expect(sp.oauth2PermissionScopes).toHaveLength(counts.delegated);
    expect(sp.appRoles).toHaveLength(counts.application);
    expect(sp.oauth2PermissionScopes).toEqual(MICROSOFT_GRAPH_DATA.oauth2PermissionScopes);
    expect(sp.appRoles).toEqual(MICROSOFT_GRAPH_DATA.appRoles);
    expect(new Set(sp.oauth2PermissionScopes.map((s) => s.value.toLowerCase())).size).toBe(counts.delegated);
    expect(new Set(sp.appRoles.map((r) => r.id)).size).toBe(counts.application);
  });

  it("carries Microsoft's ids, types and texts for well-known permissions", async () => {
    const sp = await readPermissions(DEMO_TENANT, MICROSOFT_GRAPH_APP_ID);
    const scope = (value: string) => sp.oauth2PermissionScopes.find((s) => s.value === value);
    const role = (value: string) => sp.appRoles.find((r) => r.value === value);
    expect(scope('User.Read')).toMatchObject({
      id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
      type: 'User',
      adminConsentDisplayName: 'Sign in and read user profile',
    });
    expect(scope('openid')).toMatchObject({ id: '37f7f235-527c-4136-accd-4a02d197296e', type: 'User' });
    expect(scope('offline_access')).toMatchObject({ id: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182', type: 'User' });
    expect(scope('Files.Read.All')).toMatchObject({ id: 'df85f4d6-205c-4ac5-a5ea-6bf408dba283', type: 'User' });
    expect(scope('Directory.Read.All')).toMatchObject({ id: '06da0dbc-49e2-44d2-8312-53f166ab848a', type: 'Admin' });
    expect(scope('Directory.AccessAsUser.All')).toMatchObject({
      id: '0e263e50-5827-48a4-b97c-d940288653c7',
      type: 'Admin',
    });
    expect(role('Application.ReadWrite.All')).toMatchObject({
      id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
      allowedMemberTypes: ['Application'],
    });
    expect(role('AppRoleAssignment.ReadWrite.All')).toMatchObject({ id: '06b708a9-e830-4db3-a914-8e69da51d44f' });
    expect(new Set(MICROSOFT_GRAPH_DATA.sources.map((s) => s.repo))).toEqual(
      new Set(['merill/microsoft-info', 'microsoftgraph/microsoft-graph-devx-content']),
    );
    for (const source of MICROSOFT_GRAPH_DATA.sources) expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('fills SharePoint, Dynamics CRM and Azure Storage when the fixture names them by appId', async () => {
    const sharePoint = await readPermissions(DEMO_TENANT, SHAREPOINT_APP_ID);
    expect(sharePoint.oauth2PermissionScopes).toEqual(SHAREPOINT_DATA.oauth2PermissionScopes);
    expect(sharePoint.appRoles).toEqual(SHAREPOINT_DATA.appRoles);
    expect(sharePoint.oauth2PermissionScopes.find((s) => s.value === 'AllSites.FullControl')).toMatchObject({
      id: '56680e0d-d2a3-4ae1-80d8-3c4f2100e3d0',
      type: 'Admin',
    });
    const crm = await readPermissions(DEMO_TENANT, DYNAMICS_CRM_APP_ID);
    expect(crm.oauth2PermissionScopes).toEqual(DYNAMICS_CRM_DATA.oauth2PermissionScopes);
    expect(crm.oauth2PermissionScopes[0]).toMatchObject({
      id: '78ce3f0f-a1ce-49c2-8cde-64b5c0896db4',
      value: 'user_impersonation',
      type: 'User',
    });
    const storage = await readPermissions(DEMO_TENANT, AZURE_STORAGE_DATA.appId);
    expect(storage.oauth2PermissionScopes).toEqual([
      expect.objectContaining({ id: '03e0da56-190b-40ad-a80c-ea378c433f7f', value: 'user_impersonation' }),
    ]);
  });

  it('serves a tenant snapshot that carries its own permission lists as it is', async () => {
    const sp = await readPermissions(SNAPSHOT_TENANT, MICROSOFT_GRAPH_APP_ID);
    expect(sp.oauth2PermissionScopes).toEqual([SNAPSHOT_SCOPE]);
    expect(sp.appRoles).toEqual([]);
    // The tenant the snapshot was derived from names Graph by appId, so it has the full lists.
    const full = await readPermissions(SIM_BASIC.tenantId, MICROSOFT_GRAPH_APP_ID);
    expect(full.oauth2PermissionScopes).toHaveLength(MICROSOFT_GRAPH_DATA.counts.delegated);
  });

  it('instantiates a first-party resource with POST /servicePrincipals at real size', async () => {
    const graph = simGraphConnection(h.sim, SNAPSHOT_TENANT).client;
    const created = (await graph.api('/servicePrincipals').post({ appId: DYNAMICS_CRM_APP_ID })) as PermissionLists & {
      id: string;
      displayName: string;
    };
    expect(created.displayName).toBe('Dataverse'); // Dynamics CRM's service principal as tenants list it today
    expect(created.oauth2PermissionScopes).toEqual(DYNAMICS_CRM_DATA.oauth2PermissionScopes);
  });
});
