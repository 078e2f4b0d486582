/**
 * The Bot Framework token service (Azure Bot Service's user-token API) on the simulator's origin,
 * as botbuilder's TokenApiClient calls it (botframework-connector lib/tokenApi/operations):
 *   GET    /api/botsignin/GetSignInResource?state&finalRedirect   -> {signInLink, tokenExchangeResource, tokenPostResource}
 *   GET    /api/botsignin/GetSignInUrl?state                      -> the sign-in link as text
 *   GET    /api/usertoken/GetToken?userId&connectionName&channelId&code -> TokenResponse, or 404 when not signed in
 *   POST   /api/usertoken/exchange?userId&connectionName&channelId {token} -> TokenResponse (Teams SSO), 400/404 otherwise
 *   DELETE /api/usertoken/SignOut?userId&connectionName&channelId
 * and the sign-in page the link opens: GET/POST /botframework/oauth/signin?id=...
 * `state` is botbuilder's token exchange state (UserTokenClient.createTokenExchangeState: base64 JSON
 * {connectionName, conversation: {user, channelId, ...}, msAppId}).
 * Callers authenticate as the real service requires: a bot → connector token for the bot's app id
 * (aud https://api.botframework.com, from the simulated botframework.com tenant). A bot running with
 * Bot Framework authentication off (local mode: app id 'AnonymousSkill') may call without one, and
 * then only reaches sign-ins it started itself the same way.
 * The BOT's tokens stay here: each GetToken returns a fresh short-lived Graph token for the bound user.
 */
import type { SimulatorCore } from '../core';
import { json, type SimRequest, type SimResponse } from '../http';
import type { TenantRuntime } from '../state';
import { BOT_FRAMEWORK_RESOURCE, botFrameworkIdentity } from '../identity/bot-framework-identity';
import { decodeJwt, JwtError, verifyJwt } from '../identity/jwt';
import { connectionClient, userGraphToken } from './connection';
import { magicCodePage, signInForm, signInGone } from './pages';
import { tokenServiceState, type BoundSignIn } from './sign-ins';

export const SIGN_IN_PAGE_PATH = '/botframework/oauth/signin';
const ANONYMOUS_BOT = 'AnonymousSkill';
const MAX_FORM_BYTES = 4096;

export interface TokenServiceResult {
  response: SimResponse;
  tenant?: TenantRuntime;
}

function error(status: number, code: string, message: string): SimResponse {
  return json(status, { error: { code, message } });
}

function html(status: number, body: string): SimResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY' },
    body,
  };
}

/** The calling bot's app id: from its connector token, or ANONYMOUS_BOT without one; null = refused. */
function callerAppId(core: SimulatorCore, req: SimRequest): string | null {
  const header = req.headers.authorization;
  if (!header) return ANONYMOUS_BOT;
  const token = /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
  if (!token) return null;
  const identity = botFrameworkIdentity(core);
  try {
    const claims = verifyJwt(token, {
      keys: [core.signingKey],
      audiences: [BOT_FRAMEWORK_RESOURCE, `${BOT_FRAMEWORK_RESOURCE}/`],
      issuerFor: () => identity.connectorIssuer(),
    });
    return typeof claims.appid === 'string' ? claims.appid : null;
  } catch (err) {
    if (err instanceof JwtError) return null;
    throw err;
  }
}

interface ExchangeState {
  connectionName: string;
  chatUserId: string;
  channelId: string;
  msAppId: string;
}

function readState(raw: string | null): ExchangeState | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Record<string, unknown>;
    const conversation = value.conversation as { user?: { id?: unknown }; channelId?: unknown } | undefined;
    const chatUserId = conversation?.user?.id;
    if (
      typeof value.connectionName !== 'string' ||
      typeof chatUserId !== 'string' ||
      typeof conversation?.channelId !== 'string'
    )
      return null;
    return {
      connectionName: value.connectionName,
      chatUserId,
      channelId: conversation.channelId,
      msAppId: typeof value.msAppId === 'string' ? value.msAppId : ANONYMOUS_BOT,
    };
  } catch {
    return null;
  }
}

