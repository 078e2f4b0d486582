import { FINDING_ORDER } from '../../../src/diagnosis/findings';
import { diagnoseFacts } from '../../../src/diagnosis/rules';
import { FINDING_CODES, type Facts, type Finding, type FindingCode } from '../../../src/diagnosis/types';
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../../src/graph/types';
import {
  ADMIN,
  FactsBuilder,
  GRAPH_SP,
  QLIK_ONEDRIVE_APP_ID,
  QLIK_SHAREPOINT_APP_ID,
  SHAREPOINT_SP,
  TENANT_ID,
  USER,
  assignment,
  consentRequest,
  grant,
  group,
  qlikSp,
  signIn,
} from './facts-builder';
import {
  SCENARIOS,
  SELF,
  approvedOnlyForAdminSituation,
  healthy,
  nestedGroupSituation,
  ungranted,
} from './finding-scenarios';

function codes(facts: Facts): FindingCode[] {
  return diagnoseFacts(facts).findings.map((f) => f.code);
}

function find(facts: Facts, code: FindingCode): Finding {
  const found = diagnoseFacts(facts).findings.find((f) => f.code === code);
  if (!found) throw new Error(`${code} not in ${codes(facts).join(', ')}`);
  return found;
}

describe('consent given only to the admin', () => {
  it('is a warning, not a blocker, when the person may consent to every missing scope themselves', () => {
    const facts = new FactsBuilder()
      .requestingGraph('User.Read', 'offline_access')
      .withPolicies(`${SELF}microsoft-user-default-legacy`)
      .with({ grants: [grant(GRAPH_SP, 'User.Read', ADMIN)] })
      .build();
    const f = diagnoseFacts(facts).findings.find((x) => x.code === 'CONSENT_ONLY_FOR_ANOTHER_USER');
    expect(f).toMatchObject({ severity: 'warning', fixable: true });
  });

  it('is a blocker when an admin is needed', () => {
    const f = diagnoseFacts(approvedOnlyForAdminSituation()).findings.find(
      (x) => x.code === 'CONSENT_ONLY_FOR_ANOTHER_USER',
    );
    expect(f).toMatchObject({ severity: 'blocker', fixable: true });
  });
});

describe('diagnoseFacts: every finding code', () => {
  it('has a scenario and a sort position for every code', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...FINDING_CODES].sort());
    expect([...FINDING_ORDER].sort()).toEqual([...FINDING_CODES].sort());
  });

  it.each(FINDING_CODES.map((code) => [code]))('%s', (code) => {
    const outcome = diagnoseFacts(SCENARIOS[code]());
    const f = outcome.findings.find((x) => x.code === code);
    expect(f).toBeDefined();
    expect(f!.summary.length).toBeGreaterThan(20);
    expect(f!.adminSummary.length).toBeGreaterThan(20);
    // Plain words for the end user: no object ids or scope jargon.
    expect(f!.summary).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|sp-|\.All\b|offline_access|appRole/);
  });

  it('reports no problem only when nothing blocks or warns', () => {
    for (const code of FINDING_CODES) {
      const found = codes(SCENARIOS[code]());
      const seriousOthers = diagnoseFacts(SCENARIOS[code]()).findings.some((f) => f.severity !== 'info');
      expect(found.includes('NO_PROBLEM_FOUND')).toBe(!seriousOthers && !found.includes('USER_NOT_IN_TENANT'));
    }
    expect(codes(SCENARIOS.NO_PROBLEM_FOUND())).toEqual(['NO_PROBLEM_FOUND']);
    expect(diagnoseFacts(SCENARIOS.NO_PROBLEM_FOUND()).remedies).toEqual([]);
  });
});

