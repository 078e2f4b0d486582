import {
  clientLevelConsentBlock,
  evaluateScopeConsent,
  selfConsentPolicyIds,
  type UserConsentContext,
} from '../../../src/diagnosis/consent-policy';
import { MICROSOFT_GRAPH_APP_ID, type PermissionGrantPolicy } from '../../../src/graph/types';
import { GRAPH_SP, TENANT_ID, policyWith, qlikSp } from './facts-builder';
import { builtInPermissionGrantPolicies } from '../../../sim/catalog/permission-grant-policies';

const VERIFIED = { displayName: 'Qlik', verifiedPublisherId: '1234567', addedDateTime: '2024-01-01T00:00:00Z' };

function ctx(assigned: string[], patch: Partial<UserConsentContext> = {}): UserConsentContext {
  return {
    tenantId: TENANT_ID,
    authorizationPolicy: policyWith(...assigned)!,
    permissionGrantPolicies: builtInPermissionGrantPolicies(TENANT_ID),
    client: qlikSp('sharepoint', { verifiedPublisher: VERIFIED }),
    resourceAppId: MICROSOFT_GRAPH_APP_ID,
    resource: GRAPH_SP,
    classifications: [
      {
        id: 'c1',
        permissionId: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
        permissionName: 'User.Read',
        classification: 'low',
      },
      {
        id: 'c2',
        permissionId: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
        permissionName: 'offline_access',
        classification: 'low',
      },
      {
        id: 'c3',
        permissionId: 'df85f4d6-205c-4ac5-a5ea-6bf408dba283',
        permissionName: 'Files.Read.All',
        classification: 'low',
      },
    ],
    ...patch,
  };
}

const SELF = 'ManagePermissionGrantsForSelf.';

describe('selfConsentPolicyIds', () => {
  it('keeps only self-consent entries, case-insensitively', () => {
    expect(selfConsentPolicyIds(policyWith('managepermissiongrantsforself.Microsoft-User-Default-Low')!)).toEqual([
      'microsoft-user-default-low',
    ]);
    expect(selfConsentPolicyIds(policyWith()!)).toEqual([]);
  });
});

