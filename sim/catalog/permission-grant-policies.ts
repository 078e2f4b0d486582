/**
 * The built-in permission grant policies every tenant has (GET /policies/permissionGrantPolicies lists
 * them next to custom ones). A fixture may override one by defining a policy with the same id.
 * Condition sets follow the documented intent of each policy; Microsoft does not publish every
 * detail (notably the exclusions of microsoft-user-default-recommended, see ENTRA.md), so treat the
 * exact condition sets as a close approximation.
 */
import type { PermissionGrantConditionSet, PermissionGrantPolicy } from '../../src/graph/types';
import { MICROSOFT_GRAPH_APP_ID } from '../../src/graph/types';

function conditionSet(id: string, overrides: Partial<PermissionGrantConditionSet>): PermissionGrantConditionSet {
  return {
    id,
    permissionClassification: 'all',
    permissionType: 'delegated',
    resourceApplication: 'any',
    permissions: ['all'],
    clientApplicationIds: ['all'],
    clientApplicationTenantIds: ['all'],
    clientApplicationPublisherIds: ['all'],
    clientApplicationsFromVerifiedPublisherOnly: false,
    certifiedClientApplicationsOnly: false,
    ...overrides,
  };
}

/** Graph delegated scopes the Microsoft-managed policy stopped letting users consent to (mid-2025). */
const RECOMMENDED_EXCLUDED_GRAPH_SCOPES = [
  'df85f4d6-205c-4ac5-a5ea-6bf408dba283', // Files.Read.All
  '863451e7-0667-486c-a5d6-d135439485f0', // Files.ReadWrite.All
  '205e70e5-aba6-4c52-a976-6d2d46c48043', // Sites.Read.All
  '89fe6a52-be36-487e-b7d8-d061c450a026', // Sites.ReadWrite.All
];

export function builtInPermissionGrantPolicies(tenantId: string): PermissionGrantPolicy[] {
  return [
    {
      id: 'microsoft-user-default-legacy',
      displayName: 'Default (legacy) policy for user consent',
      description: 'Users may consent to any delegated permission that does not require admin consent, for any client app.',
      includes: [conditionSet('8ce99f96-730c-4ebd-8397-07ee65942b97', { permissionType: 'delegatedUserConsentable' })],
      excludes: [],
    },
    {
      id: 'microsoft-user-default-low',
      displayName: 'Default policy for user consent to low-impact permissions',
      description: 'Users may consent to delegated permissions classified "low", for apps from verified publishers or apps registered in this tenant.',
      includes: [
        conditionSet('d6b4d2c2-4b9e-4c52-9a7b-6b6e5d1f0f01', {
          permissionClassification: 'low',
          clientApplicationsFromVerifiedPublisherOnly: true,
        }),
        conditionSet('d6b4d2c2-4b9e-4c52-9a7b-6b6e5d1f0f02', {
          permissionClassification: 'low',
          clientApplicationTenantIds: [tenantId],
        }),
      ],
      excludes: [],
    },
    {
      id: 'microsoft-user-default-recommended',
      displayName: 'Microsoft managed policy for user consent',
      description: 'Microsoft-managed: low-impact delegated permissions for verified or in-tenant apps, minus permissions Microsoft reserves for admins.',
      includes: [
        conditionSet('5f0c8f1e-1d7a-4a3e-9d7e-0c6b1f3e2a01', {
          permissionType: 'delegatedUserConsentable',
          clientApplicationsFromVerifiedPublisherOnly: true,
        }),
        conditionSet('5f0c8f1e-1d7a-4a3e-9d7e-0c6b1f3e2a02', {
          permissionType: 'delegatedUserConsentable',
          clientApplicationTenantIds: [tenantId],
        }),
      ],
      excludes: [
        conditionSet('5f0c8f1e-1d7a-4a3e-9d7e-0c6b1f3e2a03', {
          resourceApplication: MICROSOFT_GRAPH_APP_ID,
          permissions: RECOMMENDED_EXCLUDED_GRAPH_SCOPES,
        }),
      ],
    },
    {
      id: 'microsoft-company-admin',
      displayName: 'Everything consentable by Company Admin',
      description: 'All delegated and application permissions, for any API, for any client application.',
      includes: [
        conditionSet('a1d5b6a4-4e5a-4f3a-8b0e-0f3c2e9d7a01', { permissionType: 'delegated' }),
        conditionSet('a1d5b6a4-4e5a-4f3a-8b0e-0f3c2e9d7a02', { permissionType: 'application' }),
      ],
      excludes: [],
    },
    {
      id: 'microsoft-application-admin',
      displayName: 'Everything consentable by Application Admin',
      description: 'All delegated permissions and all application permissions except those of Microsoft Graph.',
      includes: [
        conditionSet('b2e6c7b5-5f6b-4a4b-9c1f-1a4d3f0e8b01', { permissionType: 'delegated' }),
        conditionSet('b2e6c7b5-5f6b-4a4b-9c1f-1a4d3f0e8b02', { permissionType: 'application' }),
      ],
      excludes: [
        conditionSet('b2e6c7b5-5f6b-4a4b-9c1f-1a4d3f0e8b03', {
          permissionType: 'application',
          resourceApplication: MICROSOFT_GRAPH_APP_ID,
        }),
      ],
    },
    {
      id: 'microsoft-all-application-permissions',
      displayName: 'All application permissions, for any client app',
      description: 'Includes all application permissions (app roles), for all APIs, for any client application.',
      includes: [conditionSet('c3f7d8c6-6a7c-4b5c-8d2a-2b5e4a1f9c01', { permissionType: 'application' })],
      excludes: [],
    },
  ];
}
