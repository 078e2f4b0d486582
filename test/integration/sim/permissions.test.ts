/**
 * Least privilege: each endpoint needs the permission docs/permissions.md and the Graph API reference name. For every endpoint, a client
 * holding only the least-privileged permission succeeds and a client holding an unrelated one gets
 * 403 Authorization_RequestDenied in Graph's error shape.
 */
import type { GraphError } from '@microsoft/microsoft-graph-client';
import { DEFAULT_APP_ROLE_ID, MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { SIM_BASIC, SIM_BASIC_FIXTURE, simGraphConnection, withSimulator } from '../../helpers/sim';
import { client } from './tenant-builder';

const h = withSimulator({ fixtures: [SIM_BASIC_FIXTURE] });
const T = SIM_BASIC.tenantId;
const { users, groups, sp, apps } = SIM_BASIC;

type Call = { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; path: string; body?: unknown };

interface Case {
  name: string;
  call: Call;
  /** Least privilege that must be enough (all of them). */
  allowed: string[];
  /** A permission that must not be enough. */
  denied: string[];
}

const CASES: Case[] = [
  {
    name: 'list users',
    call: { method: 'GET', path: '/users' },
    allowed: ['User.Read.All'],
    denied: ['Application.Read.All'],
  },
  {
    name: 'get user (basic)',
    call: { method: 'GET', path: `/users/${users.alice}` },
    allowed: ['User.ReadBasic.All'],
    denied: ['GroupMember.Read.All'],
  },
  {
    name: 'group members',
    call: { method: 'GET', path: `/groups/${groups.connectorUsers}/members` },
    allowed: ['GroupMember.Read.All'],
    denied: ['User.Read.All'],
  },
  {
    name: 'user transitiveMemberOf',
    call: { method: 'GET', path: `/users/${users.bob}/transitiveMemberOf` },
    allowed: ['GroupMember.Read.All'],
    denied: ['User.Read.All'],
  },
  {
    name: 'list servicePrincipals',
    call: { method: 'GET', path: `/servicePrincipals?$filter=appId eq '${MICROSOFT_GRAPH_APP_ID}'` },
    allowed: ['Application.Read.All'],
    denied: ['User.Read.All'],
  },
  {
    name: 'create servicePrincipal',
    call: { method: 'POST', path: '/servicePrincipals', body: { appId: apps.notInTenant } },
    allowed: ['Application.ReadWrite.All'],
    denied: ['Application.Read.All'],
  },
  {
    name: 'patch servicePrincipal',
    call: { method: 'PATCH', path: `/servicePrincipals/${sp.expenses}`, body: { notes: 'x' } },
    allowed: ['Application.ReadWrite.All'],
    denied: ['Application.Read.All'],
  },
  {
    name: 'list grants',
    call: { method: 'GET', path: '/oauth2PermissionGrants' },
    allowed: ['DelegatedPermissionGrant.ReadWrite.All'],
    denied: ['Application.Read.All'],
  },
  {
    name: 'list grants (directory)',
    call: { method: 'GET', path: '/oauth2PermissionGrants' },
    allowed: ['Directory.Read.All'],
    denied: ['User.Read.All'],
  },
  {
    name: 'create grant',
    call: {
      method: 'POST',
      path: '/oauth2PermissionGrants',
      body: { clientId: sp.expenses, consentType: 'AllPrincipals', resourceId: sp.sharePoint, scope: 'AllSites.Read' },
    },
    allowed: ['DelegatedPermissionGrant.ReadWrite.All'],
    denied: ['Directory.Read.All'],
  },
  {
    name: 'appRoleAssignedTo read',
    call: { method: 'GET', path: `/servicePrincipals/${sp.qlik}/appRoleAssignedTo` },
    allowed: ['Application.Read.All'],
    denied: ['User.Read.All'],
  },
  {
    name: 'appRoleAssignedTo write',
    call: {
      method: 'POST',
      path: `/servicePrincipals/${sp.qlik}/appRoleAssignedTo`,
      body: { principalId: users.dave, resourceId: sp.qlik, appRoleId: DEFAULT_APP_ROLE_ID },
    },
    // Graph needs both; AppRoleAssignment.ReadWrite.All alone is refused.
    allowed: ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All'],
    denied: ['AppRoleAssignment.ReadWrite.All'],
  },
  {
    name: 'user appRoleAssignments',
    call: { method: 'GET', path: `/users/${users.alice}/appRoleAssignments` },
    allowed: ['Directory.Read.All'],
    denied: ['User.Read.All'],
  },
  {
    name: 'authorizationPolicy',
    call: { method: 'GET', path: '/policies/authorizationPolicy' },
    allowed: ['Policy.Read.All'],
    denied: ['Directory.Read.All'],
  },
  {
    name: 'permissionGrantPolicies',
    call: { method: 'GET', path: '/policies/permissionGrantPolicies/microsoft-user-default-low' },
    allowed: ['Policy.Read.PermissionGrant'],
    denied: ['Directory.Read.All'],
  },
  {
    name: 'delegatedPermissionClassifications',
    call: {
      method: 'GET',
      path: `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')/delegatedPermissionClassifications`,
    },
    allowed: ['Application.Read.All'],
    denied: ['Policy.Read.All'],
  },
  {
    name: 'adminConsentRequestPolicy read',
    call: { method: 'GET', path: '/policies/adminConsentRequestPolicy' },
    allowed: ['Policy.Read.All'],
    denied: ['Directory.Read.All'],
  },
  {
    name: 'adminConsentRequestPolicy write',
    call: { method: 'PUT', path: '/policies/adminConsentRequestPolicy', body: { isEnabled: false, reviewers: [] } },
    allowed: ['Policy.ReadWrite.ConsentRequest'],
    denied: ['Policy.Read.All'],
  },
  {
    name: 'appConsentRequests',
    call: { method: 'GET', path: '/identityGovernance/appConsent/appConsentRequests' },
    allowed: ['ConsentRequest.Read.All'],
    denied: ['Directory.Read.All'],
  },
  {
    name: 'signIns (needs both)',
    call: { method: 'GET', path: '/auditLogs/signIns' },
    allowed: ['AuditLog.Read.All', 'Directory.Read.All'],
    denied: ['AuditLog.Read.All'],
  },
  {
    name: 'roleAssignments',
    call: { method: 'GET', path: `/roleManagement/directory/roleAssignments?$filter=principalId eq '${users.carol}'` },
    allowed: ['RoleManagement.Read.Directory'],
    denied: ['User.Read.All'],
  },
];

function connectionWith(roles: string[]) {
  const c = client(roles);
  h.sim.tenant(T).clients.push(c);
  return simGraphConnection(h.sim, T, c.appId).client;
}

async function run(roles: string[], call: Call): Promise<unknown> {
  const req = connectionWith(roles).api(call.path);
  switch (call.method) {
    case 'GET':
      return req.get();
    case 'POST':
      return req.post(call.body);
    case 'PATCH':
      return req.patch(call.body);
    case 'PUT':
      return req.put(call.body);
  }
}

describe('least privilege', () => {
  it.each(CASES)('$name: allowed with $allowed, 403 with $denied', async ({ call, allowed, denied }) => {
    let err: GraphError | undefined;
    try {
      await run(denied, call);
    } catch (e) {
      err = e as GraphError;
    }
    expect(err).toBeDefined();
    expect(err!.statusCode).toBe(403);
    expect(err!.code).toBe('Authorization_RequestDenied');
    expect(err!.message).toBe('Insufficient privileges to complete the operation.');
    const body = JSON.parse(String(err!.body)) as { code: string; innerError: Record<string, string> };
    expect(body.innerError['request-id']).toBe(err!.requestId);
    await expect(run(allowed, call)).resolves.not.toThrow();
  });

  it('ReadWrite permissions imply their Read counterparts', async () => {
    await expect(connectionWith(['Directory.ReadWrite.All']).api('/auditLogs/signIns').get()).rejects.toMatchObject({
      statusCode: 403,
    });
    await expect(
      connectionWith(['Directory.ReadWrite.All', 'AuditLog.Read.All']).api('/auditLogs/signIns').get(),
    ).resolves.toBeDefined();
    await expect(connectionWith(['Application.ReadWrite.All']).api('/servicePrincipals').get()).resolves.toBeDefined();
  });

  it('the sim-basic limited client can read users but nothing else', async () => {
    const limited = simGraphConnection(h.sim, T, SIM_BASIC.limitedClientId).client;
    await expect(limited.api('/users').get()).resolves.toBeDefined();
    await expect(limited.api('/servicePrincipals').get()).rejects.toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
    });
  });
});
