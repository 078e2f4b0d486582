/** Entra queue facts built from the demo tenant fixture (test/fixtures/tenants/demo-contoso.json), plus extra requests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConsentRequest, OAuth2PermissionGrant, ServicePrincipal } from '../../../src/graph/types';
import type { EntraQueue } from '../../../src/digest/entra-requests';

interface DemoFixture {
  servicePrincipals: ServicePrincipal[];
  oauth2PermissionGrants: OAuth2PermissionGrant[];
  appConsentRequests: AppConsentRequest[];
  adminConsentRequestPolicy: { requestDurationInDays: number };
}

export const DEMO = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'tenants', 'demo-contoso.json'), 'utf8'),
) as DemoFixture;

/** Apps of the demo tenant (scripts/fixtures/contoso.ts). */
export const CRM_APP = 'f61a6a12-70d6-41b4-b6e6-e5b11da7d08e';
export const ONEDRIVE_APP = '220cd2fc-32a6-4d49-bac5-0f052633b581';
export const OUTLOOK_APP = '46d8463e-640b-4298-825f-a19bbf762b16';

function user(id: string, displayName: string) {
  return {
    user: { id, displayName, userPrincipalName: `${displayName.split(' ')[0].toLowerCase()}@contoso.onmicrosoft.com` },
  };
}

/**
 * The demo request (CRM, InProgress, heidi) plus:
 * - OneDrive: two InProgress children and one Completed; its pendingScopes are covered by the tenant-wide grant -> already granted;
 * - Outlook: only a Principal grant (for Alice) exists -> not granted; one InProgress child close to its
 *   30-day expiry (expiring soon on 2025-06-10) and one Expired child (dropped);
 * - the OneDrive parent repeated (as a second page may repeat it) -> children deduplicated.
 */
export function extraRequests(): AppConsentRequest[] {
  const onedrive: AppConsentRequest = {
    id: 'acr-onedrive',
    appId: ONEDRIVE_APP,
    appDisplayName: 'Qlik Web Connectors (OneDrive)',
    pendingScopes: [{ displayName: 'Files.Read.All' }, { displayName: 'offline_access' }],
    userConsentRequests: [
      {
        id: 'ucr-od-1',
        status: 'InProgress',
        createdDateTime: '2025-06-01T09:00:00Z',
        createdBy: user('9ac15b5c-cbf5-4621-82a7-0ef7ccd3774f', 'Carol Finance'),
      },
      {
        id: 'ucr-od-2',
        status: 'InProgress',
        createdDateTime: '2025-06-02T09:00:00Z',
        createdBy: user('ef5fa541-fd7a-4712-b90a-58195c84bd55', 'Dave Sales'),
      },
      {
        id: 'ucr-od-3',
        status: 'Completed',
        createdDateTime: '2025-05-01T09:00:00Z',
        createdBy: user('4b9e48c2-9078-4f9b-bd37-8a8d92eccd90', 'Erin Ops'),
      },
    ],
  };
  const outlook: AppConsentRequest = {
    id: 'acr-outlook',
    appId: OUTLOOK_APP,
    appDisplayName: 'Qlik Web Connectors (Outlook 365)',
    pendingScopes: [{ displayName: 'Mail.Read' }, { displayName: 'User.Read' }],
    userConsentRequests: [
      {
        id: 'ucr-ol-1',
        status: 'InProgress',
        createdDateTime: '2025-05-13T10:00:00Z',
        createdBy: user('f0b8d149-9dc8-497e-abc5-b334c7d479e3', 'Frank Legal'),
      },
      {
        id: 'ucr-ol-2',
        status: 'Expired',
        createdDateTime: '2025-03-01T10:00:00Z',
        createdBy: user('6071a866-b7ab-4357-a5fc-be848cee064d', 'Grace HR'),
      },
    ],
  };
  return [onedrive, outlook, structuredClone(onedrive)];
}

export function demoQueue(): Extract<EntraQueue, { ok: true }> {
  const spIds: Record<string, string | null> = {};
  for (const sp of DEMO.servicePrincipals) spIds[sp.appId.toLowerCase()] = sp.id;
  const grants: Record<string, OAuth2PermissionGrant[]> = {};
  for (const g of DEMO.oauth2PermissionGrants) (grants[g.clientId] ??= []).push(g);
  return {
    ok: true,
    // The demo's CRM request only; the demo's SharePoint and Outlook requests (Carol, Dave) are left to the e2e tests.
    requests: [...DEMO.appConsentRequests.filter((r) => r.appId === CRM_APP), ...extraRequests()],
    policy: DEMO.adminConsentRequestPolicy,
    servicePrincipalIds: spIds,
    grants,
  };
}
