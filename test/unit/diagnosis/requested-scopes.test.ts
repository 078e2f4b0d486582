import { CATALOG, findCatalogEntry } from '../../../src/diagnosis/catalog';
import { parseMessage } from '../../../src/diagnosis/intake';
import { groupScopesByResource, selectRequestedScopes } from '../../../src/diagnosis/requested-scopes';
import { AZURE_STORAGE_APP_ID, DYNAMICS_CRM_APP_ID, resolveScope } from '../../../src/diagnosis/resources';
import { describeScope } from '../../../src/diagnosis/scope-info';
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../../src/graph/types';
import { GRAPH_SP, QLIK_ONEDRIVE_APP_ID, QLIK_SHAREPOINT_APP_ID, USER, consentRequest, signIn } from './facts-builder';

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
    expect(groupScopesByResource(['https://graph.microsoft.com/.default', 'https://x.example/y', 'User.Read', 'user.read']))
      .toEqual({ delegated: { [MICROSOFT_GRAPH_APP_ID]: ['User.Read'] }, unresolved: ['https://graph.microsoft.com/.default', 'https://x.example/y'] });
  });
});

describe('selectRequestedScopes', () => {
  const sharepointEntry = findCatalogEntry('Qlik Web Connectors (Office 365 SharePoint)');
  const url = parseMessage(`https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${QLIK_SHAREPOINT_APP_ID}` +
    '&scope=https://graph.microsoft.com/Sites.Read.All%20offline_access&prompt=admin_consent').consentUrl;

  it('prefers the pasted URL and keeps its prompt and client_id', () => {
    const r = selectRequestedScopes({ appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id, consentUrl: url, catalogEntry: sharepointEntry });
    expect(r).toMatchObject({ source: 'url', prompt: 'admin_consent', clientId: QLIK_SHAREPOINT_APP_ID,
      delegated: { [MICROSOFT_GRAPH_APP_ID]: ['Sites.Read.All', 'offline_access'] } });
  });

  it('ignores a URL for another app, then uses the user\'s consent request', () => {
    const r = selectRequestedScopes({ appId: QLIK_ONEDRIVE_APP_ID, userId: USER.id, consentUrl: url,
      consentRequests: [consentRequest('InProgress', {}, QLIK_ONEDRIVE_APP_ID)] });
    expect(r).toMatchObject({ source: 'consent_request', prompt: null, clientId: QLIK_SHAREPOINT_APP_ID,
      delegated: { [MICROSOFT_GRAPH_APP_ID]: ['Files.Read.All', 'offline_access'] } });
  });

  it('falls back to the catalog, then sign-in records, then declared scopes', () => {
    expect(selectRequestedScopes({ appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id, catalogEntry: sharepointEntry }))
      .toMatchObject({ source: 'catalog', delegated: { [MICROSOFT_GRAPH_APP_ID]: expect.arrayContaining(['Sites.Manage.All', 'offline_access']) } });
    const onedrive = findCatalogEntry('Qlik Web Connectors (OneDrive)');
    expect(onedrive?.documentedScopes).toBeUndefined();
    const fromSignIn = selectRequestedScopes({ appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id, catalogEntry: onedrive,
      signIns: [signIn(65001, { status: { errorCode: 65001, additionalDetails: 'scopes: Files.Read offline_access' } })] });
    expect(fromSignIn).toMatchObject({ source: 'sign_in', delegated: { [MICROSOFT_GRAPH_APP_ID]: ['Files.Read', 'offline_access'] } });
    const declared = selectRequestedScopes({ appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id,
      declared: { delegated: { [MICROSOFT_GRAPH_APP_ID]: ['User.Read'] }, application: { [MICROSOFT_GRAPH_APP_ID]: ['Sites.Read.All'] } } });
    expect(declared).toMatchObject({ source: 'fixture', application: { [MICROSOFT_GRAPH_APP_ID]: ['Sites.Read.All'] } });
  });

  it('reports unknown scopes with source null', () => {
    const defaultOnly = parseMessage(`https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${QLIK_SHAREPOINT_APP_ID}&scope=https://graph.microsoft.com/.default`).consentUrl;
    expect(selectRequestedScopes({ appId: QLIK_SHAREPOINT_APP_ID, userId: USER.id, consentUrl: defaultOnly }))
      .toEqual({ delegated: {}, application: {}, source: null, prompt: null, clientId: QLIK_SHAREPOINT_APP_ID, unresolved: ['https://graph.microsoft.com/.default'] });
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
    expect(describeScope(GRAPH_SP, 'user.read')).toMatchObject({ type: 'User', description: 'Sign you in and read your profile' });
    expect(describeScope(GRAPH_SP, 'User.Read.All')).toMatchObject({ type: 'Admin', description: "Read all users' full profiles" });
    expect(describeScope(null, 'openid').type).toBe('User');
    expect(describeScope(GRAPH_SP, 'Nope.Nope')).toEqual({ type: 'unknown', description: 'Nope.Nope', permission: null });
  });
});
