/**
 * The built-in permission grant policies every tenant has (GET /policies/permissionGrantPolicies lists
 * them next to custom ones). A fixture may override one by defining a policy with the same id.
 * Condition sets follow the documented intent of each policy (learn.microsoft.com/entra/identity/
 * enterprise-apps/manage-app-consent-policies); Microsoft does not publish every detail (notably the
 * growing exclusions of microsoft-user-default-recommended), so treat the exact condition sets as a
 * close approximation.
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

/**
 * Microsoft Graph delegated permissions the Microsoft-managed policy (microsoft-user-default-recommended)
 * keeps from user consent. learn.microsoft.com/entra/identity/enterprise-apps/manage-app-consent-policies
 * ("Microsoft recommended current settings") describes it as any user-consentable delegated permission
 * except a Microsoft-maintained, growing exclusion list: first Files.Read.All, Files.ReadWrite.All,
 * Sites.Read.All, Sites.ReadWrite.All (MC1097272, 2025), then mail, calendars, chat, online meetings,
 * mailbox settings, contacts and the Exchange EAS/EWS/IMAP/POP protocols. Ids are Microsoft Graph's
 * published delegated permission ids (cross-checked against cisagov/ScubaGear
 * PowerShell/ScubaGear/schemas/RiskyAppPermissions.json). Later waves (Tasks.*, People.Read,
 * Contacts.*.Shared) are left out until their ids are checked.
 */
const RECOMMENDED_EXCLUDED_GRAPH_SCOPES = [
  'df85f4d6-205c-4ac5-a5ea-6bf408dba283', // Files.Read.All
  '863451e7-0667-486c-a5d6-d135439485f0', // Files.ReadWrite.All
  '205e70e5-aba6-4c52-a976-6d2d46c48043', // Sites.Read.All
  '89fe6a52-be36-487e-b7d8-d061c450a026', // Sites.ReadWrite.All
  '570282fd-fa5c-430d-a7fd-fc8dc98a9dca', // Mail.Read
  '024d486e-b451-40bb-833d-3e66d98c5c73', // Mail.ReadWrite
  'e383f46e-2787-4529-855e-0e479a3ffac0', // Mail.Send
  'a4b8392a-d8d1-4954-a029-8e668a39a170', // Mail.ReadBasic
  '7b9103a5-4610-446b-9670-80643382c1fa', // Mail.Read.Shared
  '5df07973-7d5d-46ed-9847-1271055cbd51', // Mail.ReadWrite.Shared
  'a367ab51-6b49-43bf-a716-a1fb06d2a174', // Mail.Send.Shared
  '465a38f9-76ea-45b9-9f34-9e8b0d4b0b42', // Calendars.Read
  '1ec239c2-d7c9-4623-a91a-a9775856bb36', // Calendars.ReadWrite
  '2b9c4092-424d-4249-948d-b43879977640', // Calendars.Read.Shared
  'f501c180-9344-439a-bca0-6cbf209fd270', // Chat.Read
  '9ff7295e-131b-4d94-90e1-69fde507ac11', // Chat.ReadWrite
  'cdcdac3a-fd45-410d-83ef-554db620e5c7', // ChatMessage.Read
  '9be106e1-f4e3-4df5-bdff-e4bc531cbe43', // OnlineMeetings.Read
  'a65f2972-a4f8-4f5e-afd7-69ccb046d5dc', // OnlineMeetings.ReadWrite
  '87f447af-9fa4-4c32-9dfa-4a57a73d18ce', // MailboxSettings.Read
  '818c620a-27a9-40bd-a6a5-d96f7d610b4b', // MailboxSettings.ReadWrite
  'ff74d97f-43af-4b68-9f2a-b77ee6968c5d', // Contacts.Read
  'd56682ec-c09e-4743-aaf4-1a3aac4caa21', // Contacts.ReadWrite
  'ff91d191-45a0-43fd-b837-bd682c4a0b0f', // EAS.AccessAsUser.All
  '9769c687-087d-48ac-9cb3-c37dde652038', // EWS.AccessAsUser.All
  '652390e4-393a-48de-9484-05f9b1212954', // IMAP.AccessAsUser.All
  'd7b7f2d9-0f45-4ea1-9d42-e50810c06991', // POP.AccessAsUser.All
];

export function builtInPermissionGrantPolicies(tenantId: string): PermissionGrantPolicy[] {
  return [
    {
      id: 'microsoft-user-default-legacy',
      displayName: 'Default (legacy) policy for user consent',
      description:
        'Users may consent to any delegated permission that does not require admin consent, for any client app.',
      includes: [conditionSet('8ce99f96-730c-4ebd-8397-07ee65942b97', { permissionType: 'delegatedUserConsentable' })],
      excludes: [],
    },
    {
      id: 'microsoft-user-default-low',
      displayName: 'Default policy for user consent to low-impact permissions',
      description:
        'Users may consent to delegated permissions classified "low", for apps from verified publishers or apps registered in this tenant.',
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
      description:
        'Microsoft-managed: any user-consentable delegated permission, except those Microsoft currently reserves for admins.',
      includes: [conditionSet('5f0c8f1e-1d7a-4a3e-9d7e-0c6b1f3e2a01', { permissionType: 'delegatedUserConsentable' })],
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
