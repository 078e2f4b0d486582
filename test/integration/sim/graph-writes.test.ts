/**
 * Graph writes change the in-memory tenant, with Graph's status codes and error codes.
 * Each test gets a fresh simulator so writes never leak between tests.
 */
import type { GraphError } from '@microsoft/microsoft-graph-client';
import { startSimulator, type RunningSimulator } from '../../../sim';
import { DEFAULT_APP_ROLE_ID, SHAREPOINT_APP_ID } from '../../../src/graph/types';
import { assertSimCaTrusted, SIM_BASIC, SIM_BASIC_FIXTURE, simGraphConnection } from '../../helpers/sim';

const T = SIM_BASIC.tenantId;
let sim: RunningSimulator;
const graph = () => simGraphConnection(sim, T).client;

beforeAll(() => assertSimCaTrusted());
beforeEach(async () => {
  sim = await startSimulator({ fixtures: [SIM_BASIC_FIXTURE] });
});
afterEach(async () => {
  await sim.close();
});

async function graphError(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (err) {
    return err as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

type Obj = Record<string, unknown>;

describe('Graph writes', () => {
  it('POST /servicePrincipals instantiates a known app (201), copying its definition', async () => {
    // Give the bot the permission to create service principals.
    sim.tenant(T).clients[0].roles.push('Application.ReadWrite.All');
    const created = (await graph().api('/servicePrincipals').post({ appId: SIM_BASIC.apps.notInTenant })) as Obj;
    expect(created).toMatchObject({
      appId: SIM_BASIC.apps.notInTenant,
      displayName: 'Northwind Reports',
      accountEnabled: true,
    });
    expect(sim.tenant(T).servicePrincipals.find((s) => s.appId === SIM_BASIC.apps.notInTenant)?.id).toBe(created.id);
  });

  it('POST /servicePrincipals: unknown app is 400, an existing one is 409', async () => {
    sim.tenant(T).clients[0].roles.push('Application.ReadWrite.All');
    const unknown = await graphError(
      graph().api('/servicePrincipals').post({ appId: '99999999-9999-4999-8999-999999999999' }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.code).toBe('Request_BadRequest');
    const dup = await graphError(graph().api('/servicePrincipals').post({ appId: SHAREPOINT_APP_ID }));
    expect(dup.statusCode).toBe(409);
    expect(dup.code).toBe('Request_MultipleObjectsWithSameKeyValue');
  });

  it('PATCH /servicePrincipals/{id} (and by appId) updates properties (204); read-only ones are 400', async () => {
    sim.tenant(T).clients[0].roles.push('Application.ReadWrite.All');
    await graph().api(`/servicePrincipals/${SIM_BASIC.sp.qlik}`).patch({ appRoleAssignmentRequired: false });
    await graph().api(`/servicePrincipals(appId='${SIM_BASIC.apps.expenses}')`).patch({ accountEnabled: false });
    const data = sim.tenant(T).servicePrincipals;
    expect(data.find((s) => s.id === SIM_BASIC.sp.qlik)?.appRoleAssignmentRequired).toBe(false);
    expect(data.find((s) => s.id === SIM_BASIC.sp.expenses)?.accountEnabled).toBe(false);
    const bad = await graphError(graph().api(`/servicePrincipals/${SIM_BASIC.sp.qlik}`).patch({ appId: 'x' }));
    expect(bad.statusCode).toBe(400);
  });

  it('oauth2PermissionGrants: POST 201; a duplicate is 400 Request_BadRequest, or 409 with the "conflict" fault', async () => {
    const body = {
      clientId: SIM_BASIC.sp.qlik,
      consentType: 'AllPrincipals',
      principalId: null,
      resourceId: SIM_BASIC.sp.sharePoint,
      scope: 'AllSites.Read',
    };
    const created = (await graph().api('/oauth2PermissionGrants').post(body)) as Obj;
    expect(created).toMatchObject({ ...body, id: expect.any(String) });
    expect(sim.tenant(T).oauth2PermissionGrants.some((g) => g.id === created.id)).toBe(true);
    const dup = await graphError(graph().api('/oauth2PermissionGrants').post(body));
    expect(dup).toMatchObject({
      statusCode: 400,
      code: 'Request_BadRequest',
      message: 'Permission entry already exists.',
    });
    sim.setFaults(T, { duplicateGrantAnswer: 'conflict' });
    const conflict = await graphError(graph().api('/oauth2PermissionGrants').post(body));
    expect(conflict).toMatchObject({
      statusCode: 409,
      code: 'Request_MultipleObjectsWithSameKeyValue',
      message: 'Permission entry already exists.',
    });
    sim.setFaults(T, {});
    // A Principal grant for a user is a different key.
    await graph()
      .api('/oauth2PermissionGrants')
      .post({ ...body, consentType: 'Principal', principalId: SIM_BASIC.users.alice });
  });

  it('oauth2PermissionGrants: PATCH replaces the scope string (204); DELETE removes (204)', async () => {
    const id = sim
      .tenant(T)
      .oauth2PermissionGrants.find((g) => g.clientId === SIM_BASIC.sp.qlik && g.consentType === 'AllPrincipals')!.id;
    await graph().api(`/oauth2PermissionGrants/${id}`).patch({ scope: 'Files.Read.All' });
    const after = (await graph().api(`/oauth2PermissionGrants/${id}`).get()) as Obj;
    expect(after.scope).toBe('Files.Read.All'); // replaced, not merged
    await graph().api(`/oauth2PermissionGrants/${id}`).delete();
    expect(sim.tenant(T).oauth2PermissionGrants.some((g) => g.id === id)).toBe(false);
    const gone = await graphError(graph().api(`/oauth2PermissionGrants/${id}`).get());
    expect(gone.statusCode).toBe(404);
  });

  it('appRoleAssignedTo: POST 201; duplicate is 400 "Permission being assigned already exists on the object"', async () => {
    const body = { principalId: SIM_BASIC.users.bob, resourceId: SIM_BASIC.sp.qlik, appRoleId: DEFAULT_APP_ROLE_ID };
    const created = (await graph().api(`/servicePrincipals/${SIM_BASIC.sp.qlik}/appRoleAssignedTo`).post(body)) as Obj;
    expect(created).toMatchObject({
      ...body,
      principalType: 'User',
      principalDisplayName: 'Bob Brown',
      resourceDisplayName: expect.stringContaining('Qlik'),
    });
    const mine = (await graph().api(`/users/${SIM_BASIC.users.bob}/appRoleAssignments`).get()) as { value: Obj[] };
    expect(mine.value.map((a) => a.id)).toEqual([created.id]);
    const dup = await graphError(graph().api(`/servicePrincipals/${SIM_BASIC.sp.qlik}/appRoleAssignedTo`).post(body));
    expect(dup.statusCode).toBe(400);
    expect(dup.code).toBe('Request_BadRequest');
    expect(dup.message).toBe('Permission being assigned already exists on the object');
  });

  it('appRoleAssignedTo: the default role is refused when the app defines user roles', async () => {
    const err = await graphError(
      graph()
        .api(`/servicePrincipals/${SIM_BASIC.sp.expenses}/appRoleAssignedTo`)
        .post({ principalId: SIM_BASIC.users.bob, resourceId: SIM_BASIC.sp.expenses, appRoleId: DEFAULT_APP_ROLE_ID }),
    );
    expect(err.statusCode).toBe(400);
    const missing = await graphError(
      graph().api(`/servicePrincipals/${SIM_BASIC.sp.qlik}/appRoleAssignedTo`).post({
        principalId: '12345678-1234-4234-8234-123456789012',
        resourceId: SIM_BASIC.sp.qlik,
        appRoleId: DEFAULT_APP_ROLE_ID,
      }),
    );
    expect(missing.statusCode).toBe(404);
  });

  it('adminConsentRequestPolicy: PUT replaces settings (204) and bumps version', async () => {
    sim.tenant(T).clients[0].roles.push('Policy.ReadWrite.ConsentRequest');
    await graph().api('/policies/adminConsentRequestPolicy').put({
      isEnabled: false,
      notifyReviewers: false,
      remindersEnabled: false,
      requestDurationInDays: 14,
      reviewers: [],
    });
    const policy = (await graph().api('/policies/adminConsentRequestPolicy').get()) as Obj;
    expect(policy).toMatchObject({ isEnabled: false, requestDurationInDays: 14, reviewers: [], version: 3 });
    const invalid = await graphError(
      graph().api('/policies/adminConsentRequestPolicy').put({ isEnabled: true, reviewers: [] }),
    );
    expect(invalid.statusCode).toBe(400);
  });
});
