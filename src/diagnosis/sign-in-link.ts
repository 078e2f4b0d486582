/**
 * Local mode: the link on a user's card to the simulator's sign-in page, so a person can try the
 * app's sign-in (and see the consent prompt, or not) without a real tenant. Pure.
 */
import type { Diagnosis } from './types';
import { MICROSOFT_GRAPH_APP_ID } from '../graph/types';

/** Scope strings as the v2 authorize endpoint takes them: Graph scopes bare, others prefixed by the resource's app id. */
function requestedScopeList(requested: Diagnosis['requested']): string[] {
  const scopes: string[] = [];
  for (const [resourceAppId, values] of Object.entries(requested.delegated)) {
    for (const value of values) {
      const bare =
        resourceAppId.toLowerCase() === MICROSOFT_GRAPH_APP_ID ||
        ['openid', 'profile', 'email', 'offline_access'].includes(value);
      scopes.push(bare ? value : `${resourceAppId}/${value}`);
    }
  }
  return [...new Set(scopes)];
}

export function signInLink(
  signInBaseUrl: string | null,
  appId: string | null,
  scopes: readonly string[],
  loginHint: string | null,
): string | null {
  if (!signInBaseUrl || !appId) return null;
  const params = new URLSearchParams({ client_id: appId, scope: (scopes.length > 0 ? scopes : ['openid']).join(' ') });
  if (loginHint) params.set('login_hint', loginHint);
  return `${signInBaseUrl.replace(/\/+$/, '')}/oauth2/v2.0/authorize?${params.toString()}`;
}

export function signInLinkFor(signInBaseUrl: string | null, d: Diagnosis): string | null {
  return signInLink(
    signInBaseUrl,
    d.app?.appId ?? null,
    requestedScopeList(d.requested),
    d.user?.userPrincipalName ?? null,
  );
}
