import { FaultState } from '../../../sim/faults';
import { FixtureError, loadFixture } from '../../../sim/load-fixture';
import { grantId, TenantRuntime } from '../../../sim/state';

const minimal = {
  tenant: { id: 't1', displayName: 'T' },
  users: [{ id: 'u1', displayName: 'U', userPrincipalName: 'u@t' }],
};

describe('loadFixture', () => {
  it('fills missing collections, Graph defaults and built-in policies; ignores unknown keys', () => {
    const f = loadFixture({ ...minimal, somethingElse: 1 });
    expect(f.groups).toEqual([]);
    // docs/contracts.md#tenant-fixture: without `clients` the bot's own app is registered with its documented permissions.
    expect(f.clients).toHaveLength(1);
    expect(f.clients[0].roles).toEqual(
      expect.arrayContaining([
        'Application.ReadWrite.All',
        'DelegatedPermissionGrant.ReadWrite.All',
        'Policy.Read.All',
      ]),
    );
    expect(loadFixture({ ...minimal, clients: [] }).clients).toEqual([]);
    expect(f.tenant.premium).toBe(false);
    expect(f.users[0]).toMatchObject({ accountEnabled: true, userType: 'Member', mail: null });
    expect(f.permissionGrantPolicies.map((p) => p.id)).toContain('microsoft-user-default-low');
    expect(f.authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned).toHaveLength(1);
    expect(f).not.toHaveProperty('somethingElse');
  });

  it('never mutates its input', () => {
    const input = structuredClone(minimal);
    loadFixture(input).users.push({ id: 'u2', displayName: 'X', userPrincipalName: 'x@t' });
    expect(input.users).toHaveLength(1);
  });

  it('rejects fixtures without tenant id or with duplicate ids', () => {
    expect(() => loadFixture({ users: [] })).toThrow(FixtureError);
    expect(() => loadFixture({ ...minimal, users: [minimal.users[0], minimal.users[0]] })).toThrow(/duplicate/);
    expect(() => loadFixture('/nonexistent/fixture.json')).toThrow(/Cannot read tenant fixture/);
  });
});

describe('TenantRuntime', () => {
  it('resolves transitive membership without looping on cycles', () => {
    const t = new TenantRuntime(
      loadFixture({
        ...minimal,
        groups: [
          { id: 'g1', displayName: 'G1', members: ['u1', 'g2'] },
          { id: 'g2', displayName: 'G2', members: ['g1'] },
        ],
      }),
    );
    expect(t.directGroupsOf('u1').map((g) => g.id)).toEqual(['g1']);
    expect(t.transitiveGroupsOf('u1').map((g) => g.id)).toEqual(['g1', 'g2']);
    expect(t.transitiveMembersOf('g2').sort()).toEqual(['g1', 'u1']);
  });

  it('hides recent grant writes from listings during the replication lag', () => {
    let now = 1000;
    const t = new TenantRuntime(loadFixture({ ...minimal, faults: { grantReplicationLagMs: 100 } }), () => now);
    const grant = {
      id: 'g',
      clientId: 'c',
      consentType: 'AllPrincipals' as const,
      principalId: null,
      resourceId: 'r',
      scope: 'A',
    };
    t.recordGrantChange('g', null);
    t.data.oauth2PermissionGrants.push(grant);
    expect(t.listedGrants()).toEqual([]);
    now += 101;
    expect(t.listedGrants()).toEqual([grant]);
  });

  it('builds Graph-like grant ids from the object ids', () => {
    const id = grantId('9d2f5b30-0003-4e5f-a6b7-500000000003', '9d2f5b30-0001-4e5f-a6b7-500000000001', null);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(
      grantId(
        '9d2f5b30-0003-4e5f-a6b7-500000000003',
        '9d2f5b30-0001-4e5f-a6b7-500000000001',
        '4a1b7c2e-0001-4d6e-9f10-a11ce0000001',
      ),
    ).toHaveLength(64);
  });
});

describe('FaultState', () => {
  it('counts down throttles and 503s, honours path patterns and fractional Retry-After', () => {
    const f = new FaultState({
      throttle: { count: 2, retryAfterSeconds: 0.5, pathPattern: 'servicePrincipals' },
      unavailable: { count: 1 },
    });
    expect(f.check('/v1.0/users')?.status).toBe(503);
    expect(f.check('/v1.0/users')).toBeNull();
    const t = f.check('/v1.0/servicePrincipals');
    expect(t).toMatchObject({ status: 429, headers: { 'Retry-After': '0.5' } });
    expect(f.check('/v1.0/servicePrincipals')?.status).toBe(429);
    expect(f.check('/v1.0/servicePrincipals')).toBeNull();
    expect(f.current.throttle?.count).toBe(0);
  });

  it('throttles a fraction of requests by rate', () => {
    let i = 0;
    const f = new FaultState({ throttle: { rate: 0.5 } }, () => [0.1, 0.9][i++ % 2]);
    expect(f.check('/x')?.status).toBe(429);
    expect(f.check('/x')).toBeNull();
  });
});
