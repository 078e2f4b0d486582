/**
 * Graph reads, through @microsoft/microsoft-graph-client against sim-basic.json: one test per
 * resource behaviour the bot relies on.
 */
import type { GraphError } from '@microsoft/microsoft-graph-client';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { SIM_BASIC, SIM_BASIC_FIXTURE, simGraphConnection, withSimulator } from '../../helpers/sim';
import { simBasicWith } from './tenant-builder';

const NON_PREMIUM_TENANT = '0a0b0c0d-0000-4000-8000-00000000face';
const h = withSimulator({
  fixtures: [
    SIM_BASIC_FIXTURE,
    simBasicWith((f) => {
      f.tenant = { id: NON_PREMIUM_TENANT, displayName: 'Fabrikam (no premium)', premium: false };
    }),
  ],
});
const T = SIM_BASIC.tenantId;
const graph = () => simGraphConnection(h.sim, T).client;

async function graphError(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (err) {
    return err as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

type Obj = Record<string, unknown>;
type Page = { value: Obj[]; '@odata.nextLink'?: string; '@odata.count'?: number };

describe('Graph reads', () => {
  it('users: by id and by userPrincipalName; default properties unless $select', async () => {
    const byId = (await graph().api(`/users/${SIM_BASIC.users.dave}`).get()) as Obj;
    expect(byId).toMatchObject({ id: SIM_BASIC.users.dave, userPrincipalName: 'dave@contoso.example' });
    expect(byId).not.toHaveProperty('accountEnabled'); // not a default property in Graph
    const byUpn = (await graph().api('/users/dave@contoso.example').select('id,accountEnabled').get()) as Obj;
    expect(byUpn).toEqual({
      '@odata.context': expect.stringContaining('$metadata#users(id,accountEnabled)/$entity'),
      id: SIM_BASIC.users.dave,
      accountEnabled: false,
    });
  });

  it('users: unknown id is 404 Request_ResourceNotFound; unknown $select property is 400', async () => {
    const err = await graphError(graph().api('/users/nobody@contoso.example').get());
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('Request_ResourceNotFound');
    const bad = await graphError(graph().api('/users').select('id,favouriteColour').get());
    expect(bad.statusCode).toBe(400);
  });

  it('groups and members, direct and transitive', async () => {
    const members = (await graph().api(`/groups/${SIM_BASIC.groups.connectorUsers}/members`).get()) as Page;
    expect(members.value.map((m) => m['@odata.type'])).toEqual(['#microsoft.graph.user', '#microsoft.graph.group']);
    const transitive = (await graph()
      .api(`/groups/${SIM_BASIC.groups.connectorUsers}/transitiveMembers`)
      .get()) as Page;
    expect(transitive.value.map((m) => m.id).sort()).toEqual(
      [SIM_BASIC.users.alice, SIM_BASIC.groups.emea, SIM_BASIC.users.bob].sort(),
    );
    const group = (await graph().api(`/groups/${SIM_BASIC.groups.emea}`).get()) as Obj;
    expect(group).toMatchObject({ displayName: 'EMEA Sales' });
    expect(group).not.toHaveProperty('members');
  });

  it('memberOf is direct, transitiveMemberOf follows nested groups; casts filter by type', async () => {
    const direct = (await graph().api(`/users/${SIM_BASIC.users.bob}/memberOf`).get()) as Page;
    expect(direct.value.map((g) => g.displayName)).toEqual(['EMEA Sales']);
    const transitive = (await graph()
      .api(`/users/${SIM_BASIC.users.bob}/transitiveMemberOf/microsoft.graph.group`)
      .select('id,displayName')
      .get()) as Page;
    expect(transitive.value.map((g) => g.displayName).sort()).toEqual(['EMEA Sales', 'Qlik Connector Users']);
    expect(transitive.value[0]['@odata.type']).toBe('#microsoft.graph.group');
  });

  it('servicePrincipals: filter by appId, displayName startsWith, get by id', async () => {
    const byAppId = (await graph().api('/servicePrincipals').filter(`appId eq '${SIM_BASIC.apps.qlik}'`).get()) as Page;
    expect(byAppId.value).toHaveLength(1);
    expect(byAppId.value[0]).toMatchObject({
      id: SIM_BASIC.sp.qlik,
      appRoleAssignmentRequired: true,
      verifiedPublisher: { verifiedPublisherId: null },
    });
    const none = (await graph()
      .api('/servicePrincipals')
      .filter(`appId eq '${SIM_BASIC.apps.notInTenant}'`)
      .get()) as Page;
    expect(none.value).toEqual([]);
    const starts = (await graph()
      .api('/servicePrincipals')
      .filter("startsWith(displayName,'qlik')")
      .select('displayName')
      .get()) as Page;
    expect(starts.value).toEqual([{ displayName: 'Qlik Web Connectors (Office 365 SharePoint)' }]);
    const byId = (await graph().api(`/servicePrincipals/${SIM_BASIC.sp.graph}`).get()) as Obj;
    expect((byId.oauth2PermissionScopes as Obj[]).find((s) => s.value === 'User.Read')).toMatchObject({
      id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
      type: 'User',
    });
  });

  it("servicePrincipals(appId='..'): get, 404 when absent, and navigations through the alternate key", async () => {
    const sp = (await graph()
      .api(`/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`)
      .select('id,displayName')
      .get()) as Obj;
    expect(sp).toMatchObject({ id: SIM_BASIC.sp.graph, displayName: 'Microsoft Graph' });
    const missing = await graphError(graph().api(`/servicePrincipals(appId='${SIM_BASIC.apps.notInTenant}')`).get());
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('Request_ResourceNotFound');
    const classifications = (await graph()
      .api(`/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')/delegatedPermissionClassifications`)
      .get()) as Page;
    expect(classifications.value.map((c) => c.permissionName)).toEqual(
      expect.arrayContaining(['User.Read', 'offline_access']),
    );
    expect(classifications.value.every((c) => c.classification === 'low')).toBe(true);
    const assigned = (await graph()
      .api(`/servicePrincipals(appId='${SIM_BASIC.apps.qlik}')/appRoleAssignedTo`)
      .get()) as Page;
    expect(assigned.value).toEqual([
      expect.objectContaining({
        principalId: SIM_BASIC.groups.connectorUsers,
        principalType: 'Group',
        appRoleId: '00000000-0000-0000-0000-000000000000',
      }),
    ]);
  });

  it('oauth2PermissionGrants: list and filter by clientId/consentType/principalId', async () => {
    const all = (await graph()
      .api('/oauth2PermissionGrants')
      .filter(`clientId eq '${SIM_BASIC.sp.qlik}' and consentType eq 'AllPrincipals'`)
      .get()) as Page;
    expect(all.value).toEqual([
      expect.objectContaining({ resourceId: SIM_BASIC.sp.graph, scope: 'User.Read offline_access', principalId: null }),
    ]);
    const mine = (await graph()
      .api('/oauth2PermissionGrants')
      .filter(`clientId eq '${SIM_BASIC.sp.qlik}' and principalId eq '${SIM_BASIC.users.carol}'`)
      .get()) as Page;
    expect(mine.value).toEqual([
      expect.objectContaining({
        consentType: 'Principal',
        resourceId: SIM_BASIC.sp.sharePoint,
        scope: 'AllSites.Read',
      }),
    ]);
    const err = await graphError(graph().api('/oauth2PermissionGrants').filter(`startsWith(scope,'User')`).get());
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('Request_UnsupportedQuery');
  });

  it('users/{id}/appRoleAssignments includes direct groups only (no nested-group cascade)', async () => {
    const alice = (await graph().api(`/users/${SIM_BASIC.users.alice}/appRoleAssignments`).get()) as Page;
    expect(alice.value.map((a) => a.resourceId).sort()).toEqual([SIM_BASIC.sp.qlik, SIM_BASIC.sp.expenses].sort());
    const bob = (await graph().api(`/users/${SIM_BASIC.users.bob}/appRoleAssignments`).get()) as Page;
    expect(bob.value).toEqual([]); // Bob is in EMEA Sales, which is nested in the assigned group
  });

  it('policies/authorizationPolicy (v1.0 and beta shapes)', async () => {
    const v1 = (await graph().api('/policies/authorizationPolicy').get()) as {
      defaultUserRolePermissions: { permissionGrantPoliciesAssigned: string[] };
    };
    expect(v1.defaultUserRolePermissions.permissionGrantPoliciesAssigned).toContain(
      'ManagePermissionGrantsForSelf.microsoft-user-default-low',
    );
    const beta = (await graph().api('/policies/authorizationPolicy').version('beta').get()) as Obj;
    expect(beta.permissionGrantPolicyIdsAssignedToDefaultUserRole).toEqual(
      v1.defaultUserRolePermissions.permissionGrantPoliciesAssigned,
    );
  });

  it('permissionGrantPolicies: built-in and custom, with includes and excludes', async () => {
    const list = (await graph().api('/policies/permissionGrantPolicies').select('id').get()) as Page;
    expect(list.value.map((p) => p.id)).toEqual(
      expect.arrayContaining(['microsoft-user-default-low', 'microsoft-user-default-legacy', 'contoso-verified-low']),
    );
    const custom = (await graph().api('/policies/permissionGrantPolicies/contoso-verified-low').get()) as {
      includes: Obj[];
      excludes: Obj[];
    };
    expect(custom.includes[0]).toMatchObject({
      permissionClassification: 'low',
      clientApplicationsFromVerifiedPublisherOnly: true,
    });
    const excludes = (await graph()
      .api('/policies/permissionGrantPolicies/contoso-verified-low/excludes')
      .get()) as Page;
    expect(excludes.value[0]).toMatchObject({
      resourceApplication: MICROSOFT_GRAPH_APP_ID,
      permissions: ['df85f4d6-205c-4ac5-a5ea-6bf408dba283'],
    });
  });

  it('policies/adminConsentRequestPolicy', async () => {
    const policy = (await graph().api('/policies/adminConsentRequestPolicy').get()) as Obj;
    expect(policy).toMatchObject({ isEnabled: true, requestDurationInDays: 30, version: 2 });
    expect(policy.reviewers).toHaveLength(2);
  });

  it('appConsentRequests: any() filter selects parents; userConsentRequests are read per request (not inline without $expand)', async () => {
    const res = (await graph()
      .api('/identityGovernance/appConsent/appConsentRequests')
      .filter("userConsentRequests/any(u:u/status eq 'InProgress')")
      .get()) as Page;
    expect(res.value.map((r) => r.appId)).toEqual([SIM_BASIC.apps.qlik]);
    expect(res.value[0]).not.toHaveProperty('userConsentRequests');
    const expanded = (await graph()
      .api('/identityGovernance/appConsent/appConsentRequests')
      .expand('userConsentRequests')
      .get()) as Page;
    const inline = expanded.value.find((r) => r.id === res.value[0].id)!.userConsentRequests as Obj[];
    expect(inline.map((c) => c.status).sort()).toEqual(['Expired', 'InProgress']);
    const all = (await graph()
      .api(`/identityGovernance/appConsent/appConsentRequests/${res.value[0].id}/userConsentRequests`)
      .get()) as Page;
    expect(all.value.map((c) => c.status).sort()).toEqual(['Expired', 'InProgress']);
    expect((all as Obj)['@odata.context']).toMatch(
      /\$metadata#identityGovernance\/appConsent\/appConsentRequests\('[^']+'\)\/userConsentRequests$/,
    );
    const inProgress = (await graph()
      .api(`/identityGovernance/appConsent/appConsentRequests/${res.value[0].id}/userConsentRequests`)
      .filter("status eq 'InProgress'")
      .get()) as Page;
    expect(inProgress.value).toEqual([expect.objectContaining({ id: 'ucr-alice-0001' })]);
  });

  it('auditLogs/signIns: newest first, filterable; 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant without premium', async () => {
    const res = (await graph()
      .api('/auditLogs/signIns')
      .filter(`appId eq '${SIM_BASIC.apps.qlik}' and userId eq '${SIM_BASIC.users.alice}'`)
      .get()) as Page;
    expect(res.value).toEqual([expect.objectContaining({ status: expect.objectContaining({ errorCode: 90095 }) })]);
    const byCode = (await graph().api('/auditLogs/signIns').filter('status/errorCode eq 50105').get()) as Page;
    expect(byCode.value.map((s) => s.userId)).toEqual([SIM_BASIC.users.bob]);
    const err = await graphError(simGraphConnection(h.sim, NON_PREMIUM_TENANT).client.api('/auditLogs/signIns').get());
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe('Authentication_RequestFromNonPremiumTenantOrB2CTenant');
  });

  it('roleManagement/directory/roleAssignments requires $filter', async () => {
    const err = await graphError(graph().api('/roleManagement/directory/roleAssignments').get());
    expect(err.statusCode).toBe(400);
    const carol = (await graph()
      .api('/roleManagement/directory/roleAssignments')
      .filter(`principalId eq '${SIM_BASIC.users.carol}'`)
      .get()) as Page;
    expect(carol.value).toEqual([
      expect.objectContaining({ roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/' }),
    ]);
    expect(carol.value[0]).not.toHaveProperty('principal');
  });

  it('roleAssignments: roleDefinitionId in (..) with $expand=principal gives each holder typed, alongside $select', async () => {
    const res = (await graph()
      .api('/roleManagement/directory/roleAssignments')
      .filter("roleDefinitionId in ('62e90394-69f5-4237-9190-012177145e10','9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3')")
      .select('id,principalId,roleDefinitionId')
      .expand('principal($select=id,displayName)')
      .get()) as Page;
    expect(res.value.length).toBeGreaterThan(0);
    for (const a of res.value) {
      expect(Object.keys(a).sort()).toEqual(['id', 'principal', 'principalId', 'roleDefinitionId']);
      expect(a.principal).toMatchObject({
        '@odata.type': expect.stringMatching(/^#microsoft\.graph\.(user|group|servicePrincipal)$/) as string,
        id: a.principalId,
      });
    }
    expect(res.value.map((a) => (a.principal as Obj).displayName)).toContain('Carol Clark');
  });

  it("servicePrincipals(appId='..')/oauth2PermissionGrants: the app's grants by its app id; 404 for an app not in the tenant", async () => {
    const grants = (await graph()
      .api(`/servicePrincipals(appId='${SIM_BASIC.apps.qlik}')/oauth2PermissionGrants`)
      .get()) as Page;
    expect(grants.value.length).toBeGreaterThan(0);
    expect(grants.value.every((g) => g.clientId === SIM_BASIC.sp.qlik)).toBe(true);
    const missing = await graphError(
      graph().api(`/servicePrincipals(appId='${SIM_BASIC.apps.notInTenant}')/oauth2PermissionGrants`).get(),
    );
    expect(missing.statusCode).toBe(404);
  });

  it('beta: servicePrincipals expose publishedPermissionScopes; transitiveRoleAssignments include group-held roles', async () => {
    const sp = (await graph().api(`/servicePrincipals/${SIM_BASIC.sp.graph}`).version('beta').get()) as Obj;
    expect(sp.publishedPermissionScopes).toBeDefined();
    expect(sp).not.toHaveProperty('oauth2PermissionScopes');
    h.sim.tenant(T).roleAssignments.push({
      id: 'ra-approvers-appadmin',
      principalId: SIM_BASIC.groups.approvers,
      roleDefinitionId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
      directoryScopeId: '/',
    });
    try {
      const res = (await graph()
        .api('/roleManagement/directory/transitiveRoleAssignments')
        .version('beta')
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        .filter(`principalId eq '${SIM_BASIC.users.erin}'`)
        .get()) as Page;
      expect(res.value.map((a) => a.roleDefinitionId).sort()).toEqual([
        '158c047a-c907-4556-b7ef-446551a6b5f7',
        '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
      ]);
      expect(res['@odata.count']).toBe(2);
    } finally {
      h.sim.tenant(T).roleAssignments.pop();
    }
  });
});