describe('field situation 1: user consent off, "the SharePoint connector"', () => {
  const facts = new FactsBuilder()
    .requesting(
      {
        [MICROSOFT_GRAPH_APP_ID]: [
          'Files.Read.All',
          'Files.ReadWrite.All',
          'Sites.Read.All',
          'Sites.Manage.All',
          'Sites.ReadWrite.All',
          'offline_access',
          'User.Read',
        ],
      },
      'consent_request',
    )
    .withPolicies()
    .with({ signIns: [signIn(90095)] })
    .build();
  const outcome = diagnoseFacts(facts);

  it('blames the user-consent setting, with the sign-in as evidence', () => {
    expect(outcome.findings.map((f) => f.code)).toEqual(['USER_CONSENT_DISABLED']);
    expect(outcome.findings[0]).toMatchObject({ severity: 'blocker', fixable: true });
    expect(outcome.findings[0].evidence?.signInErrorCodes).toEqual(['90095']);
    expect(outcome.findings[0].adminSummary).toMatch(/ManagePermissionGrantsForSelf/);
  });

  it('plans one tenant-wide grant with the full scope set, or one for the user only', () => {
    const scopes = facts.requested.delegated[MICROSOFT_GRAPH_APP_ID];
    // Entra's own consent request is evidence enough for high-impact scopes: nothing needs confirming.
    const sources = Object.fromEntries(scopes.map((s) => [s, ['consent_request']]));
    const extra = { sources, confirm: [], refused: [] };
    expect(outcome.remedies).toEqual([
      {
        kind: 'grant_delegated',
        clientAppId: QLIK_SHAREPOINT_APP_ID,
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        consentType: 'AllPrincipals',
        scopes,
        ...extra,
      },
    ]);
    expect(outcome.userOnlyRemedies).toEqual([
      {
        kind: 'grant_delegated',
        clientAppId: QLIK_SHAREPOINT_APP_ID,
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        consentType: 'Principal',
        principalId: USER.id,
        scopes,
        ...extra,
      },
    ]);
  });
});

describe('field situation 2: "IT approved it" but only for the admin, and without offline_access', () => {
  const outcome = diagnoseFacts(approvedOnlyForAdminSituation());

  it('finds the single-user grant first, then why the user cannot consent', () => {
    expect(outcome.findings.map((f) => f.code)).toEqual([
      'CONSENT_ONLY_FOR_ANOTHER_USER',
      'USER_CONSENT_BLOCKED_BY_MANAGED_POLICY',
    ]);
    expect(outcome.findings[1].evidence?.scopes).toEqual([
      `${MICROSOFT_GRAPH_APP_ID}/Files.Read.All`,
      `${MICROSOFT_GRAPH_APP_ID}/Sites.Read.All`,
    ]);
    const other = outcome.findings[0];
    expect(other.evidence).toMatchObject({ principalIds: [ADMIN.id], missingFromThoseGrants: ['offline_access'] });
    expect(other.adminSummary).toMatch(/lack: offline_access/);
  });

  it('grants everyone the full set including offline_access', () => {
    expect(outcome.remedies).toEqual([
      {
        kind: 'grant_delegated',
        clientAppId: QLIK_SHAREPOINT_APP_ID,
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        consentType: 'AllPrincipals',
        scopes: ['Files.Read.All', 'Sites.Read.All', 'offline_access', 'User.Read'],
        sources: {
          'Files.Read.All': ['consent_url'],
          'Sites.Read.All': ['consent_url'],
          offline_access: ['consent_url'],
          'User.Read': ['consent_url'],
        },
        confirm: [],
        refused: [],
      },
    ]);
  });
});

describe('field situation 3: assigned only through a nested group', () => {
  const outcome = diagnoseFacts(nestedGroupSituation());

  it("explains the nested group and assigns the user the group's role", () => {
    expect(outcome.findings.map((f) => f.code)).toEqual(['ASSIGNED_ONLY_VIA_NESTED_GROUP']);
    expect(outcome.findings[0].evidence).toMatchObject({ nestedGroupIds: ['g-qlik-users'], appRoleId: 'role-reader' });
    const assign = { kind: 'assign_user', appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id, appRoleId: 'role-reader' };
    expect(outcome.remedies).toEqual([assign]);
    expect(outcome.userOnlyRemedies).toEqual([assign]);
  });

  it('counts a direct group assignment', () => {
    const facts = nestedGroupSituation();
    facts.directGroups.push(group('g-qlik-users'));
    expect(codes(facts)).toEqual(['NO_PROBLEM_FOUND']);
  });
});

