/**
 * A scope's type and description come only from the resource object the tenant returned: the same
 * name means what its resource publishes, and a name it does not publish is of unknown type.
 */
import type { PermissionScope, ServicePrincipal } from '../../../src/graph/types';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { describeScope } from '../../../src/diagnosis/scope-info';
import { isHighPrivilege } from '../../../src/diagnosis/scope-risk';
import { evaluateScopeConsent } from '../../../src/diagnosis/consent-policy';
import { riskNotes } from '../../../src/cards/risk';
import { scopeView } from '../../../src/cards/changes';
import { scopeRiskLevel } from '../../../src/cards/approval-options';
import { MICROSOFT_GRAPH_SCOPES, microsoftGraphServicePrincipal } from '../../../sim/catalog/microsoft-resources';
import { builtInPermissionGrantPolicies } from '../../../sim/catalog/permission-grant-policies';
import { TENANT_ID } from './facts-builder';

const published = (value: string): PermissionScope => {
  const found = MICROSOFT_GRAPH_SCOPES.find((s) => s.value === value);
  if (!found) throw new Error(`${value} is not in the generated Microsoft Graph data`);
  return { ...found };
};

function resource(scopes: PermissionScope[]): ServicePrincipal {
  return {
    id: 'sp-res',
    appId: MICROSOFT_GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    accountEnabled: true,
    oauth2PermissionScopes: scopes,
  };
}

describe('scope types from the resource object', () => {
  test('the OpenID scopes are described as Microsoft Graph publishes them', () => {
    const graph = microsoftGraphServicePrincipal('sp-graph');
    expect(describeScope(graph, 'openid')).toMatchObject({
      type: 'User',
      description: published('openid').userConsentDisplayName,
    });
    expect(describeScope(graph, 'offline_access').permission?.id).toBe(published('offline_access').id);
  });

  test('a resource that does not publish a scope leaves its type unknown, OpenID names included', () => {
    const bare = resource([published('User.Read')]);
    for (const name of ['openid', 'profile', 'email', 'offline_access', 'Made.Up.All']) {
      expect(describeScope(bare, name)).toEqual({ type: 'unknown', description: name, permission: null });
    }
    expect(describeScope(null, 'openid').type).toBe('unknown');
  });

  test('the type follows the published object, not the name: the same name published as Admin is an admin scope', () => {
    const asAdmin = resource([{ ...published('User.Read'), type: 'Admin' }]);
    expect(describeScope(asAdmin, 'User.Read').type).toBe('Admin');
    // User.Read is neither in the high-impact set nor classified here: only its Admin type makes it high privilege.
    expect(isHighPrivilege(MICROSOFT_GRAPH_APP_ID, 'User.Read', asAdmin, [])).toBe(true);
    expect(isHighPrivilege(MICROSOFT_GRAPH_APP_ID, 'User.Read', resource([published('User.Read')]), [])).toBe(false);
    const verdict = evaluateScopeConsent(
      {
        tenantId: TENANT_ID,
        authorizationPolicy: {
          id: 'authorizationPolicy',
          defaultUserRolePermissions: {
            permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-legacy'],
          },
        },
        permissionGrantPolicies: builtInPermissionGrantPolicies(TENANT_ID),
        client: null,
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        resource: asAdmin,
        classifications: [],
      },
      'User.Read',
    );
    expect(verdict).toMatchObject({ allowed: false, reason: 'admin_only_scope' });
  });

  test('cards: type and description from the resource; "high" from this resource\'s set or the tenant\'s classification', () => {
    const ctx = { resources: { [MICROSOFT_GRAPH_APP_ID]: resource([published('User.Read'), published('Mail.Send')]) } };
    const userRead = scopeView(MICROSOFT_GRAPH_APP_ID, 'User.Read', ctx);
    expect(userRead).toMatchObject({
      type: 'User',
      description: published('User.Read').adminConsentDisplayName,
      highImpact: false,
    });
    expect(scopeRiskLevel(userRead)).toBe('standard');
    // Mail.Send is high impact on Microsoft Graph; the same name on a resource outside the set is not.
    expect(scopeRiskLevel(scopeView(MICROSOFT_GRAPH_APP_ID, 'Mail.Send', ctx))).toBe('high');
    expect(scopeView('0d4f1d53-6f5b-4a6e-9a53-2f2b8d3a7c11', 'Mail.Send', ctx).highImpact).toBe(false);
    const classified = scopeView(MICROSOFT_GRAPH_APP_ID, 'User.Read', {
      ...ctx,
      classifications: { [MICROSOFT_GRAPH_APP_ID]: { 'user.read': 'high' } },
    });
    expect(scopeRiskLevel(classified)).toBe('high');
    const notes = riskNotes({
      grantedScopes: [
        {
          resourceName: 'Microsoft Graph',
          scope: 'User.Read',
          highImpact: classified.highImpact,
          classification: classified.classification,
        },
      ],
      unknownScopes: [],
      tenantWide: true,
      publisherVerified: true,
      publisherName: null,
      applicationPermissions: [],
    });
    expect(notes).toContain('High-privilege permissions: User.Read (Microsoft Graph).');
  });
});
