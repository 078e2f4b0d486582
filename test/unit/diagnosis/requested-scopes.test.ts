import { CATALOG, type CatalogEntry } from '../../../src/diagnosis/catalog';
import { parseMessage } from '../../../src/diagnosis/intake';
import { groupScopesByResource, selectRequestedScopes } from '../../../src/diagnosis/requested-scopes';
import { AZURE_STORAGE_APP_ID, DYNAMICS_CRM_APP_ID, resolveScope } from '../../../src/diagnosis/resources';
import { describeScope } from '../../../src/diagnosis/scope-info';
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../../src/graph/types';
import {
  GRAPH_SP,
  QLIK_ONEDRIVE_APP_ID,
  QLIK_SHAREPOINT_APP_ID,
  SHAREPOINT_SP,
  USER,
  consentRequest,
} from './facts-builder';

/** The catalog entry a display name matches (the product matches names in candidates.ts). */
const findCatalogEntry = (displayName: string): CatalogEntry | null =>
  CATALOG.find((entry) => entry.displayNamePattern.test(displayName.trim())) ?? null;

describe('resolveScope', () => {
  it.each([
    ['Files.Read.All', MICROSOFT_GRAPH_APP_ID, 'Files.Read.All'],
    ['offline_access', MICROSOFT_GRAPH_APP_ID, 'offline_access'],
    ['https://graph.microsoft.com/Files.Read.All', MICROSOFT_GRAPH_APP_ID, 'Files.Read.All'],
    ['https://contoso.sharepoint.com/AllSites.Read', SHAREPOINT_APP_ID, 'AllSites.Read'],
    ['https://microsoft.sharepoint-df.com/AllSites.Read', SHAREPOINT_APP_ID, 'AllSites.Read'],
    ['https://storage.azure.com/user_impersonation', AZURE_STORAGE_APP_ID, 'user_impersonation'],
    ['https://contoso.crm4.dynamics.com/user_impersonation', DYNAMICS_CRM_APP_ID, 'user_impersonation'],
    ['api://aaaaaaaa-0000-4000-8000-000000000009/read', 'aaaaaaaa-0000-4000-8000-000000000009', 'read'],
  ])('%s', (raw, resource, value) => {
    expect(resolveScope(raw)).toEqual({ resourceAppId: resource, value, isDefault: false });
  });
  it('treats .default and unknown hosts as unresolved', () => {
    expect(resolveScope('https://graph.microsoft.com/.default')?.isDefault).toBe(true);
    expect(resolveScope('https://unknown.example/read')?.resourceAppId).toBeNull();
    expect(
      groupScopesByResource(['https://graph.microsoft.com/.default', 'https://x.example/y', 'User.Read', 'user.read']),
    ).toEqual({
      delegated: { [MICROSOFT_GRAPH_APP_ID]: ['User.Read'] },
      unresolved: ['https://graph.microsoft.com/.default', 'https://x.example/y'],
    });
  });
});

