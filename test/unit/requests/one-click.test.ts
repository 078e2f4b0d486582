import { oneClickRemedy } from '../../../src/requests/one-click';
import type { Remedy, RequestedScopes, ScopeEvidenceSource } from '../../../src/diagnosis/types';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';

const published = (values: string[]) => ({
  resources: {
    [MICROSOFT_GRAPH_APP_ID]: {
      displayName: 'Microsoft Graph',
      oauth2PermissionScopes: values.map((value, i) => ({
        id: `s${i}`,
        value,
        type: 'User' as const,
        isEnabled: true,
      })),
    },
  },
});
const grant = (
  scopes: string[],
  extra: Partial<Extract<Remedy, { kind: 'grant_delegated' }>> = {},
): Extract<Remedy, { kind: 'grant_delegated' }> => ({
  kind: 'grant_delegated',
  clientAppId: 'app',
  resourceAppId: MICROSOFT_GRAPH_APP_ID,
  consentType: 'AllPrincipals',
  scopes,
  ...extra,
});
const requested = (source: RequestedScopes['source'], evidence?: RequestedScopes['evidence']): RequestedScopes => ({
  delegated: {},
  application: {},
  source,
  ...(evidence ? { evidence } : {}),
});

describe('oneClickRemedy', () => {
  it("moves high-impact scopes seen only in the requester's link to confirm, and unpublished ones to refused", () => {
    const out = oneClickRemedy(grant(['User.Read', 'Directory.ReadWrite.All', 'Mail.Send', 'Made.Up']), {
      requested: requested('url'),
      context: published(['User.Read', 'Directory.ReadWrite.All', 'Mail.Send']),
    });
    expect(out).toMatchObject({
      scopes: ['User.Read'],
      confirm: ['Directory.ReadWrite.All', 'Mail.Send'],
      refused: [{ scope: 'Made.Up', reason: 'not_published' }],
    });
  });

  it("keeps a high-impact scope in one click when Entra's own request or an existing grant supports it", () => {
    const out = oneClickRemedy(grant(['Mail.Send', 'Mail.ReadWrite']), {
      requested: requested('url', [
        { scope: 'Mail.Send', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['consent_url', 'consent_request'] },
        { scope: 'Mail.ReadWrite', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['existing_grant'] },
      ]),
      context: published(['Mail.Send', 'Mail.ReadWrite']),
    });
    expect(out).toMatchObject({ scopes: ['Mail.Send', 'Mail.ReadWrite'], confirm: [] });
  });

  it("honours the plan's own confirm and sources, and refuses everything on a resource that is not in the tenant", () => {
    expect(
      oneClickRemedy(
        grant(['User.Read'], {
          confirm: ['Files.ReadWrite.All'],
          sources: { 'User.Read': ['consent_request'], 'Files.ReadWrite.All': ['consent_url'] },
        }),
        { requested: requested(null) },
      ),
    ).toMatchObject({ scopes: ['User.Read'], confirm: ['Files.ReadWrite.All'] });
    expect(
      oneClickRemedy(grant(['User.Read']), {
        requested: requested('consent_request'),
        context: { resources: { [MICROSOFT_GRAPH_APP_ID]: null } },
      }),
    ).toMatchObject({ scopes: [], refused: [{ scope: 'User.Read', reason: 'resource_not_in_tenant' }] });
  });

  it('leaves other remedies alone', () => {
    const assign: Remedy = { kind: 'assign_user', appId: 'a', userId: 'u', appRoleId: 'r' };
    expect(oneClickRemedy(assign, { requested: requested('url') })).toBe(assign);
  });

  it("counts only the requester's own typing as requester-typed", () => {
    const context = published(['Mail.Send']);
    const withSources = (sources: ScopeEvidenceSource[]) =>
      oneClickRemedy(grant(['Mail.Send']), {
        requested: requested('consent_request', [
          { scope: 'Mail.Send', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources },
        ]),
        context,
      });
    expect(withSources(['consent_url'])).toMatchObject({ scopes: [], confirm: ['Mail.Send'] });
    expect(withSources(['consent_url', 'consent_request'])).toMatchObject({ scopes: ['Mail.Send'], confirm: [] });
    expect(withSources([])).toMatchObject({ scopes: ['Mail.Send'], confirm: [] });
    // No evidence at all (not from a typed link either).
    expect(oneClickRemedy(grant(['Mail.Send']), { requested: requested(null), context })).toMatchObject({
      scopes: ['Mail.Send'],
      confirm: [],
    });
  });
});
