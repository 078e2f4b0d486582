import { signInLink, signInLinkFor } from '../../../src/diagnosis/sign-in-link';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { APP_ID, diagnosis } from '../cards/fixtures';

const BASE = 'https://localhost:8443/tenant-id';

describe('sign-in link', () => {
  it("points at the simulator's authorize endpoint with the app, the requested scopes and the login hint", () => {
    const url = new URL(signInLinkFor(`${BASE}/`, diagnosis()) ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/oauth2/v2.0/authorize`);
    expect(url.searchParams.get('client_id')).toBe(APP_ID);
    expect(url.searchParams.get('scope')).toBe('Sites.ReadWrite.All User.Read');
    expect(url.searchParams.get('login_hint')).toBe('ana@contoso.com');
  });

  it('prefixes scopes of other resources with their app id; OpenID scopes stay bare', () => {
    const requested = {
      delegated: { [MICROSOFT_GRAPH_APP_ID]: ['User.Read'], 'res-app': ['user_impersonation', 'offline_access'] },
      application: {},
      source: null,
    };
    const url = new URL(signInLinkFor(BASE, diagnosis({ requested })) ?? '');
    expect(url.searchParams.get('scope')?.split(' ')).toEqual([
      'User.Read',
      'res-app/user_impersonation',
      'offline_access',
    ]);
  });

  it('is absent outside local mode or without an app', () => {
    expect(signInLink(null, APP_ID, ['User.Read'], null)).toBeNull();
    expect(signInLink(BASE, null, ['User.Read'], null)).toBeNull();
    expect(new URL(signInLink(BASE, APP_ID, [], null) ?? '').searchParams.get('scope')).toBe('openid');
  });
});