describe('selectRequestedScopes (evidence only)', () => {
  const url = parseMessage(
    `https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${QLIK_SHAREPOINT_APP_ID}` +
      '&scope=https://graph.microsoft.com/Sites.Read.All%20offline_access&prompt=admin_consent',
  ).consentUrl;
  const resources = { [MICROSOFT_GRAPH_APP_ID]: GRAPH_SP, [SHAREPOINT_APP_ID]: SHAREPOINT_SP };

  it('takes the pasted URL for this app, with its prompt, client_id and per-scope source', () => {
    const r = selectRequestedScopes({ appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id, consentUrl: url, resources });
    expect(r).toMatchObject({
      source: 'url',
      prompt: 'admin_consent',
      clientId: QLIK_SHAREPOINT_APP_ID,
      delegated: { [MICROSOFT_GRAPH_APP_ID]: ['Sites.Read.All', 'offline_access'] },
    });
    expect(r.evidence).toEqual([
      { scope: 'Sites.Read.All', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['consent_url'] },
      { scope: 'offline_access', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['consent_url'] },
    ]);
  });

  it("ignores a URL for another app, then uses Entra's consent request", () => {
    const r = selectRequestedScopes({
      appId: QLIK_ONEDRIVE_APP_ID,
      userId: USER.id,
      consentUrl: url,
      resources,
      consentRequests: [consentRequest('InProgress', {}, QLIK_ONEDRIVE_APP_ID)],
    });
    expect(r).toMatchObject({
      source: 'consent_request',
      prompt: null,
      clientId: QLIK_SHAREPOINT_APP_ID,
      delegated: { [MICROSOFT_GRAPH_APP_ID]: ['Files.Read.All', 'offline_access'] },
    });
  });

  it('merges sources per scope and counts existing grants as evidence', () => {
    const grant = {
      id: 'g1',
      clientId: 'sp-app',
      consentType: 'AllPrincipals' as const,
      principalId: null,
      resourceId: GRAPH_SP.id,
      scope: 'User.Read Sites.Read.All',
    };
    const r = selectRequestedScopes({
      appId: QLIK_SHAREPOINT_APP_ID,
      userId: USER.id,
      consentUrl: url,
      resources,
      grants: [grant],
    });
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        { scope: 'Sites.Read.All', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['consent_url', 'existing_grant'] },
        { scope: 'User.Read', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['existing_grant'] },
      ]),
    );
    expect(
      selectRequestedScopes({ appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id, resources, grants: [grant] }).source,
    ).toBe('existing_grant');
  });

  it('never reads scopes from sign-ins or the catalog: nothing else known means unknown', () => {
    const r = selectRequestedScopes({ appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id, resources });
    expect(r).toMatchObject({ delegated: {}, source: null, evidence: [] });
    expect(findCatalogEntry('Qlik Web Connectors (Office 365 SharePoint)')).not.toHaveProperty('documentedScopes');
  });

  it('keeps application permissions a caller passes, and .default as unresolved', () => {
    const defaultOnly = parseMessage(
      `https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${QLIK_SHAREPOINT_APP_ID}&scope=https://graph.microsoft.com/.default`,
    ).consentUrl;
    const r = selectRequestedScopes({
      appId: QLIK_SHAREPOINT_APP_ID,
      userId: USER.id,
      consentUrl: defaultOnly,
      resources,
      application: { [MICROSOFT_GRAPH_APP_ID]: ['Sites.Read.All'] },
    });
    expect(r).toMatchObject({
      delegated: {},
      application: { [MICROSOFT_GRAPH_APP_ID]: ['Sites.Read.All'] },
      usesDefault: true,
      unresolved: ['https://graph.microsoft.com/.default'],
    });
  });

  it('a bare consent-request name Graph does not publish stays unresolved and is refused, even with one publisher in the tenant', () => {
    const crm = {
      id: 'sp-crm',
      appId: DYNAMICS_CRM_APP_ID,
      displayName: 'Dynamics CRM',
      oauth2PermissionScopes: [
        {
          id: '78ce3f0f-a1ce-49c2-8cde-64b5c0896db4',
          value: 'user_impersonation',
          type: 'User' as const,
          isEnabled: true,
        },
      ],
    };
    const storage = {
      id: 'sp-storage',
      appId: AZURE_STORAGE_APP_ID,
      displayName: 'Azure Storage',
      oauth2PermissionScopes: [
        {
          id: '03e0da56-190b-40ad-a80c-ea378c433f7f',
          value: 'user_impersonation',
          type: 'User' as const,
          isEnabled: true,
        },
      ],
    };
    const request = {
      ...consentRequest('InProgress', {}, QLIK_SHAREPOINT_APP_ID),
      pendingScopes: [{ displayName: 'user_impersonation' }, { displayName: 'User.Read' }],
    };
    const both = selectRequestedScopes({
      appId: QLIK_SHAREPOINT_APP_ID,
      userId: USER.id,
      consentRequests: [request],
      resources: { ...resources, [DYNAMICS_CRM_APP_ID]: crm, [AZURE_STORAGE_APP_ID]: storage },
    });
    expect(both.delegated).toEqual({ [MICROSOFT_GRAPH_APP_ID]: ['User.Read'] });
    expect(both.refused).toEqual([{ scope: 'user_impersonation', resourceAppId: null, reason: 'unresolved' }]);
    const one = selectRequestedScopes({
      appId: QLIK_SHAREPOINT_APP_ID,
      userId: USER.id,
      consentRequests: [request],
      resources: { ...resources, [DYNAMICS_CRM_APP_ID]: crm },
    });
    expect(one.delegated[DYNAMICS_CRM_APP_ID]).toBeUndefined();
    expect(one.evidence?.find((e) => e.scope === 'user_impersonation')).toMatchObject({ resourceAppId: null });
  });

  it('refuses a scope its resource does not publish', () => {
    const bogus = parseMessage(
      `https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${QLIK_SHAREPOINT_APP_ID}&scope=User.Read%20Totally.Made.Up`,
    ).consentUrl;
    const r = selectRequestedScopes({ appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id, consentUrl: bogus, resources });
    expect(r.delegated).toEqual({ [MICROSOFT_GRAPH_APP_ID]: ['User.Read'] });
    expect(r.refused).toEqual([
      { scope: 'Totally.Made.Up', resourceAppId: MICROSOFT_GRAPH_APP_ID, reason: 'not_published' },
    ]);
  });
});

describe('catalog and scope info', () => {
  it('matches the Qlik family by display name and never carries app ids', () => {
    expect(CATALOG).toHaveLength(5);
    // The only id allowed is a resource's (Microsoft Graph), never a vendor app's.
    const text = JSON.stringify(CATALOG.map((e) => ({ ...e, displayNamePattern: e.displayNamePattern.source })));
    expect(text.split(MICROSOFT_GRAPH_APP_ID).join('')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    expect(findCatalogEntry('Qlik Web Connectors (Dynamics 365 CRM)')?.key).toBe('qlik-web-connectors-dynamics');
    expect(findCatalogEntry('Contoso HR')).toBeNull();
  });
  it('describes scopes by type', () => {
    expect(describeScope(GRAPH_SP, 'user.read')).toMatchObject({
      type: 'User',
      description: 'Sign you in and read your profile',
    });
    expect(describeScope(GRAPH_SP, 'User.Read.All')).toMatchObject({
      type: 'Admin',
      description: "Read all users' full profiles",
    });
    // The type comes from the resource object only, never guessed from the name: Graph publishes openid as User; without the resource it is unknown.
    expect(describeScope(GRAPH_SP, 'openid').type).toBe('User');
    expect(describeScope(null, 'openid').type).toBe('unknown');
    expect(describeScope(GRAPH_SP, 'Nope.Nope')).toEqual({
      type: 'unknown',
      description: 'Nope.Nope',
      permission: null,
    });
  });
});