describe('evaluateScopeConsent', () => {
  it('no self-consent policy: user consent is off', () => {
    expect(evaluateScopeConsent(ctx([]), 'User.Read')).toMatchObject({
      allowed: false,
      reason: 'user_consent_disabled',
      findingCode: 'USER_CONSENT_DISABLED',
    });
  });

  it('admin scopes are never user-consentable, even under legacy', () => {
    expect(evaluateScopeConsent(ctx([`${SELF}microsoft-user-default-legacy`]), 'User.Read.All')).toMatchObject({
      allowed: false,
      reason: 'admin_only_scope',
      findingCode: 'ADMIN_ONLY_SCOPES',
    });
  });

  it('legacy allows any User scope of any publisher', () => {
    const unverified = ctx([`${SELF}microsoft-user-default-legacy`], { client: qlikSp('sharepoint') });
    expect(evaluateScopeConsent(unverified, 'Sites.ReadWrite.All')).toMatchObject({
      allowed: true,
      policyId: 'microsoft-user-default-legacy',
    });
  });

  it('low: verified publisher or same tenant, and only scopes classified low', () => {
    const low = `${SELF}microsoft-user-default-low`;
    expect(evaluateScopeConsent(ctx([low]), 'User.Read').allowed).toBe(true);
    expect(evaluateScopeConsent(ctx([low]), 'Sites.Read.All')).toMatchObject({
      allowed: false,
      reason: 'scope_not_low',
      findingCode: 'USER_CONSENT_LIMITED_SCOPE_NOT_LOW',
    });
    expect(evaluateScopeConsent(ctx([low], { client: qlikSp('sharepoint') }), 'User.Read')).toMatchObject({
      allowed: false,
      reason: 'unverified_publisher',
      findingCode: 'USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER',
    });
    const homeGrown = qlikSp('sharepoint', { appOwnerOrganizationId: TENANT_ID.toUpperCase() });
    expect(evaluateScopeConsent(ctx([low], { client: homeGrown }), 'User.Read').allowed).toBe(true);
    expect(evaluateScopeConsent(ctx([low], { client: null }), 'User.Read')).toMatchObject({
      allowed: false,
      reason: 'client_unknown',
      findingCode: null,
    });
  });

  // Issue 12 item 4: the Microsoft-managed policy is "any user-consentable delegated permission except
  // its exclusion list", read from the policy's own excludes (no verified publisher, no "low" needed).
  it('recommended: evaluated from its condition sets; exclusions block, nothing else is required', () => {
    const rec = `${SELF}microsoft-user-default-recommended`;
    expect(evaluateScopeConsent(ctx([rec]), 'User.Read').allowed).toBe(true);
    expect(evaluateScopeConsent(ctx([rec], { client: qlikSp('sharepoint') }), 'Files.Read').allowed).toBe(true);
    expect(evaluateScopeConsent(ctx([rec], { client: qlikSp('sharepoint') }), 'Sites.Manage.All').allowed).toBe(true);
    // Without the policy's definition from Graph, nothing is assumed.
    expect(evaluateScopeConsent(ctx([rec], { permissionGrantPolicies: [] }), 'User.Read').reason).toBe(
      'policy_unreadable',
    );
    // Classified low by the admin, still excluded by Microsoft.
    expect(evaluateScopeConsent(ctx([rec]), 'Files.Read.All')).toMatchObject({
      allowed: false,
      reason: 'managed_exclusion',
      findingCode: 'USER_CONSENT_BLOCKED_BY_MANAGED_POLICY',
    });
    expect(evaluateScopeConsent(ctx([rec]), 'files.readwrite.all').reason).toBe('managed_exclusion');
    // The exclusions are Microsoft Graph's: the same name, classified low, on another resource is allowed.
    const sameNames = {
      ...GRAPH_SP,
      appId: '00000003-0000-0ff1-ce00-000000000000',
      oauth2PermissionScopes: (GRAPH_SP.oauth2PermissionScopes ?? []).map((x) => ({ ...x, id: `spo-${x.id}` })),
    };
    expect(
      evaluateScopeConsent(
        ctx([rec], { resourceAppId: '00000003-0000-0ff1-ce00-000000000000', resource: sameNames }),
        'Files.Read.All',
      ).allowed,
    ).toBe(true);
  });

  it('any assigned policy that allows wins', () => {
    const both = [`${SELF}microsoft-user-default-low`, `${SELF}microsoft-user-default-legacy`];
    expect(evaluateScopeConsent(ctx(both), 'Sites.Read.All')).toMatchObject({
      allowed: true,
      policyId: 'microsoft-user-default-legacy',
    });
  });

  describe('custom policies', () => {
    const custom: PermissionGrantPolicy = {
      id: 'Contoso-Files-Only',
      includes: [
        {
          id: 'i1',
          permissionType: 'delegated',
          permissionClassification: 'all',
          resourceApplication: MICROSOFT_GRAPH_APP_ID,
          permissions: [
            'df85f4d6-205c-4ac5-a5ea-6bf408dba283',
            'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
            '863451e7-0667-486c-a5d6-d135439485f0',
          ],
          clientApplicationIds: ['all'],
          clientApplicationTenantIds: ['all'],
          clientApplicationPublisherIds: ['all'],
          clientApplicationsFromVerifiedPublisherOnly: true,
        },
      ],
      excludes: [
        {
          id: 'e1',
          permissionType: 'delegated',
          permissions: ['863451e7-0667-486c-a5d6-d135439485f0'],
          resourceApplication: 'any',
        },
      ],
    };
    const assigned = [`${SELF}contoso-files-only`];

    it('allows what the includes match and the excludes do not', () => {
      expect(
        evaluateScopeConsent(ctx(assigned, { permissionGrantPolicies: [custom] }), 'Files.Read.All'),
      ).toMatchObject({ allowed: true, policyId: 'contoso-files-only' });
    });
    it('refuses excluded permissions', () => {
      expect(
        evaluateScopeConsent(ctx(assigned, { permissionGrantPolicies: [custom] }), 'Files.ReadWrite.All'),
      ).toMatchObject({
        allowed: false,
        reason: 'custom_policy_excluded',
        findingCode: 'USER_CONSENT_LIMITED_SCOPE_NOT_LOW',
      });
    });
    it('refuses permissions outside the includes', () => {
      expect(evaluateScopeConsent(ctx(assigned, { permissionGrantPolicies: [custom] }), 'Sites.Read.All').reason).toBe(
        'custom_policy_not_included',
      );
      const otherResource = ctx(assigned, {
        permissionGrantPolicies: [custom],
        resourceAppId: 'ffffffff-0000-4000-8000-000000000000',
      });
      expect(evaluateScopeConsent(otherResource, 'Files.Read.All').reason).toBe('custom_policy_not_included');
    });
    it('reports an unverified publisher when only the publisher condition fails', () => {
      expect(
        evaluateScopeConsent(
          ctx(assigned, { permissionGrantPolicies: [custom], client: qlikSp('sharepoint') }),
          'Files.Read.All',
        ),
      ).toMatchObject({ reason: 'unverified_publisher', findingCode: 'USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER' });
    });
    it('matches client app ids, tenant ids, publisher ids and classification', () => {
      const narrow: PermissionGrantPolicy = {
        id: 'narrow',
        excludes: [],
        includes: [
          {
            id: 'n1',
            permissionType: 'delegatedUserConsentable',
            permissionClassification: 'low',
            resourceApplication: 'any',
            clientApplicationIds: [qlikSp('sharepoint').appId],
            clientApplicationTenantIds: ['C0FFEE00-0000-4000-8000-000000000001'],
            clientApplicationPublisherIds: ['1234567'],
          },
        ],
      };
      const c = (patch: Partial<UserConsentContext> = {}): UserConsentContext =>
        ctx(['ManagePermissionGrantsForSelf.narrow'], { permissionGrantPolicies: [narrow], ...patch });
      expect(evaluateScopeConsent(c(), 'User.Read').allowed).toBe(true);
      expect(evaluateScopeConsent(c(), 'Sites.Read.All').reason).toBe('scope_not_low'); // not classified low
      expect(
        evaluateScopeConsent(c({ client: qlikSp('onedrive', { verifiedPublisher: VERIFIED }) }), 'User.Read').reason,
      ).toBe('unverified_publisher');
    });
    it('an assigned custom policy that cannot be read is undecidable, not a finding', () => {
      expect(evaluateScopeConsent(ctx(assigned), 'Files.Read.All')).toMatchObject({
        allowed: false,
        reason: 'policy_unreadable',
        findingCode: null,
      });
    });
    it('application-permission condition sets never match delegated scopes', () => {
      const appOnly: PermissionGrantPolicy = {
        id: 'apps',
        includes: [{ id: 'a', permissionType: 'application' }],
        excludes: [],
      };
      expect(
        evaluateScopeConsent(
          ctx(['ManagePermissionGrantsForSelf.apps'], { permissionGrantPolicies: [appOnly] }),
          'User.Read',
        ).allowed,
      ).toBe(false);
    });
  });
});

describe('clientLevelConsentBlock', () => {
  const base = {
    tenantId: TENANT_ID,
    permissionGrantPolicies: builtInPermissionGrantPolicies(TENANT_ID),
    client: qlikSp('sharepoint'),
  };
  it('knows consent is off, or the publisher is unverified, without knowing scopes', () => {
    expect(clientLevelConsentBlock({ ...base, authorizationPolicy: policyWith()! })?.findingCode).toBe(
      'USER_CONSENT_DISABLED',
    );
    expect(
      clientLevelConsentBlock({ ...base, authorizationPolicy: policyWith(`${SELF}microsoft-user-default-low`)! })
        ?.findingCode,
    ).toBe('USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER');
    expect(
      clientLevelConsentBlock({ ...base, authorizationPolicy: policyWith(`${SELF}microsoft-user-default-legacy`)! }),
    ).toBeNull();
    expect(
      clientLevelConsentBlock({
        ...base,
        authorizationPolicy: policyWith(`${SELF}microsoft-user-default-recommended`)!,
      }),
    ).toBeNull();
  });
});
