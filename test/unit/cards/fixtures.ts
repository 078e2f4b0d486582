/** Domain objects shaped like the ones the diagnosis and the request store produce. */
import type { Diagnosis } from '../../../src/diagnosis/types';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import type { ApprovalContext } from '../../../src/cards/approval-model';
import type { ApprovalRequest, RequestState } from '../../../src/requests/model';

export const TENANT_ID = '11111111-1111-4111-8111-111111111111';
export const APP_ID = '22222222-2222-4222-8222-222222222222';
export const SP_ID = '33333333-3333-4333-8333-333333333333';
export const USER_ID = '44444444-4444-4444-8444-444444444444';
export const KEY = Buffer.alloc(32, 7);

export function diagnosis(overrides: Partial<Diagnosis> = {}): Diagnosis {
  return {
    app: { appId: APP_ID, displayName: 'Qlik Web Connectors (Office 365 SharePoint)', servicePrincipalId: SP_ID },
    user: { id: USER_ID, userPrincipalName: 'ana@contoso.com', displayName: 'Ana Lima' },
    candidates: [],
    findings: [
      {
        code: 'USER_CONSENT_LIMITED_SCOPE_NOT_LOW',
        severity: 'warning',
        summary: 'Your organization only lets you approve low-risk permissions yourself.',
        summaryForAdmins: 'Ana Lima may only approve low-risk permissions themselves.',
        adminSummary: 'authorizationPolicy assigns microsoft-user-default-low; Sites.Read.All is not classified low.',
        fixable: true,
      },
      {
        code: 'ADMIN_ONLY_SCOPES',
        severity: 'blocker',
        summary: 'The app asks for permissions only an admin can approve.',
        summaryForAdmins: 'The app asks for permissions only an admin can approve.',
        adminSummary: 'Microsoft Graph Sites.ReadWrite.All is type Admin.',
        fixable: true,
      },
    ],
    remedies: [
      {
        kind: 'grant_delegated',
        clientAppId: APP_ID,
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        scopes: ['Sites.ReadWrite.All', 'User.Read', 'Custom.Unknown'],
        consentType: 'AllPrincipals',
      },
    ],
    userOnlyRemedies: [
      {
        kind: 'grant_delegated',
        clientAppId: APP_ID,
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        scopes: ['Sites.ReadWrite.All', 'User.Read', 'Custom.Unknown'],
        consentType: 'Principal',
        principalId: USER_ID,
      },
    ],
    requested: {
      delegated: { [MICROSOFT_GRAPH_APP_ID]: ['Sites.ReadWrite.All', 'User.Read'] },
      application: {},
      source: 'consent_request',
    },
    graph: { requests: 9, roundTrips: 2 },
    ...overrides,
  };
}

export function request(state: RequestState = 'pending', overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  const decided = state !== 'pending' && state !== 'expired' && state !== 'withdrawn';
  return {
    id: 'req-0001',
    tenantId: TENANT_ID,
    state,
    createdAt: '2025-03-01T09:30:00Z',
    updatedAt: '2025-03-02T10:00:00.123Z',
    requester: {
      aadObjectId: USER_ID,
      teamsUserId: '29:ana',
      displayName: 'Ana Lima',
      userPrincipalName: 'ana@contoso.com',
    },
    linkedRequesters: [{ aadObjectId: 'x', teamsUserId: '29:bo', displayName: 'Bo Chen', userPrincipalName: null }],
    justification: 'I need it for the weekly sales report.',
    appId: APP_ID,
    appDisplayName: 'Qlik Web Connectors (Office 365 SharePoint)',
    diagnosis: diagnosis(),
    decision: {
      by: decided || state === 'withdrawn' ? { aadObjectId: 'admin', displayName: 'Dana Admin' } : null,
      at: decided ? '2025-03-02T10:00:00Z' : null,
      scope: state === 'approved' || state === 'failed' || state === 'approving' ? 'everyone' : null,
      reason: state === 'denied' ? 'Use the approved connector instead.' : null,
    },
    outcome:
      state === 'approved'
        ? {
            steps: [{ remedy: diagnosis().remedies[0]!, status: 'done', graphRequestId: 'gr-1', error: null }],
            verified: true,
            error: null,
          }
        : state === 'failed'
          ? {
              steps: [
                {
                  remedy: { kind: 'create_service_principal', appId: APP_ID },
                  status: 'already_done',
                  graphRequestId: 'gr-0',
                  error: null,
                },
                {
                  remedy: diagnosis().remedies[0]!,
                  status: 'failed',
                  graphRequestId: 'gr-2',
                  error: 'Authorization_RequestDenied',
                },
              ],
              verified: null,
              error: 'Authorization_RequestDenied',
            }
          : null,
    adminCard: null,
    ...overrides,
  };
}

export const context: ApprovalContext = {
  servicePrincipal: {
    publisherName: 'Qlik',
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  },
  resources: {
    [MICROSOFT_GRAPH_APP_ID]: {
      displayName: 'Microsoft Graph',
      oauth2PermissionScopes: [
        {
          id: 's1',
          value: 'Sites.ReadWrite.All',
          type: 'Admin',
          isEnabled: true,
          adminConsentDisplayName: 'Edit or delete items in all site collections',
        },
        {
          id: 's2',
          value: 'User.Read',
          type: 'User',
          isEnabled: true,
          adminConsentDisplayName: 'Sign in and read user profile',
        },
      ],
    },
  },
  userNames: { [USER_ID]: 'Ana Lima' },
  approverTeamsUserIds: ['29:admin1', '29:admin2'],
};
