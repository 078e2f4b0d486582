import { newRequest, planRequest, type PlanInput } from '../../../src/requests/plan-request';
import type { Diagnosis } from '../../../src/diagnosis/types';
import type { Requester } from '../../../src/requests/model';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { APP_ID, TENANT_ID, USER_ID, diagnosis, request } from '../cards/fixtures';

const OTHER: Requester = {
  aadObjectId: '55555555-5555-4555-8555-555555555555',
  teamsUserId: '29:other',
  displayName: 'Omar Other',
  userPrincipalName: 'omar@contoso.com',
};
const ANA: Requester = {
  aadObjectId: USER_ID,
  teamsUserId: '29:ana',
  displayName: 'Ana Lima',
  userPrincipalName: 'ana@contoso.com',
};
const NOW = new Date('2025-06-12T10:00:00Z');

const grant = (scopes: string[], consentType: 'AllPrincipals' | 'Principal' = 'AllPrincipals') => ({
  kind: 'grant_delegated' as const,
  clientAppId: APP_ID,
  resourceAppId: MICROSOFT_GRAPH_APP_ID,
  scopes,
  consentType,
});

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    existing: [],
    diagnosis: diagnosis(),
    requester: OTHER,
    justification: null,
    tenantId: TENANT_ID,
    now: NOW,
    newId: 'new-id',
    ...overrides,
  };
}

const fresh = (overrides = {}) => request('pending', { linkedRequesters: [], justification: null, ...overrides });

