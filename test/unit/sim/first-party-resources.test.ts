/** Filling a fixture's first-party resource from the generated catalog (pure). */
import {
  MICROSOFT_GRAPH_DATA,
  SHAREPOINT_DATA,
  firstPartyResource,
  microsoftGraphServicePrincipal,
  withFirstPartyPermissions,
} from '../../../sim/catalog/microsoft-resources';
import { normaliseFixture } from '../../../sim/load-fixture';

const GRAPH = '00000003-0000-0000-c000-000000000000';

describe('first-party resources in fixtures', () => {
  it('fills both lists of a resource named by appId alone (any case)', () => {
    const sp = withFirstPartyPermissions({ id: 'x', appId: GRAPH.toUpperCase(), displayName: 'Microsoft Graph' });
    expect(sp.oauth2PermissionScopes).toEqual(MICROSOFT_GRAPH_DATA.oauth2PermissionScopes);
    expect(sp.appRoles).toEqual(MICROSOFT_GRAPH_DATA.appRoles);
  });

  it('keeps lists the fixture gives, even empty ones, and leaves other apps alone', () => {
    expect(
      withFirstPartyPermissions({ id: 'x', appId: GRAPH, displayName: 'G', oauth2PermissionScopes: [], appRoles: [] }),
    ).toMatchObject({ oauth2PermissionScopes: [], appRoles: [] });
    const other = { id: 'y', appId: '34f0b59e-a9fc-4d21-8a85-a3a124438861', displayName: 'Vendor app' };
    expect(withFirstPartyPermissions(other)).toBe(other);
  });

  it('gives every tenant its own copy', () => {
    const fixture = {
      tenant: { id: 't1' },
      servicePrincipals: [{ id: 'g', appId: GRAPH, displayName: 'Microsoft Graph' }],
    };
    const a = normaliseFixture(fixture).servicePrincipals[0];
    a.oauth2PermissionScopes!.length = 0;
    expect(normaliseFixture(fixture).servicePrincipals[0].oauth2PermissionScopes).toHaveLength(
      MICROSOFT_GRAPH_DATA.counts.delegated,
    );
    expect(microsoftGraphServicePrincipal('g').oauth2PermissionScopes).toHaveLength(
      MICROSOFT_GRAPH_DATA.counts.delegated,
    );
  });

  it('knows the resources by appId', () => {
    expect(firstPartyResource('00000003-0000-0FF1-CE00-000000000000')).toBe(SHAREPOINT_DATA);
    expect(firstPartyResource('00000002-0000-0ff1-ce00-000000000000')).toBeUndefined();
  });
});
