/**
 * A person who holds a consent-granting directory role (docs/entra-semantics.md#who-may-grant) is not stopped by
 * the user-consent policy: the same finding codes are reported, as information that tells them they
 * may approve it themselves. Microsoft Graph application permissions stay out of reach of Cloud
 * Application / Application Administrators.
 */
import { consentRoleOf } from '../../../src/diagnosis/admin-role';
import { diagnoseFacts } from '../../../src/diagnosis/rules';
import type { Facts, Finding, FindingCode } from '../../../src/diagnosis/types';
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../../src/graph/types';
import { ROLE } from '../../../src/requests/authorize';
import { ADMIN, FactsBuilder, GRAPH_SP, USER, grant, qlikSp } from './facts-builder';

const SELF = 'ManagePermissionGrantsForSelf.';
const VERIFIED = { displayName: 'Qlik', verifiedPublisherId: '1234567', addedDateTime: '2024-01-01T00:00:00Z' };
const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const ORG_CONSENT = '"Consent on behalf of your organization"';

function as(roles: string[] | null, b: FactsBuilder): Facts {
  return b.with({ userRoleDefinitionIds: roles }).build();
}

function find(facts: Facts, code: FindingCode): Finding {
  const found = diagnoseFacts(facts).findings.find((f) => f.code === code);
  if (!found)
    throw new Error(
      `${code} not in ${diagnoseFacts(facts)
        .findings.map((f) => f.code)
        .join(', ')}`,
    );
  return found;
}

function blockers(facts: Facts): FindingCode[] {
  return diagnoseFacts(facts)
    .findings.filter((f) => f.severity === 'blocker')
    .map((f) => f.code);
}

/** User consent off, nothing granted, the admin consent workflow off too. */
function consentDisabled(): FactsBuilder {
  return new FactsBuilder()
    .requestingGraph('User.Read', 'Files.Read')
    .withPolicies()
    .with({
      adminConsentRequestPolicy: {
        isEnabled: false,
        notifyReviewers: false,
        remindersEnabled: false,
        requestDurationInDays: 30,
        reviewers: [],
        version: 1,
      },
    });
}

describe('consentRoleOf', () => {
  test('names the most capable granting role, case-insensitively', () => {
    expect(
      consentRoleOf({ userRoleDefinitionIds: [ROLE.applicationAdministrator, ROLE.globalAdministrator.toUpperCase()] }),
    ).toEqual({ name: 'Global Administrator', grantsGraphApplicationPermissions: true });
    expect(
      consentRoleOf({ userRoleDefinitionIds: [ROLE.privilegedRoleAdministrator] })?.grantsGraphApplicationPermissions,
    ).toBe(true);
    expect(consentRoleOf({ userRoleDefinitionIds: [ROLE.cloudApplicationAdministrator] })).toEqual({
      name: 'Cloud Application Administrator',
      grantsGraphApplicationPermissions: false,
    });
    expect(consentRoleOf({ userRoleDefinitionIds: [ROLE.applicationAdministrator] })?.name).toBe(
      'Application Administrator',
    );
  });

  test('no granting role, or roles unknown: null', () => {
    expect(consentRoleOf({ userRoleDefinitionIds: [USER_ADMINISTRATOR] })).toBeNull();
    expect(consentRoleOf({ userRoleDefinitionIds: [] })).toBeNull();
    expect(consentRoleOf({ userRoleDefinitionIds: null })).toBeNull();
    expect(consentRoleOf({})).toBeNull();
  });
});

