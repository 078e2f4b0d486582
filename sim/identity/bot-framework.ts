/**
 * The Bot Framework's endpoints on the simulator's origin (see bot-framework-identity.ts):
 *   GET  /botframework/v1/.well-known/openidconfiguration          channel issuer metadata (login.botframework.com)
 *   GET  /botframework/v1/.well-known/keys                         its JWKS (endorsed for msteams)
 *   GET  /botframework.com/v2.0/.well-known/openid-configuration   the botframework.com tenant (msal authority)
 *   GET  /botframework.com/discovery/v2.0/keys                     its JWKS
 *   POST /botframework.com/oauth2/v2.0/token                       client credentials, scope https://api.botframework.com/.default
 *   POST /_sim/botframework/tokens                                 test tokens: channel → bot, valid or deliberately wrong
 * A bot is registered when its app id and secret are a `clients` entry of any loaded tenant.
 * Returns null for any other path, so the router falls through to the rest of the simulator.
 */
import { timingSafeEqual } from 'node:crypto';
import type { SimulatorCore } from '../core';
import type { FixtureClient } from '../fixture';
import { json, type SimRequest, type SimResponse } from '../http';
import type { RequestLogEntry } from '../state';
import { aadError } from './aad-error';
import {
  BOT_FRAMEWORK_RESOURCE,
  BOT_FRAMEWORK_TENANT_ID,
  BOT_FRAMEWORK_TENANT_NAME,
  CHANNEL_KEYS_PATH,
  CHANNEL_METADATA_PATH,
  botFrameworkIdentity,
  type ChannelSigner,
} from './bot-framework-identity';

const TENANT_PATHS = new Set([BOT_FRAMEWORK_TENANT_NAME, BOT_FRAMEWORK_TENANT_ID]);
const SIGNERS: readonly ChannelSigner[] = ['channel', 'foreign', 'foreign-same-kid', 'entra'];
export const MINT_PATH = '/_sim/botframework/tokens';

function tenantOpenIdConfiguration(core: SimulatorCore): Record<string, unknown> {
  const base = `${core.baseUrl}/${BOT_FRAMEWORK_TENANT_NAME}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${core.baseUrl}/${BOT_FRAMEWORK_TENANT_ID}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    tenant_region_scope: 'WW',
    cloud_instance_name: 'localhost',
  };
}

function registeredBot(core: SimulatorCore, appId: string): FixtureClient | undefined {
  for (const tenant of core.tenants.values()) {
    const client = tenant.data.clients.find((c) => c.appId.toLowerCase() === appId.toLowerCase());
    if (client) return client;
  }
  return undefined;
}

function secretMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function clientCredentials(req: SimRequest, form: URLSearchParams): { clientId: string | null; secret: string | null } {
  const auth = req.headers.authorization;
  if (auth?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0)
      return {
        clientId: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      };
  }
  return { clientId: form.get('client_id'), secret: form.get('client_secret') };
}

function tokenRequest(core: SimulatorCore, req: SimRequest): { response: SimResponse; clientId: string | null } {
  const form = new URLSearchParams(req.body.toString('utf8'));
  const grantType = form.get('grant_type');
  const { clientId, secret } = clientCredentials(req, form);
  if (grantType !== 'client_credentials') {
    return {
      response: aadError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType ?? ''}'.`,
      ),
      clientId,
    };
  }
  if (!clientId)
    return {
      response: aadError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      ),
      clientId,
    };
  const bot = registeredBot(core, clientId);
  if (!bot) {
    return {
      response: aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory 'Bot Framework'.`,
      ),
      clientId,
    };
  }
  if (!secret || !secretMatches(bot.secret, secret)) {
    return {
      response: aadError(401, 'invalid_client', 7000215, `Invalid client secret provided for app '${bot.appId}'.`),
      clientId,
    };
  }
  const scope = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (
    scope.length !== 1 ||
    scope[0].replace(/\/+\.default$/, '') !== BOT_FRAMEWORK_RESOURCE ||
    !scope[0].endsWith('/.default')
  ) {
    return {
      response: aadError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${form.get('scope') ?? ''} is not valid. Use ${BOT_FRAMEWORK_RESOURCE}/.default.`,
      ),
      clientId,
    };
  }
  const lifetime = core.settings.tokenLifetimeSeconds;
  const issued = botFrameworkIdentity(core).connectorToken(bot.appId, lifetime);
  return {
    response: json(
      200,
      { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: issued.token },
      { 'cache-control': 'no-store, no-cache' },
    ),
    clientId: bot.appId,
  };
}