describe('assignment role choice', () => {
  it('uses the default role when the app defines no user roles, else lets the approver pick (never the first role)', () => {
    expect(diagnoseFacts(SCENARIOS.ASSIGNMENT_REQUIRED_NOT_ASSIGNED()).remedies).toEqual([
      {
        kind: 'assign_user',
        appId: QLIK_SHAREPOINT_APP_ID,
        userId: USER.id,
        appRoleId: '00000000-0000-0000-0000-000000000000',
      },
    ]);
    const app = qlikSp('sharepoint', {
      appRoleAssignmentRequired: true,
      appRoles: [
        {
          id: 'r-daemon',
          value: 'Daemon',
          displayName: 'Daemon',
          allowedMemberTypes: ['Application'],
          isEnabled: true,
        },
        { id: 'r-old', value: 'Old', displayName: 'Old', allowedMemberTypes: ['User'], isEnabled: false },
        { id: 'r-user', value: 'User', displayName: 'User', allowedMemberTypes: ['User'], isEnabled: true },
      ],
    });
    const outcome = diagnoseFacts(healthy().with({ servicePrincipal: app }).build());
    expect(outcome.remedies).toEqual([
      { kind: 'assign_user', appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id, appRoleId: '', roleChoices: ['r-user'] },
    ]);
    expect(outcome.findings[0].adminSummary).toMatch(/a role the approver picks on the card/);
  });

  it('with assignment required and no grant, users can never self-consent: consent is missing', () => {
    const app = qlikSp('sharepoint', { appRoleAssignmentRequired: true });
    const outcome = diagnoseFacts(
      ungranted()
        .with({ servicePrincipal: app, appRoleAssignedTo: [assignment(USER.id, app)] })
        .build(),
    );
    expect(outcome.findings.map((f) => f.code)).toEqual(['CONSENT_MISSING_SCOPES']);
    expect(outcome.findings[0].adminSummary).toMatch(/requires assignment/);
  });
});

describe('consent remedies', () => {
  it('merge existing grant scopes with the requested ones (complete target set)', () => {
    const facts = new FactsBuilder()
      .requestingGraph('User.Read', 'offline_access')
      .withPolicies()
      .with({ grants: [grant(GRAPH_SP, 'User.Read Mail.Read', null), grant(GRAPH_SP, 'Calendars.Read', USER)] })
      .build();
    const outcome = diagnoseFacts(facts);
    expect(outcome.findings.map((f) => f.code)).toEqual(['CONSENT_MISSING_SCOPES', 'USER_CONSENT_DISABLED']);
    expect(outcome.findings[0].summary).toMatch(/approved this app before/);
    expect(outcome.remedies).toEqual([
      expect.objectContaining({ consentType: 'AllPrincipals', scopes: ['User.Read', 'Mail.Read', 'offline_access'] }),
    ]);
    // The user's own grant gains only what neither grant holds (Entra applies their union).
    expect(outcome.userOnlyRemedies).toEqual([
      expect.objectContaining({
        consentType: 'Principal',
        principalId: USER.id,
        scopes: ['Calendars.Read', 'offline_access'],
        sources: { 'Calendars.Read': ['existing_grant'], offline_access: ['consent_url'] },
      }),
    ]);
  });

  // Issue 13 item 7: an app the tenant does not have gets Entra's admin-consent link, never create-and-grant.
  it('an app not in the tenant: the admin consent link only', () => {
    const facts = ungranted()
      .with({ servicePrincipal: null, resources: { [MICROSOFT_GRAPH_APP_ID]: GRAPH_SP, [SHAREPOINT_APP_ID]: null } })
      .requesting({ [MICROSOFT_GRAPH_APP_ID]: ['User.Read'], [SHAREPOINT_APP_ID]: ['AllSites.Read'] })
      .build();
    const outcome = diagnoseFacts(facts);
    expect(outcome.findings.map((f) => f.code)).toEqual(['APP_NOT_IN_TENANT', 'RESOURCE_NOT_IN_TENANT']);
    expect(outcome.remedies.map((r) => r.kind)).toEqual(['admin_consent_url']);
    expect(outcome.userOnlyRemedies).toEqual([]);
  });

  it('a missing resource is created first, then granted', () => {
    const facts = ungranted()
      .with({ resources: { [MICROSOFT_GRAPH_APP_ID]: GRAPH_SP, [SHAREPOINT_APP_ID]: null } })
      .requesting({ [MICROSOFT_GRAPH_APP_ID]: ['User.Read'], [SHAREPOINT_APP_ID]: ['AllSites.Read'] })
      .build();
    const outcome = diagnoseFacts(facts);
    expect(outcome.remedies.map((r) => r.kind)).toEqual([
      'create_service_principal',
      'grant_delegated',
      'grant_delegated',
    ]);
    expect(outcome.remedies[0]).toEqual({ kind: 'create_service_principal', appId: SHAREPOINT_APP_ID });
  });

  it('unknown scopes: admin consent link for everyone, a manual step for the user-only plan', () => {
    const outcome = diagnoseFacts(new FactsBuilder().withPolicies().build());
    expect(outcome.findings.map((f) => f.code)).toEqual(['USER_CONSENT_DISABLED', 'SCOPES_UNKNOWN']);
    // An administrator fixes it through Entra's admin-consent link (Entra shows what the app asks for).
    expect(outcome.findings[0].fixable).toBe(true);
    expect(outcome.remedies).toEqual([
      {
        kind: 'admin_consent_url',
        url: `https://login.microsoftonline.com/${TENANT_ID}/adminconsent?client_id=${QLIK_SHAREPOINT_APP_ID}`,
      },
    ]);
    expect(outcome.userOnlyRemedies.map((r) => r.kind)).toEqual(['manual']);
  });

  it('self-consentable gaps are not blockers', () => {
    const outcome = diagnoseFacts(ungranted().build());
    expect(outcome.findings.map((f) => f.code)).toEqual(['NO_PROBLEM_FOUND']);
    expect(outcome.findings[0].summary).toMatch(/approve it yourself/);
  });
});