function tokenResponse(
  core: SimulatorCore,
  bound: BoundSignIn,
  connectionName: string,
  channelId: string,
): TokenServiceResult {
  const tenant = core.findTenant(bound.tenantId);
  const issued = tenant ? userGraphToken(core, tenant, bound.userId, bound.msAppId) : null;
  if (!tenant || !issued)
    return {
      response: error(404, 'TokenNotFound', 'The signed-in account no longer exists or is disabled; sign in again.'),
      tenant,
    };
  return {
    response: json(200, { channelId, connectionName, token: issued.token, expiration: issued.expiration }),
    tenant,
  };
}

function signInResource(core: SimulatorCore, req: SimRequest, caller: string, asText: boolean): TokenServiceResult {
  const state = readState(req.url.searchParams.get('state'));
  if (!state) return { response: error(400, 'BadArgument', 'state is missing or is not a token exchange state.') };
  if (state.msAppId !== caller)
    return { response: error(401, 'Unauthorized', 'The state names another bot than the caller.') };
  const id = tokenServiceState(core).start(state);
  const signInLink = `${core.baseUrl}${SIGN_IN_PAGE_PATH}?id=${encodeURIComponent(id)}`;
  if (asText)
    return { response: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: signInLink } };
  return {
    response: json(200, {
      signInLink,
      tokenExchangeResource: { id, uri: `api://${state.msAppId}`, providerId: state.connectionName },
      tokenPostResource: null,
    }),
  };
}

function userKey(req: SimRequest): { userId: string; connectionName: string; channelId: string } | null {
  const q = req.url.searchParams;
  const userId = q.get('userId');
  const connectionName = q.get('connectionName');
  const channelId = q.get('channelId') ?? '';
  return userId && connectionName ? { userId, connectionName, channelId } : null;
}

function getToken(core: SimulatorCore, req: SimRequest, caller: string): TokenServiceResult {
  const k = userKey(req);
  if (!k) return { response: error(400, 'BadArgument', 'userId and connectionName are required.') };
  const state = tokenServiceState(core);
  const code = req.url.searchParams.get('code');
  let bound = state.find(k.userId, k.connectionName, k.channelId);
  if (!bound && code) bound = state.redeem(k.userId, k.connectionName, k.channelId, code) ?? undefined;
  if (!bound || bound.msAppId !== caller) return { response: { status: 404, headers: {} } };
  return tokenResponse(core, bound, k.connectionName, k.channelId);
}

/** Teams SSO: an Entra token for the bot's own app (aud api://.../{appId} or the app id), issued by a loaded tenant. */
function exchange(core: SimulatorCore, req: SimRequest, caller: string): TokenServiceResult {
  const k = userKey(req);
  if (!k) return { response: error(400, 'BadArgument', 'userId and connectionName are required.') };
  let body: { token?: unknown };
  try {
    body = JSON.parse(req.body.toString('utf8') || '{}') as { token?: unknown };
  } catch {
    return { response: error(400, 'BadArgument', 'The body must be JSON.') };
  }
  if (typeof body.token !== 'string') return { response: error(400, 'BadArgument', 'token is required.') };
  const claimed = decodeJwt(body.token)?.payload;
  const tenant = typeof claimed?.tid === 'string' ? core.findTenant(claimed.tid) : undefined;
  const client = tenant ? connectionClient(tenant, caller) : undefined;
  const aud = typeof claimed?.aud === 'string' ? claimed.aud : '';
  if (
    !tenant ||
    !client ||
    !(aud.toLowerCase() === client.appId.toLowerCase() || aud.toLowerCase().endsWith(`/${client.appId.toLowerCase()}`))
  ) {
    return { response: error(400, 'InvalidToken', 'The token is not an SSO token for this bot.'), tenant };
  }
  try {
    const claims = verifyJwt(body.token, {
      keys: [core.signingKey],
      audiences: [aud],
      issuerFor: (tid) => core.issuer(tid),
    });
    const user = typeof claims.oid === 'string' ? tenant.user(claims.oid) : undefined;
    if (!user) return { response: error(400, 'InvalidToken', 'The token names no user of the tenant.'), tenant };
    const bound: BoundSignIn = { tenantId: tenant.id, userId: user.id, msAppId: caller };
    tokenServiceState(core).bind(k.userId, k.connectionName, k.channelId, bound);
    return tokenResponse(core, bound, k.connectionName, k.channelId);
  } catch (err) {
    if (err instanceof JwtError) return { response: error(400, 'InvalidToken', err.message), tenant };
    throw err;
  }
}