describe('planRequest', () => {
  it('creates a pending request with the diagnosis, the requester and the justification', () => {
    const plan = planRequest(input({ justification: 'for the report' }));
    expect(plan.kind).toBe('create');
    expect(plan.request).toMatchObject({
      id: 'new-id',
      tenantId: TENANT_ID,
      state: 'pending',
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      requester: OTHER,
      linkedRequesters: [],
      justification: 'for the report',
      appId: APP_ID,
      adminCard: null,
      outcome: null,
      decision: { by: null, at: null, scope: null, reason: null },
    });
    expect(plan.request.diagnosis).toEqual(diagnosis());
  });

  it("reuses the same person's open request for the same app (pending or being approved)", () => {
    for (const state of ['pending', 'approving'] as const) {
      const mine = fresh({ state, requester: ANA });
      expect(planRequest(input({ requester: ANA, existing: [mine] }))).toEqual({ kind: 'reuse', request: mine });
    }
  });

  it('reuses a request the person is already linked to', () => {
    const shared = fresh({ linkedRequesters: [OTHER] });
    expect(planRequest(input({ existing: [shared] })).kind).toBe('reuse');
  });

  it("links another person when the open request's tenant-wide grant covers their scopes", () => {
    const theirs = fresh({
      diagnosis: diagnosis({ remedies: [grant(['Sites.ReadWrite.All', 'User.Read', 'offline_access'])] }),
    });
    const mine = diagnosis({ remedies: [grant(['user.read', 'Sites.ReadWrite.All'])] });
    const plan = planRequest(input({ existing: [theirs], diagnosis: mine }));
    expect(plan.kind).toBe('link');
    if (plan.kind !== 'link') return;
    expect(plan.request.id).toBe(theirs.id);
    expect(plan.request.linkedRequesters).toEqual([OTHER]);
    expect(plan.event).toEqual({ type: 'link_requester', requester: OTHER, at: NOW.toISOString() });
  });

  it('links to a request being approved for everyone, never to one being approved for its requester only', () => {
    const remedies = [grant(['User.Read'])];
    const decision = (scope: 'everyone' | 'user') => ({
      by: { aadObjectId: USER_ID, displayName: 'Alice Admin' },
      at: NOW.toISOString(),
      scope,
      reason: null,
    });
    const mine = diagnosis({ remedies: [grant(['User.Read'])] });
    const forEveryone = fresh({
      state: 'approving',
      diagnosis: diagnosis({ remedies }),
      decision: decision('everyone'),
    });
    expect(planRequest(input({ existing: [forEveryone], diagnosis: mine })).kind).toBe('link');
    const forOne = fresh({ state: 'approving', diagnosis: diagnosis({ remedies }), decision: decision('user') });
    expect(planRequest(input({ existing: [forOne], diagnosis: mine })).kind).toBe('create');
  });

  it('creates a new request when the open one grants fewer scopes', () => {
    const theirs = fresh({ diagnosis: diagnosis({ remedies: [grant(['User.Read'])] }) });
    expect(
      planRequest(
        input({ existing: [theirs], diagnosis: diagnosis({ remedies: [grant(['User.Read', 'offline_access'])] }) }),
      ).kind,
    ).toBe('create');
  });

  it('never links a person who needs their own assignment, or whose fix is only for one user', () => {
    const theirs = fresh({ diagnosis: diagnosis({ remedies: [grant(['User.Read'])] }) });
    const assign = diagnosis({
      remedies: [
        {
          kind: 'assign_user',
          appId: APP_ID,
          userId: OTHER.aadObjectId,
          appRoleId: '00000000-0000-0000-0000-000000000000',
        },
      ],
    });
    expect(planRequest(input({ existing: [theirs], diagnosis: assign })).kind).toBe('create');
    const principal = diagnosis({ remedies: [grant(['User.Read'], 'Principal')] });
    expect(planRequest(input({ existing: [theirs], diagnosis: principal })).kind).toBe('create');
    const none: Diagnosis = diagnosis({ remedies: [] });
    expect(planRequest(input({ existing: [theirs], diagnosis: none })).kind).toBe('create');
  });

  it('ignores closed requests and requests for other apps', () => {
    const closed = fresh({ state: 'denied', requester: ANA });
    const otherApp = fresh({ requester: ANA, appId: '99999999-9999-4999-8999-999999999999' });
    expect(planRequest(input({ requester: ANA, existing: [closed, otherApp] })).kind).toBe('create');
  });

  it('links on an admin-consent link when the open request consents for everyone', () => {
    const theirs = fresh({ diagnosis: diagnosis({ remedies: [grant(['User.Read'])] }) });
    const mine = diagnosis({
      remedies: [{ kind: 'admin_consent_url', url: 'https://login.microsoftonline.com/t/adminconsent?client_id=x' }],
    });
    expect(planRequest(input({ existing: [theirs], diagnosis: mine })).kind).toBe('link');
  });

  it('refuses to build a request without a diagnosed app', () => {
    expect(() => newRequest(input({ diagnosis: diagnosis({ app: null }) }))).toThrow(RangeError);
  });
});

describe('planRequest once the app appears in the tenant', () => {
  const notInTenant = diagnosis({
    app: { appId: APP_ID, displayName: 'Vendor app', servicePrincipalId: null },
    remedies: [{ kind: 'admin_consent_url', url: 'https://login.microsoftonline.com/x/adminconsent?client_id=y' }],
    userOnlyRemedies: [],
  });
  const pending = fresh({ diagnosis: notInTenant, requester: ANA });

  it("the requester's pending request takes the fresh diagnosis, so the normal plan applies", () => {
    const plan = planRequest(input({ existing: [pending], requester: ANA, diagnosis: diagnosis() }));
    expect(plan).toMatchObject({ kind: 'reuse', refreshed: true });
    expect(plan.request.diagnosis).toEqual(diagnosis());
    expect(plan.request.updatedAt).toBe(NOW.toISOString());
  });

  it('while the app is still missing, or for a decided request, nothing changes', () => {
    expect(planRequest(input({ existing: [pending], requester: ANA, diagnosis: notInTenant }))).toEqual({
      kind: 'reuse',
      request: pending,
    });
    const approving = { ...pending, state: 'approving' as const };
    expect(planRequest(input({ existing: [approving], requester: ANA, diagnosis: diagnosis() }))).toEqual({
      kind: 'reuse',
      request: approving,
    });
  });
});