describe('Global Administrator', () => {
  const GA = [ROLE.globalAdministrator];

  test('user consent off does not block them: USER_CONSENT_DISABLED is information telling them they may approve', () => {
    const facts = as(GA, consentDisabled());
    const f = find(facts, 'USER_CONSENT_DISABLED');
    expect(f.severity).toBe('info');
    expect(f.fixable).toBe(true);
    expect(f.summary).toContain('You are a Global Administrator');
    expect(f.summary).toContain(ORG_CONSENT);
    expect(f.adminSummary).toContain('holds Global Administrator');
    expect(f.evidence).toMatchObject({ userRole: 'Global Administrator' });
    expect(blockers(facts)).toEqual([]);
    const codes = diagnoseFacts(facts).findings.map((x) => x.code);
    // Nobody else has to act: no workflow complaint, and the plain "you can approve it yourself".
    expect(codes).not.toContain('ADMIN_CONSENT_WORKFLOW_DISABLED');
    expect(find(facts, 'NO_PROBLEM_FOUND').summary).toContain('you can approve it yourself');
    // Approve still has its plan.
    expect(diagnoseFacts(facts).remedies).toContainEqual(
      expect.objectContaining({ kind: 'grant_delegated', consentType: 'AllPrincipals' }),
    );
  });

  test('admin-only scopes do not block them', () => {
    const f = find(as(GA, new FactsBuilder().requestingGraph('User.Read.All')), 'ADMIN_ONLY_SCOPES');
    expect(f.severity).toBe('info');
    expect(f.summary).toContain(ORG_CONSENT);
  });

  test('their own grant lacks a scope (the demo): CONSENT_MISSING_SCOPES is a warning they can act on themselves', () => {
    const b = new FactsBuilder()
      .requestingGraph('User.Read', 'offline_access')
      .withPolicies()
      .with({ grants: [grant(GRAPH_SP, 'User.Read', USER)] });
    const facts = as(GA, b);
    const missing = find(facts, 'CONSENT_MISSING_SCOPES');
    expect(missing.severity).toBe('warning');
    expect(missing.summary).toContain('You are a Global Administrator');
    expect(find(facts, 'USER_CONSENT_DISABLED').severity).toBe('info');
    expect(blockers(facts)).toEqual([]);
    // The same situation for a plain user blocks.
    expect(blockers(b.with({ userRoleDefinitionIds: null }).build())).toEqual(
      expect.arrayContaining(['CONSENT_MISSING_SCOPES', 'USER_CONSENT_DISABLED']),
    );
  });

  test('consent given only to another admin: a warning, not a blocker', () => {
    const facts = as(
      GA,
      new FactsBuilder()
        .requestingGraph('User.Read')
        .withPolicies()
        .with({ grants: [grant(GRAPH_SP, 'User.Read', ADMIN)] }),
    );
    const f = find(facts, 'CONSENT_ONLY_FOR_ANOTHER_USER');
    expect(f.severity).toBe('warning');
    expect(f.summary).toContain(ORG_CONSENT);
    expect(blockers(facts)).toEqual([]);
  });

  test('prompt=admin_consent does not stop an admin', () => {
    const b = new FactsBuilder()
      .requesting({ [MICROSOFT_GRAPH_APP_ID]: ['User.Read'] }, 'url', { prompt: 'admin_consent' })
      .with({ grants: [grant(GRAPH_SP, 'User.Read', null)] });
    expect(find(as(GA, b), 'PROMPT_CONSENT_FORCED').severity).toBe('warning');
    expect(find(as(null, b), 'PROMPT_CONSENT_FORCED').severity).toBe('blocker');
  });

  test('may grant Microsoft Graph application permissions', () => {
    const b = new FactsBuilder().requestingGraph('User.Read').with({ grants: [grant(GRAPH_SP, 'User.Read', null)] });
    b.facts.requested.application = { [MICROSOFT_GRAPH_APP_ID]: ['Sites.Read.All'] };
    const f = find(as(GA, b), 'APPLICATION_PERMISSIONS_REQUESTED');
    expect(f.severity).toBe('warning');
    expect(f.summary).toContain('As a Global Administrator, you can grant those yourself');
    expect(f.evidence).toMatchObject({ userRole: 'Global Administrator', userRoleMayGrant: true, graphRoles: true });
  });

  test('assignment is still required: the role does not assign them', () => {
    const facts = as(
      GA,
      new FactsBuilder(qlikSp('sharepoint', { appRoleAssignmentRequired: true }))
        .requestingGraph('User.Read')
        .with({ grants: [grant(GRAPH_SP, 'User.Read', null)] }),
    );
    expect(blockers(facts)).toEqual(['ASSIGNMENT_REQUIRED_NOT_ASSIGNED']);
  });
});

describe('Cloud Application Administrator', () => {
  const CAA = [ROLE.cloudApplicationAdministrator];

  test("Microsoft's recommended policy does not block their delegated consent", () => {
    const facts = as(
      CAA,
      new FactsBuilder(qlikSp('sharepoint', { verifiedPublisher: VERIFIED }))
        .requestingGraph('Files.Read.All')
        .withPolicies(`${SELF}microsoft-user-default-recommended`),
    );
    const f = find(facts, 'USER_CONSENT_BLOCKED_BY_MANAGED_POLICY');
    expect(f.severity).toBe('info');
    expect(f.summary).toContain('You are a Cloud Application Administrator');
    expect(blockers(facts)).toEqual([]);
  });

  test('unknown scopes and an unverified publisher under the low-risk policy: not a blocker for them', () => {
    const b = new FactsBuilder().withPolicies(`${SELF}microsoft-user-default-low`);
    expect(find(as(CAA, b), 'USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER').severity).toBe('info');
    expect(find(as(null, b), 'USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER').severity).toBe('blocker');
  });

  test('Microsoft Graph application permissions still need a Global or Privileged Role Administrator', () => {
    const b = new FactsBuilder().requestingGraph('User.Read').with({ grants: [grant(GRAPH_SP, 'User.Read', null)] });
    b.facts.requested.application = { [MICROSOFT_GRAPH_APP_ID]: ['Sites.Read.All'] };
    const f = find(as(CAA, b), 'APPLICATION_PERMISSIONS_REQUESTED');
    expect(f.severity).toBe('warning');
    expect(f.summary).toContain('only a Global Administrator or Privileged Role Administrator');
    expect(f.summary).toContain('being a Cloud Application Administrator is not enough');
    expect(f.adminSummary).toContain('holds Cloud Application Administrator, which may not grant them');
    expect(f.evidence).toMatchObject({ userRoleMayGrant: false });
  });

  test('an Application Administrator may grant application permissions of other APIs', () => {
    const b = new FactsBuilder().requestingGraph('User.Read').with({ grants: [grant(GRAPH_SP, 'User.Read', null)] });
    b.facts.requested.application = { [SHAREPOINT_APP_ID]: ['Sites.Read.All'] };
    const f = find(as([ROLE.applicationAdministrator], b), 'APPLICATION_PERMISSIONS_REQUESTED');
    expect(f.summary).toContain('As an Application Administrator, you can grant those yourself');
    expect(f.evidence).toMatchObject({ userRoleMayGrant: true, graphRoles: false });
  });
});

describe('a user without a granting role', () => {
  test.each([
    ['roles unknown', null],
    ['no roles', []],
    ['a role that cannot grant consent', [USER_ADMINISTRATOR]],
  ])('%s: the diagnosis is exactly as before', (_label, roles) => {
    const without = consentDisabled().build();
    delete without.userRoleDefinitionIds;
    const withRoles = as(roles, consentDisabled());
    expect(diagnoseFacts(withRoles)).toEqual(diagnoseFacts(without));
    expect(find(withRoles, 'USER_CONSENT_DISABLED').severity).toBe('blocker');
    expect(blockers(withRoles)).toContain('USER_CONSENT_DISABLED');
  });
});