describe('unfixable causes get manual steps, never automatic fixes', () => {
  it.each([['APP_DISABLED'], ['CONDITIONAL_ACCESS_BLOCK']] as Array<[FindingCode]>)('%s', (code) => {
    const outcome = diagnoseFacts(SCENARIOS[code]());
    const f = outcome.findings.find((x) => x.code === code)!;
    expect(f).toMatchObject({ severity: 'blocker', fixable: false });
    expect(outcome.remedies.every((r) => r.kind === 'manual')).toBe(true);
    expect(outcome.remedies.length).toBeGreaterThan(0);
  });

  it('a risky app blocks user consent only: an admin grant after review fixes it', () => {
    const outcome = diagnoseFacts(SCENARIOS.RISKY_APP_BLOCKED());
    expect(outcome.findings.find((x) => x.code === 'RISKY_APP_BLOCKED')).toMatchObject({
      severity: 'blocker',
      fixable: true,
    });
    expect(outcome.remedies.map((r) => r.kind)).toContain('manual');
  });

  it('no remedies at all for a user who cannot sign in', () => {
    for (const code of ['USER_NOT_IN_TENANT', 'USER_ACCOUNT_DISABLED'] as const) {
      const outcome = diagnoseFacts(
        ungranted()
          .withPolicies()
          .with({ user: code === 'USER_NOT_IN_TENANT' ? null : { ...USER, accountEnabled: false } })
          .build(),
      );
      expect(outcome.findings[0].code).toBe(code);
      expect(outcome.remedies).toEqual([]);
      expect(outcome.userOnlyRemedies).toEqual([]);
    }
  });
});

