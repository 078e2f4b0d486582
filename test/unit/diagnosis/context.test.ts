import { buildDiagnosisContext } from '../../../src/diagnosis/context';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { FactsBuilder, USER } from './facts-builder';

describe('buildDiagnosisContext', () => {
  it('keeps only the scopes the request or the remedies name, with their types', () => {
    const facts = new FactsBuilder().requestingGraph('User.Read', 'Files.Read.All').withPolicies().build();
    const context = buildDiagnosisContext(facts, [
      {
        kind: 'grant_delegated',
        clientAppId: 'c',
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        scopes: ['offline_access', 'User.Read'],
        consentType: 'AllPrincipals',
      },
    ]);
    const graph = context.resources[MICROSOFT_GRAPH_APP_ID];
    expect(graph?.displayName).toBe('Microsoft Graph');
    expect(graph?.oauth2PermissionScopes.map((s) => s.value).sort()).toEqual(
      ['Files.Read.All', 'User.Read', 'offline_access'].sort(),
    );
    expect(graph?.oauth2PermissionScopes.find((s) => s.value === 'Files.Read.All')?.type).toBeDefined();
    expect(context.userNames[USER.id]).toBe(USER.displayName);
  });

  it('records a missing resource as null and an absent app with no publisher', () => {
    const facts = new FactsBuilder()
      .requestingGraph('User.Read')
      .with({ servicePrincipal: null, resources: { [MICROSOFT_GRAPH_APP_ID]: null } })
      .build();
    const context = buildDiagnosisContext(facts, []);
    expect(context.resources[MICROSOFT_GRAPH_APP_ID]).toBeNull();
    expect(context.publisherName).toBeNull();
    expect(context.verifiedPublisher).toBeNull();
    expect(context.appRoles).toEqual([]);
  });
});
