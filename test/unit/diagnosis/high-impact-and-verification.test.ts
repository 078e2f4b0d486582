import { isHighImpact } from '../../../src/diagnosis/high-impact-permissions';
import { gapFindings, verificationGap } from '../../../src/diagnosis/verification';
import { diagnoseFacts } from '../../../src/diagnosis/rules';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { EXCHANGE_ONLINE_APP_ID } from '../../../src/diagnosis/resources';
import { FactsBuilder, GRAPH_SP, USER, grant } from './facts-builder';

describe('high-impact permission set (CISA ScubaGear + documented additions)', () => {
  it.each([
    'Mail.ReadWrite',
    'Mail.Send',
    'Chat.ReadWrite',
    'EWS.AccessAsUser.All',
    'RoleAssignmentSchedule.ReadWrite.Directory',
    'Directory.ReadWrite.All',
    'RoleManagement.ReadWrite.Directory',
    'Application.ReadWrite.All',
    'AppRoleAssignment.ReadWrite.All',
  ])('Microsoft Graph %s is high impact', (scope) => {
    expect(isHighImpact(MICROSOFT_GRAPH_APP_ID, scope)).toBe(true);
    expect(isHighImpact(MICROSOFT_GRAPH_APP_ID, scope.toLowerCase())).toBe(true);
  });
  it('knows permissions by id and per resource, and leaves low-impact ones alone', () => {
    expect(isHighImpact(MICROSOFT_GRAPH_APP_ID, 'c5366453-9fb0-48a5-a156-24f0c49a4b84')).toBe(true); // Directory.ReadWrite.All
    expect(isHighImpact(EXCHANGE_ONLINE_APP_ID, 'EWS.AccessAsUser.All')).toBe(true);
    expect(isHighImpact(MICROSOFT_GRAPH_APP_ID, 'User.Read')).toBe(false);
    expect(isHighImpact(MICROSOFT_GRAPH_APP_ID, 'Files.Read')).toBe(false);
    expect(isHighImpact('ffffffff-0000-4000-8000-000000000000', 'Mail.Send')).toBe(false);
  });
});

describe('verification that can fail', () => {
  it('is verified only when every evidenced scope is granted on its own resource for the user', () => {
    const missing = new FactsBuilder()
      .requestingGraph('User.Read', 'offline_access')
      .withPolicies()
      .with({ grants: [grant(GRAPH_SP, 'User.Read', null)] })
      .build();
    const gap = verificationGap(missing);
    expect(gap.missingScopes).toEqual([{ resourceAppId: MICROSOFT_GRAPH_APP_ID, scope: 'offline_access' }]);
    expect(gapFindings(gap).map((f) => f.code)).toEqual(['CONSENT_MISSING_SCOPES']);
    const done = new FactsBuilder()
      .requestingGraph('User.Read', 'offline_access')
      .withPolicies()
      .with({ grants: [grant(GRAPH_SP, 'User.Read', null), grant(GRAPH_SP, 'offline_access', USER)] })
      .build();
    expect(gapFindings(verificationGap(done))).toEqual([]);
  });
});

describe('requester-typed high-privilege scopes', () => {
  it("go to confirm, never into a one-click grant; Entra's own request is enough evidence", () => {
    const typed = diagnoseFacts(
      new FactsBuilder().requestingGraph('User.Read', 'User.Read.All').withPolicies().build(),
    );
    const g = typed.remedies.find((r) => r.kind === 'grant_delegated');
    expect(g).toMatchObject({
      scopes: ['User.Read'],
      confirm: ['User.Read.All'],
      sources: { 'User.Read': ['consent_url'], 'User.Read.All': ['consent_url'] },
    });
    const entra = diagnoseFacts(
      new FactsBuilder()
        .requesting({ [MICROSOFT_GRAPH_APP_ID]: ['User.Read', 'User.Read.All'] }, 'consent_request')
        .withPolicies()
        .build(),
    );
    expect(entra.remedies.find((r) => r.kind === 'grant_delegated')).toMatchObject({
      scopes: ['User.Read', 'User.Read.All'],
      confirm: [],
    });
  });
});