describe('sign-in evidence and other details', () => {
  it('ignores Conditional Access failures older than the last successful sign-in', () => {
    const facts = healthy()
      .with({ signIns: [signIn(0), signIn(53003)] })
      .build();
    expect(codes(facts)).toEqual(['NO_PROBLEM_FOUND']);
  });

  it('flags a pasted URL for another client as WRONG_APP', () => {
    const facts = healthy().build();
    facts.requested.clientId = QLIK_ONEDRIVE_APP_ID;
    expect(find(facts, 'WRONG_APP').evidence).toMatchObject({ pastedClientId: QLIK_ONEDRIVE_APP_ID });
  });

  it('prompt=consent blocks only when the user could not consent themselves', () => {
    const b = healthy();
    b.facts.requested.prompt = 'consent';
    expect(find(b.build(), 'PROMPT_CONSENT_FORCED').severity).toBe('warning');
    b.withPolicies();
    expect(find(b.build(), 'PROMPT_CONSENT_FORCED').severity).toBe('blocker');
  });

  it('consent request review results in both spellings, and lapsed pending requests', () => {
    const denied = ungranted()
      .withPolicies()
      .with({
        consentRequests: [
          consentRequest('Completed', {
            approval: { stages: [{ reviewResult: 'Denied', status: 'Completed' }] },
          }),
        ],
      })
      .build();
    expect(codes(denied)).toContain('CONSENT_REQUEST_DENIED');
    const approved = ungranted()
      .withPolicies()
      .with({
        consentRequests: [
          consentRequest('Completed', {
            approval: { stages: [{ reviewResult: 'Approved', status: 'Completed' }] },
          }),
        ],
      })
      .build();
    expect(codes(approved).filter((c) => c.startsWith('CONSENT_REQUEST'))).toEqual([]);
    const lapsed = ungranted()
      .withPolicies()
      .with({ now: '2025-08-01T00:00:00Z', consentRequests: [consentRequest('InProgress')] })
      .build();
    expect(codes(lapsed)).toContain('CONSENT_REQUEST_EXPIRED');
    const someoneElses = ungranted()
      .withPolicies()
      .with({ consentRequests: [consentRequest('InProgress', { createdBy: { user: { id: ADMIN.id } } })] })
      .build();
    expect(codes(someoneElses)).not.toContain('CONSENT_REQUEST_PENDING');
  });

  it('application permissions: link-out and a note on who may grant Graph app roles', () => {
    const outcome = diagnoseFacts(SCENARIOS.APPLICATION_PERMISSIONS_REQUESTED());
    expect(
      find(SCENARIOS.APPLICATION_PERMISSIONS_REQUESTED(), 'APPLICATION_PERMISSIONS_REQUESTED').adminSummary,
    ).toMatch(/Global Administrator or Privileged Role Administrator/);
    expect(outcome.remedies.map((r) => r.kind)).toEqual(['admin_consent_url', 'manual']);
    expect(outcome.userOnlyRemedies.map((r) => r.kind)).toEqual(['manual']);
  });

  it('sorts blockers before warnings before info, existence before assignment before consent', () => {
    const facts = ungranted()
      .withPolicies()
      .with({
        servicePrincipal: qlikSp('sharepoint', { appRoleAssignmentRequired: true }),
        resources: { [MICROSOFT_GRAPH_APP_ID]: GRAPH_SP, [SHAREPOINT_APP_ID]: SHAREPOINT_SP },
        signIns: null,
        signInsUnavailable: 'forbidden',
        forbidden: [{ fact: 'sign-in logs', permission: 'AuditLog.Read.All', code: 'Authorization_RequestDenied' }],
        consentRequests: [consentRequest('InProgress')],
      })
      .build();
    facts.adminConsentRequestPolicy!.isEnabled = false;
    expect(codes(facts)).toEqual([
      'ASSIGNMENT_REQUIRED_NOT_ASSIGNED',
      'USER_CONSENT_DISABLED',
      'INSUFFICIENT_BOT_PERMISSIONS',
      'CONSENT_REQUEST_PENDING',
      'ADMIN_CONSENT_WORKFLOW_DISABLED',
      'SIGNIN_LOGS_UNAVAILABLE',
    ]);
    expect(find(facts, 'INSUFFICIENT_BOT_PERMISSIONS').adminSummary).toMatch(/AuditLog\.Read\.All/);
    expect(diagnoseFacts(facts).remedies.map((r) => r.kind)).toEqual(['assign_user', 'grant_delegated']);
  });
});
