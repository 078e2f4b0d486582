import {
  appIdsOf,
  entraDigestItems,
  expiringSoon,
  inProgressRequests,
  isAlreadyGranted,
} from '../../../src/digest/entra-requests';
import type { OAuth2PermissionGrant } from '../../../src/graph/types';
import { CRM_APP, DEMO, ONEDRIVE_APP, OUTLOOK_APP, demoQueue } from './fixture-queue';

const NOW = new Date('2025-06-10T12:00:00Z');

describe('Entra admin-consent queue', () => {
  test('keeps InProgress children only, each user request once, and drops parents left empty', () => {
    const queue = demoQueue();
    const filtered = inProgressRequests(queue.requests);
    const ids = filtered.flatMap((r) => r.userConsentRequests.map((u) => u.id));
    expect(ids).toEqual(['6ab77a76-947b-4b82-a747-3819dd2799da', 'ucr-od-1', 'ucr-od-2', 'ucr-ol-1']);
    expect(filtered.map((r) => r.appId)).toEqual([CRM_APP, ONEDRIVE_APP, OUTLOOK_APP]);
    expect(
      inProgressRequests([{ ...DEMO.appConsentRequests.find((r) => r.appId === CRM_APP)!, userConsentRequests: [] }]),
    ).toEqual([]);
    expect(appIdsOf(queue.requests)).toEqual([CRM_APP, ONEDRIVE_APP, OUTLOOK_APP]);
  });

  test('"already granted" only when a tenant-wide grant of the app covers every pending scope', () => {
    const sp = 'sp-1';
    const grant = (
      scope: string,
      consentType: OAuth2PermissionGrant['consentType'] = 'AllPrincipals',
    ): OAuth2PermissionGrant => ({
      id: `g-${scope}`,
      clientId: sp,
      consentType,
      principalId: consentType === 'Principal' ? 'u' : null,
      resourceId: 'r',
      scope,
    });
    const scopes = [{ displayName: 'Files.Read.All' }, { displayName: 'offline_access' }];
    expect(isAlreadyGranted(scopes, sp, [grant('files.read.all OFFLINE_ACCESS User.Read')])).toBe(true);
    // Spread over two resources' grants still counts (pendingScopes name no resource).
    expect(isAlreadyGranted(scopes, sp, [grant('Files.Read.All'), grant(' offline_access ')])).toBe(true);
    expect(isAlreadyGranted(scopes, sp, [grant('Files.Read.All')])).toBe(false);
    expect(isAlreadyGranted(scopes, sp, [grant('Files.Read.All offline_access', 'Principal')])).toBe(false);
    expect(isAlreadyGranted(scopes, sp, [{ ...grant('Files.Read.All offline_access'), clientId: 'other-sp' }])).toBe(
      false,
    );
    expect(isAlreadyGranted(scopes, null, [grant('Files.Read.All offline_access')])).toBe(false);
    expect(isAlreadyGranted([], sp, [grant('Files.Read.All')])).toBe(false);
  });

  test('digest items from the demo tenant: requester, expiry from requestDurationInDays, granted marker', () => {
    const items = entraDigestItems(demoQueue());
    expect(items).toEqual([
      {
        appName: 'Qlik Web Connectors (Dynamics 365 CRM)',
        appId: CRM_APP,
        requester: 'Heidi Marketing',
        createdAt: '2025-06-10T08:15:00Z',
        expiresAt: '2025-07-10T08:15:00Z',
        alreadyGranted: false,
      },
      {
        appName: 'Qlik Web Connectors (OneDrive)',
        appId: ONEDRIVE_APP,
        requester: 'Carol Finance',
        createdAt: '2025-06-01T09:00:00Z',
        expiresAt: '2025-07-01T09:00:00Z',
        alreadyGranted: true,
      },
      {
        appName: 'Qlik Web Connectors (OneDrive)',
        appId: ONEDRIVE_APP,
        requester: 'Dave Sales',
        createdAt: '2025-06-02T09:00:00Z',
        expiresAt: '2025-07-02T09:00:00Z',
        alreadyGranted: true,
      },
      {
        appName: 'Qlik Web Connectors (Outlook 365)',
        appId: OUTLOOK_APP,
        requester: 'Frank Legal',
        createdAt: '2025-05-13T10:00:00Z',
        expiresAt: '2025-06-12T10:00:00Z',
        alreadyGranted: false,
      },
    ]);
    expect(expiringSoon(items, NOW, 3).map((i) => i.requester)).toEqual(['Frank Legal']);
    expect(expiringSoon(items, new Date('2025-06-13T00:00:00Z'), 3).map((i) => i.requester)).toEqual([]);
  });

  test('without a policy (not readable) there are no expiry dates', () => {
    const items = entraDigestItems({ ...demoQueue(), policy: null });
    expect(items.every((i) => i.expiresAt === null)).toBe(true);
  });
});
