/**
 * One situation per finding code, as Facts (the diagnosis rules' input), shared by the rules' tests
 * and the cards' tests of each code's wording.
 */
import type { Facts, FindingCode } from '../../../src/diagnosis/types';
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../../src/graph/types';
import {
  ADMIN,
  FactsBuilder,
  GRAPH_SP,
  QLIK_ONEDRIVE_APP_ID,
  USER,
  assignment,
  consentRequest,
  grant,
  group,
  qlikSp,
  signIn,
} from './facts-builder';

export const SELF = 'ManagePermissionGrantsForSelf.';
export const VERIFIED = { displayName: 'Qlik', verifiedPublisherId: '1234567', addedDateTime: '2024-01-01T00:00:00Z' };

/** Granted for everyone, legacy user consent: nothing is wrong. */
export function healthy(): FactsBuilder {
  return new FactsBuilder()
    .requestingGraph('User.Read', 'offline_access')
    .with({ grants: [grant(GRAPH_SP, 'User.Read offline_access', null)] });
}

/** Nobody has consented yet. */
export function ungranted(...scopes: string[]): FactsBuilder {
  return new FactsBuilder().requestingGraph(...(scopes.length > 0 ? scopes : ['User.Read']));
}

/** One situation per finding code; the type makes a missing code a compile error. */
export const SCENARIOS: Record<FindingCode, () => Facts> = {
  USER_NOT_IN_TENANT: () => healthy().with({ user: null }).build(),
  USER_ACCOUNT_DISABLED: () =>
    healthy()
      .with({ user: { ...USER, accountEnabled: false } })
      .build(),
  APP_NOT_IN_TENANT: () => ungranted().with({ servicePrincipal: null }).build(),
  APP_DISABLED: () =>
    healthy()
      .with({ servicePrincipal: qlikSp('sharepoint', { accountEnabled: false }) })
      .build(),
  RESOURCE_NOT_IN_TENANT: () =>
    healthy()
      .requesting({ [SHAREPOINT_APP_ID]: ['AllSites.Read'] })
      .with({ resources: { [MICROSOFT_GRAPH_APP_ID]: GRAPH_SP, [SHAREPOINT_APP_ID]: null } })
      .build(),
  ASSIGNMENT_REQUIRED_NOT_ASSIGNED: () =>
    healthy()
      .with({ servicePrincipal: qlikSp('sharepoint', { appRoleAssignmentRequired: true }) })
      .build(),
  ASSIGNED_ONLY_VIA_NESTED_GROUP: () => nestedGroupSituation(),
  USER_CONSENT_DISABLED: () => ungranted().withPolicies().build(),
  USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER: () =>
    ungranted()
      .withPolicies(`${SELF}microsoft-user-default-low`)
      .with({
        classifications: {
          [MICROSOFT_GRAPH_APP_ID]: [
            { id: 'c', permissionId: 'p', permissionName: 'User.Read', classification: 'low' },
          ],
        },
      })
      .build(),
  USER_CONSENT_LIMITED_SCOPE_NOT_LOW: () =>
    ungranted('Sites.Read.All')
      .withPolicies(`${SELF}microsoft-user-default-low`)
      .with({ servicePrincipal: qlikSp('sharepoint', { verifiedPublisher: VERIFIED }) })
      .build(),
  USER_CONSENT_BLOCKED_BY_MANAGED_POLICY: () =>
    ungranted('Files.Read.All')
      .withPolicies(`${SELF}microsoft-user-default-recommended`)
      .with({ servicePrincipal: qlikSp('sharepoint', { verifiedPublisher: VERIFIED }) })
      .build(),
  ADMIN_ONLY_SCOPES: () => ungranted('User.Read.All').build(),
  APPLICATION_PERMISSIONS_REQUESTED: () => {
    const b = healthy();
    b.facts.requested.application = { [MICROSOFT_GRAPH_APP_ID]: ['Sites.Read.All'] };
    return b.build();
  },
  CONSENT_MISSING_SCOPES: () =>
    new FactsBuilder()
      .requestingGraph('User.Read', 'offline_access')
      .withPolicies()
      .with({ grants: [grant(GRAPH_SP, 'User.Read', null)] })
      .build(),
  CONSENT_ONLY_FOR_ANOTHER_USER: () => approvedOnlyForAdminSituation(),
  CONSENT_REQUEST_PENDING: () =>
    ungranted()
      .withPolicies()
      .with({ consentRequests: [consentRequest('InProgress')] })
      .build(),
  CONSENT_REQUEST_EXPIRED: () =>
    ungranted()
      .withPolicies()
      .with({ consentRequests: [consentRequest('Expired')] })
      .build(),
  CONSENT_REQUEST_DENIED: () =>
    ungranted()
      .withPolicies()
      .with({
        consentRequests: [
          consentRequest('Completed', {
            approval: {
              stages: [
                {
                  reviewResult: 'Deny',
                  status: 'Completed',
                  justification: 'Use the OneDrive connector',
                  reviewedBy: { displayName: 'Adam Admin' },
                },
              ],
            },
          }),
        ],
      })
      .build(),
  ADMIN_CONSENT_WORKFLOW_DISABLED: () => {
    const b = ungranted().withPolicies();
    b.facts.adminConsentRequestPolicy!.isEnabled = false;
    return b.build();
  },
  PROMPT_CONSENT_FORCED: () =>
    healthy()
      .requestingGraph('User.Read', 'offline_access')
      .with({
        requested: {
          delegated: { [MICROSOFT_GRAPH_APP_ID]: ['User.Read', 'offline_access'] },
          application: {},
          source: 'url',
          prompt: 'admin_consent',
        },
      })
      .build(),
  WRONG_APP: () =>
    healthy()
      .with({
        signIns: [signIn(65001, { appId: QLIK_ONEDRIVE_APP_ID, appDisplayName: 'Qlik Web Connectors (OneDrive)' })],
      })
      .build(),
  CONDITIONAL_ACCESS_BLOCK: () =>
    healthy()
      .with({ signIns: [signIn(53003, { conditionalAccessStatus: 'failure', correlationId: 'corr-1' })] })
      .build(),
  RISKY_APP_BLOCKED: () =>
    healthy()
      .with({ signIns: [signIn(900941)] })
      .build(),
  SIGNIN_LOGS_UNAVAILABLE: () => healthy().with({ signIns: null, signInsUnavailable: 'not_premium' }).build(),
  INSUFFICIENT_BOT_PERMISSIONS: () =>
    healthy()
      .with({
        forbidden: [
          { fact: 'consent requests', permission: 'ConsentRequest.Read.All', code: 'Authorization_RequestDenied' },
        ],
      })
      .build(),
  SCOPES_UNKNOWN: () => new FactsBuilder().build(),
  NO_PROBLEM_FOUND: () => healthy().build(),
};

/** Field situation 3: assignment required; the assigned group is reached only through a nested group. */
export function nestedGroupSituation(): Facts {
  const app = qlikSp('sharepoint', {
    appRoleAssignmentRequired: true,
    appRoles: [
      { id: 'role-reader', value: 'Reader', displayName: 'Reader', allowedMemberTypes: ['User'], isEnabled: true },
    ],
  });
  return healthy()
    .with({
      servicePrincipal: app,
      directGroups: [group('g-sales-emea', 'Sales EMEA')],
      transitiveGroups: [group('g-sales-emea', 'Sales EMEA'), group('g-qlik-users', 'Qlik Users')],
      appRoleAssignedTo: [assignment('g-qlik-users', app, 'role-reader')],
    })
    .build();
}

/** Field situation 2: IT "approved" by consenting for themselves only, and without offline_access. */
export function approvedOnlyForAdminSituation(): Facts {
  return new FactsBuilder()
    .requestingGraph('Files.Read.All', 'Sites.Read.All', 'offline_access', 'User.Read')
    .withPolicies(`${SELF}microsoft-user-default-recommended`)
    .with({ grants: [grant(GRAPH_SP, 'Files.Read.All Sites.Read.All User.Read', ADMIN)] })
    .build();
}
