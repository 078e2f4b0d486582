import { approvalCard, toApprovalViewModel, signCardData } from '../../../src/cards';
import type { ApprovalRequest } from '../../../src/requests/model';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';

const KEY = 'k'.repeat(32);

function storedRequest(): ApprovalRequest {
  const at = '2026-11-24T10:00:00.000Z';
  return {
    id: 'req-ctx',
    tenantId: 't-1',
    state: 'pending',
    createdAt: at,
    updatedAt: at,
    requester: {
      aadObjectId: 'u-1',
      teamsUserId: '29:u-1',
      displayName: 'Una User',
      userPrincipalName: 'una@contoso.test',
    },
    linkedRequesters: [],
    justification: null,
    appId: 'app-1',
    appDisplayName: 'Vendor App',
    decision: { by: null, at: null, scope: null, reason: null },
    outcome: null,
    adminCard: null,
    diagnosis: {
      app: { appId: 'app-1', displayName: 'Vendor App', servicePrincipalId: 'sp-1' },
      user: { id: 'u-1', userPrincipalName: 'una@contoso.test', displayName: 'Una User' },
      candidates: [],
      findings: [],
      remedies: [
        {
          kind: 'grant_delegated',
          clientAppId: 'app-1',
          resourceAppId: MICROSOFT_GRAPH_APP_ID,
          scopes: ['Files.Read.All'],
          consentType: 'AllPrincipals',
        },
      ],
      userOnlyRemedies: [],
      requested: { delegated: { [MICROSOFT_GRAPH_APP_ID]: ['Files.Read.All'] }, application: {}, source: 'url' },
      graph: { requests: 0, roundTrips: 0 },
      context: {
        publisherName: 'Vendor Ltd',
        verifiedPublisher: null,
        appRoles: [],
        userNames: {},
        resources: {
          [MICROSOFT_GRAPH_APP_ID]: {
            displayName: 'Microsoft Graph',
            oauth2PermissionScopes: [
              {
                id: 'df85f4d6-205c-4ac5-a5be-6bf2c2e5e3b8',
                value: 'Files.Read.All',
                type: 'User',
                isEnabled: true,
                adminConsentDisplayName: 'Read all files that user can access',
              },
            ],
          },
        },
      },
    },
  };
}

describe('approval card from a stored request alone', () => {
  it('describes scopes and publisher from the diagnosis context', () => {
    const request = storedRequest();
    const json = JSON.stringify(approvalCard(toApprovalViewModel(request, signCardData(request.id, KEY)), 'approver'));
    expect(json).toContain('Read all files that user can access');
    expect(json).toContain('Vendor Ltd');
    expect(json).not.toContain('Unknown');
  });
});

describe('approval card request id', () => {
  it('shows the request id so admins can ask for its audit', () => {
    const request = storedRequest();
    const json = JSON.stringify(approvalCard(toApprovalViewModel(request, signCardData(request.id, KEY)), 'observer'));
    expect(json).toContain('"title":"Request","value":"req-ctx"');
  });
});