function mint(core: SimulatorCore, req: SimRequest): SimResponse {
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = req.body.length > 0 ? JSON.parse(req.body.toString('utf8')) : {};
    body = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return json(400, { error: { code: 'BadRequest', message: 'The body must be JSON.' } });
  }
  if (typeof body.audience !== 'string')
    return json(400, { error: { code: 'BadRequest', message: '"audience" (the bot app id) is required.' } });
  const signer = typeof body.signer === 'string' ? body.signer : 'channel';
  if (!SIGNERS.includes(signer as ChannelSigner))
    return json(400, { error: { code: 'BadRequest', message: `"signer" must be one of ${SIGNERS.join(', ')}.` } });
  const issued = botFrameworkIdentity(core).channelToken({
    audience: body.audience,
    serviceUrl: typeof body.serviceUrl === 'string' ? body.serviceUrl : null,
    lifetimeSeconds: typeof body.lifetimeSeconds === 'number' ? body.lifetimeSeconds : undefined,
    issuer: typeof body.issuer === 'string' ? body.issuer : undefined,
    signer: signer as ChannelSigner,
    withoutExp: body.withoutExp === true,
  });
  return json(200, { access_token: issued.token, claims: issued.payload });
}

function record(core: SimulatorCore, req: SimRequest, res: SimResponse, clientId: string | null): void {
  const entry: RequestLogEntry = {
    at: new Date().toISOString(),
    method: req.method,
    path: req.url.pathname,
    status: res.status,
    tenantId: BOT_FRAMEWORK_TENANT_ID,
    clientId,
    kind: 'identity',
  };
  core.record(undefined, entry);
}

export function handleBotFramework(core: SimulatorCore, req: SimRequest): SimResponse | null {
  const path = req.url.pathname.replace(/\/+$/, '');
  const identity = botFrameworkIdentity(core);
  if (path === MINT_PATH) {
    return req.method === 'POST'
      ? mint(core, req)
      : json(405, { error: { code: 'MethodNotAllowed', message: 'POST only.' } });
  }
  if (path === CHANNEL_METADATA_PATH || path === CHANNEL_KEYS_PATH) {
    const res =
      req.method !== 'GET'
        ? json(405, { error: 'method_not_allowed' })
        : json(200, path === CHANNEL_METADATA_PATH ? identity.channelOpenIdConfiguration() : identity.channelKeys());
    record(core, req, res, null);
    return res;
  }

  const [tenant, ...rest] = path.split('/').filter(Boolean);
  if (!tenant || !TENANT_PATHS.has(tenant.toLowerCase())) return null;
  const route = rest.join('/');
  let res: SimResponse;
  let clientId: string | null = null;
  if (route === 'v2.0/.well-known/openid-configuration' && req.method === 'GET') {
    res = json(200, tenantOpenIdConfiguration(core));
  } else if (route === 'discovery/v2.0/keys' && req.method === 'GET') {
    res = json(200, { keys: [core.signingKey.jwk(identity.connectorIssuer())] });
  } else if (route === 'oauth2/v2.0/token' && req.method === 'POST') {
    ({ response: res, clientId } = tokenRequest(core, req));
  } else {
    return null;
  }
  record(core, req, res, clientId);
  return res;
}
