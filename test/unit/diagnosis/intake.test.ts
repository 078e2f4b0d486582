import { CATALOG } from '../../../src/diagnosis/catalog';
import { decideIntake, MAX_INPUT_CHARS, parseMessage, rankCandidates } from '../../../src/diagnosis/intake';
import type { AppCandidate } from '../../../src/diagnosis/types';
import type { ServicePrincipal } from '../../../src/graph/types';
import {
  GRAPH_SP,
  QLIK_FAMILY,
  QLIK_ONEDRIVE_APP_ID,
  QLIK_SHAREPOINT_APP_ID,
  SHAREPOINT_SP,
  signIn,
} from './facts-builder';

const TENANT_SPS: ServicePrincipal[] = [
  GRAPH_SP,
  SHAREPOINT_SP,
  ...QLIK_FAMILY,
  {
    id: 'sp-hr',
    appId: 'bbbbbbbb-0000-4000-8000-000000000001',
    displayName: 'Contoso HR Portal',
    appOwnerOrganizationId: 'x',
  },
];
const ctx = { servicePrincipals: TENANT_SPS, failedSignIns: [], catalog: CATALOG };

describe('parseMessage', () => {
  it('reads a v2 authorize URL with full-URI and bare scopes', () => {
    const text =
      'I get this: https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=' +
      `${QLIK_SHAREPOINT_APP_ID}&response_type=code&scope=https%3A%2F%2Fgraph.microsoft.com%2FFiles.Read.All+offline_access` +
      '%20https://microsoft.sharepoint-df.com/AllSites.Read&prompt=consent&redirect_uri=https%3A%2F%2Fqlik.example%2Fcb';
    const parsed = parseMessage(text);
    expect(parsed.consentUrl).toEqual({
      clientId: QLIK_SHAREPOINT_APP_ID,
      scopes: [
        'https://graph.microsoft.com/Files.Read.All',
        'offline_access',
        'https://microsoft.sharepoint-df.com/AllSites.Read',
      ],
      prompt: 'consent',
      tenant: 'contoso.onmicrosoft.com',
      redirectUri: 'https://qlik.example/cb',
    });
    expect(parsed.guids).toContain(QLIK_SHAREPOINT_APP_ID);
  });

  it('reads v1 authorize and adminconsent URLs on any host, and HTML-escaped links', () => {
    const v1 = parseMessage(
      `<a href="https://sim.localhost:8443/common/oauth2/authorize?client_id=${QLIK_ONEDRIVE_APP_ID}&amp;scope=User.Read">link</a>`,
    );
    expect(v1.consentUrl?.clientId).toBe(QLIK_ONEDRIVE_APP_ID);
    expect(v1.consentUrl?.scopes).toEqual(['User.Read']);
    expect(v1.consentUrl?.tenant).toBe('common');
    const admin = parseMessage(
      `https://login.microsoftonline.com/${'1'.repeat(8)}-1111-1111-1111-111111111111/adminconsent?client_id=${QLIK_ONEDRIVE_APP_ID}`,
    );
    expect(admin.consentUrl?.clientId).toBe(QLIK_ONEDRIVE_APP_ID);
    expect(admin.consentUrl?.scopes).toEqual([]);
  });

  it('salvages client_id from a broken URL', () => {
    const parsed = parseMessage(
      `http://[broken/oauth2/v2.0/authorize?client_id=${QLIK_ONEDRIVE_APP_ID}&scope=Files.Read%20User.Read`,
    );
    expect(parsed.consentUrl?.clientId).toBe(QLIK_ONEDRIVE_APP_ID);
    expect(parsed.consentUrl?.scopes).toEqual(['Files.Read', 'User.Read']);
  });

  it('reads pasted AADSTS error text', () => {
    const text =
      'Need admin approval\nAADSTS90094: The grant requires admin permission.\nRequest Id: 3f0c2b9e-0000-4000-8000-000000000009\n' +
      `Correlation ID: 5A0C2B9E-0000-4000-8000-00000000000C\nTimestamp: 2025-06-01 10:00:00Z\nApp id: ${QLIK_SHAREPOINT_APP_ID}`;
    expect(parseMessage(text).errorText).toEqual({
      aadsts: 90094,
      appId: QLIK_SHAREPOINT_APP_ID,
      correlationId: '5a0c2b9e-0000-4000-8000-00000000000c',
      timestamp: '2025-06-01 10:00:00Z',
      resource: null,
    });
    expect(parseMessage(`Error code: 65001 Application ID: ${QLIK_ONEDRIVE_APP_ID}`).errorText).toMatchObject({
      aadsts: 65001,
      appId: QLIK_ONEDRIVE_APP_ID,
    });
    expect(parseMessage('nothing pasted here').errorText).toBeNull();
  });

  it('normalises words and finds a justification', () => {
    const parsed = parseMessage('The One Drive connector asks for admin approval, because I need the Q3 sales files.');
    expect(parsed.words).toEqual(expect.arrayContaining(['onedrive', 'connector']));
    expect(parsed.words).not.toContain('the');
    expect(parsed.justification).toBe('I need the Q3 sales files.');
    expect(parseMessage('Reason: quarterly board report').justification).toBe('quarterly board report');
    expect(parseMessage('sharepoint connector').justification).toBeNull();
  });

  it('survives hostile input without throwing and caps the work', () => {
    const huge = `${'a'.repeat(MAX_INPUT_CHARS * 10)} ${QLIK_ONEDRIVE_APP_ID}`;
    const parsedHuge = parseMessage(huge);
    expect(parsedHuge.guids).toEqual([]); // beyond the cap
    const nasty =
      '\u0000\u0007<script>alert(1)</script>&#0; &#xD800; https://%zz/oauth2/authorize?client_id=%E0%A4%A' +
      ` ${'<'.repeat(5000)} ${'https://x/'.repeat(1000)} AADSTS AADSTS1 \u202e`;
    expect(() => parseMessage(nasty)).not.toThrow();
    const guidFlood = Array.from(
      { length: 500 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    ).join(' ');
    expect(parseMessage(guidFlood).guids.length).toBeLessThanOrEqual(20);
    expect(parseMessage(undefined as unknown as string)).toMatchObject({
      guids: [],
      consentUrl: null,
      errorText: null,
    });
  });
});

function names(candidates: AppCandidate[]): string[] {
  return candidates.map((c) => c.displayName);
}

describe('rankCandidates and decideIntake', () => {
  it('ranks the Qlik SharePoint connector first for "the SharePoint connector asks for admin approval"', () => {
    const candidates = rankCandidates(parseMessage('the SharePoint connector asks for admin approval'), ctx);
    expect(candidates[0].displayName).toBe('Qlik Web Connectors (Office 365 SharePoint)');
    expect(candidates[0].reasons).toContain('service_principal_name');
    expect(candidates[0].why).toMatch(/sharepoint/);
    expect(names(candidates)).not.toContain('Office 365 SharePoint Online');
    expect(decideIntake(candidates)).toEqual({ kind: 'one', candidate: candidates[0] });
  });

  it('returns the whole Qlik family for "qlik", so the person chooses', () => {
    const candidates = rankCandidates(parseMessage('qlik'), ctx);
    expect(candidates).toHaveLength(5);
    expect(candidates.every((c) => c.displayName.startsWith('Qlik Web Connectors'))).toBe(true);
    const decision = decideIntake(candidates);
    expect(decision.kind).toBe('choose');
    if (decision.kind === 'choose') expect(decision.candidates).toHaveLength(5);
  });

  it.each([
    ['my email connector', 'Qlik Web Connectors (Outlook 365)'],
    ['the crm connector', 'Qlik Web Connectors (Dynamics 365 CRM)'],
    ['blob connector for azure storage', 'Qlik Web Connectors (Azure Storage)'],
    ['qlik one drive', 'Qlik Web Connectors (OneDrive)'],
    ['Qlik Web Connectors (Office 365 SharePoint)', 'Qlik Web Connectors (Office 365 SharePoint)'],
  ])('maps synonyms: "%s"', (text, expected) => {
    const candidates = rankCandidates(parseMessage(text), ctx);
    expect(candidates[0].displayName).toBe(expected);
    expect(decideIntake(candidates).kind).toBe('one');
  });

  it('puts exact ids above URLs, error text and names', () => {
    const text = `sharepoint connector ${QLIK_ONEDRIVE_APP_ID}`;
    const candidates = rankCandidates(parseMessage(text), ctx);
    expect(candidates[0].appId).toBe(QLIK_ONEDRIVE_APP_ID);
    expect(candidates[0].reasons).toEqual(expect.arrayContaining(['guid']));
    const hr = {
      id: 'dddddddd-0000-4000-8000-0000000000a1',
      appId: 'bbbbbbbb-0000-4000-8000-0000000000a1',
      displayName: 'HR',
    };
    const bySpObjectId = rankCandidates(parseMessage(`it is ${hr.id}`), {
      ...ctx,
      servicePrincipals: [...TENANT_SPS, hr],
    });
    expect(bySpObjectId[0]).toMatchObject({
      appId: hr.appId,
      servicePrincipalId: hr.id,
      score: 100,
      reasons: ['guid'],
    });
    const lone = rankCandidates(parseMessage('d0d0d0d0-0000-4000-8000-000000000000'), ctx);
    expect(lone[0]).toMatchObject({ appId: 'd0d0d0d0-0000-4000-8000-000000000000', servicePrincipalId: null });
    expect(decideIntake(lone).kind).toBe('one');
  });

  it('accepts Microsoft apps only when named by id', () => {
    expect(names(rankCandidates(parseMessage('microsoft graph'), ctx))).not.toContain('Microsoft Graph');
    const byId = rankCandidates(parseMessage(GRAPH_SP.appId), ctx);
    expect(byId[0].displayName).toBe('Microsoft Graph');
  });

  it('proposes a consent-URL client that is not in the tenant', () => {
    const unknown = 'cccccccc-0000-4000-8000-000000000001';
    const candidates = rankCandidates(
      parseMessage(
        `https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${unknown}&scope=User.Read`,
      ),
      ctx,
    );
    expect(candidates[0]).toMatchObject({ appId: unknown, servicePrincipalId: null, reasons: ['consent_url'] });
  });

  it('uses error text app id and boosts apps with failed sign-ins', () => {
    const fromError = rankCandidates(parseMessage(`AADSTS65001 App id: ${QLIK_ONEDRIVE_APP_ID}`), ctx);
    expect(fromError[0]).toMatchObject({ appId: QLIK_ONEDRIVE_APP_ID, reasons: ['error_text'] });

    const withSignIns = {
      ...ctx,
      failedSignIns: [signIn(90094, { appId: QLIK_ONEDRIVE_APP_ID, appDisplayName: 'Qlik Web Connectors (OneDrive)' })],
    };
    const boosted = rankCandidates(parseMessage('qlik'), withSignIns);
    expect(boosted[0].appId).toBe(QLIK_ONEDRIVE_APP_ID);
    expect(boosted[0].reasons).toEqual(['service_principal_name', 'failed_sign_in']);
    expect(decideIntake(boosted).kind).toBe('choose'); // a 12-point boost is a hint, not proof

    const onlySignIns = rankCandidates(parseMessage('it asks for admin approval'), withSignIns);
    expect(onlySignIns).toHaveLength(1);
    expect(decideIntake(onlySignIns).kind).toBe('one');
  });

  it('falls back to the catalog when the tenant lacks the app, and says none is actionable', () => {
    const emptyTenant = { servicePrincipals: [GRAPH_SP], failedSignIns: [], catalog: CATALOG };
    const candidates = rankCandidates(parseMessage('the sharepoint connector'), emptyTenant);
    expect(candidates[0]).toMatchObject({
      appId: null,
      displayName: 'Qlik Web Connectors (Office 365 SharePoint)',
      reasons: ['catalog'],
    });
    const decision = decideIntake(candidates);
    expect(decision.kind).toBe('none');
    if (decision.kind === 'none')
      expect(decision.hints[0].displayName).toBe('Qlik Web Connectors (Office 365 SharePoint)');
    expect(decideIntake([])).toEqual({ kind: 'none', hints: [] });
  });
});