function signInPage(core: SimulatorCore, req: SimRequest): TokenServiceResult {
  const id = req.url.searchParams.get('id') ?? '';
  const state = tokenServiceState(core);
  const pending = state.get(id);
  if (!pending) return { response: html(404, signInGone()) };
  const action = `${SIGN_IN_PAGE_PATH}?id=${encodeURIComponent(id)}`;
  if (req.method === 'GET') return { response: html(200, signInForm(action, pending.connectionName, null)) };
  if (req.method !== 'POST') return { response: html(405, signInGone()) };
  if (req.body.length > MAX_FORM_BYTES)
    return { response: html(413, signInForm(action, pending.connectionName, 'Request too large.')) };
  const username = new URLSearchParams(req.body.toString('utf8')).get('username')?.trim() ?? '';
  for (const tenant of core.tenants.values()) {
    const user = tenant.user(username);
    if (!user) continue;
    if (user.accountEnabled === false) {
      return {
        response: html(400, signInForm(action, pending.connectionName, 'AADSTS50057: The user account is disabled.')),
        tenant,
      };
    }
    const code = state.signedIn(id, tenant.id, user.id);
    return { response: html(200, magicCodePage(user.userPrincipalName, code)), tenant };
  }
  return {
    response: html(
      400,
      signInForm(action, pending.connectionName, "AADSTS50034: We couldn't find an account with that user name."),
    ),
  };
}

/** null when the path is not the token service's. */
export function handleBotTokenService(core: SimulatorCore, req: SimRequest): TokenServiceResult | null {
  const path = req.url.pathname.replace(/\/+$/, '');
  if (path === SIGN_IN_PAGE_PATH) return signInPage(core, req);
  const route = `${req.method} ${path.toLowerCase()}`;
  const known = [
    'GET /api/botsignin/getsigninresource',
    'GET /api/botsignin/getsigninurl',
    'GET /api/usertoken/gettoken',
    'POST /api/usertoken/exchange',
    'DELETE /api/usertoken/signout',
  ];
  if (!known.includes(route))
    return path.toLowerCase().startsWith('/api/usertoken') || path.toLowerCase().startsWith('/api/botsignin')
      ? { response: error(404, 'NotFound', `No token service operation at ${req.method} ${path}.`) }
      : null;
  const caller = callerAppId(core, req);
  if (caller === null)
    return { response: error(401, 'Unauthorized', 'The bot token is missing, expired or not for the Bot Framework.') };
  switch (route) {
    case 'GET /api/botsignin/getsigninresource':
      return signInResource(core, req, caller, false);
    case 'GET /api/botsignin/getsigninurl':
      return signInResource(core, req, caller, true);
    case 'GET /api/usertoken/gettoken':
      return getToken(core, req, caller);
    case 'POST /api/usertoken/exchange':
      return exchange(core, req, caller);
    default: {
      const k = userKey(req);
      if (k) tokenServiceState(core).signOut(k.userId, req.url.searchParams.get('connectionName'), k.channelId);
      return { response: json(200, {}) };
    }
  }
}
