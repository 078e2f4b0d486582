/**
 * POST /{tenant}/oauth2/v2.0/token — the grants the bot uses:
 *  - client_credentials with a client secret or a certificate (client-assertion.ts) (scope https://graph.microsoft.com/.default): the
 *    token's `roles` are the client's granted Graph application permissions;
 *  - on-behalf-of (urn:ietf:params:oauth:grant-type:jwt-bearer + requested_token_use=on_behalf_of):
 *    the user assertion must be a token this simulator issued for the client (see
 *    RunningSimulator.issueUserToken); the Graph token's `scp` are the requested scopes, which must be
 *    covered by delegated grants (AllPrincipals, or Principal for that user) — else AADSTS65001.
 * Errors use Entra's body shape (error, error_description "AADSTSnnnn: ...", error_codes, ...).
 */
import { timingSafeEqual } from 'node:crypto';
import { GRAPH_APP_ID, GRAPH_RESOURCE, type SimulatorCore } from '../core';
import type { FixtureClient } from '../fixture';
import { json, type SimRequest, type SimResponse } from '../http';
import type { TenantRuntime } from '../state';
import { aadError } from './aad-error';
import { clientAssertionRefusal } from './client-assertion';
import { JwtError, verifyJwt } from './jwt';
import { issueAppToken, issueDelegatedToken } from './tokens';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH_PREFIXES = [`${GRAPH_RESOURCE}/`, `${GRAPH_APP_ID}/`, 'https://graph.microsoft.com//'];
const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function secretMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readForm(req: SimRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}

/** client_id/client_secret from the body or HTTP Basic auth. */
function clientCredentials(req: SimRequest, form: URLSearchParams): { clientId: string | null; secret: string | null } {
  const auth = req.headers.authorization;
  if (auth?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      return {
        clientId: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      };
    }
  }
  return { clientId: form.get('client_id'), secret: form.get('client_secret') };
}

function authenticateClient(
  tenant: TenantRuntime,
  req: SimRequest,
  form: URLSearchParams,
  tokenEndpoint: string,
): { client: FixtureClient } | { error: SimResponse; clientId: string | null } {
  const { clientId, secret } = clientCredentials(req, form);
  if (!clientId) {
    return {
      error: aadError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      ),
      clientId,
    };
  }
  const client = tenant.data.clients.find((c) => c.appId.toLowerCase() === clientId.toLowerCase());
  if (!client) {
    return {
      error: aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.data.tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      ),
      clientId,
    };
  }
  if (form.get('client_assertion')) {
    const refusal = clientAssertionRefusal(client, form, tokenEndpoint);
    return refusal ? { error: refusal, clientId } : { client };
  }
  if (!secret) {
    return {
      error: aadError(
        400,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      ),
      clientId,
    };
  }
  if (!secretMatches(client.secret, secret)) {
    return {
      error: aadError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.appId}'.`,
      ),
      clientId,
    };
  }
  return { client };
}

function tokenResponse(token: string, expiresIn: number, scope?: string): SimResponse {
  return json(
    200,
    {
      token_type: 'Bearer',
      ...(scope ? { scope } : {}),
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: token,
    },
    { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
  );
}

/** Splits scope into Graph scope names; `.default` is returned as ".default". null = not Graph. */
function graphScopes(scope: string): { scopes: string[]; foreign: string | null } {
  const scopes: string[] = [];
  for (const raw of scope.split(/\s+/).filter(Boolean)) {
    if (OIDC_SCOPES.has(raw)) continue;
    const prefix = GRAPH_PREFIXES.find((p) => raw.toLowerCase().startsWith(p.toLowerCase()));
    if (prefix) scopes.push(raw.slice(prefix.length));
    else if (!raw.includes('/'))
      scopes.push(raw); // short form: Graph is the default resource
    else return { scopes, foreign: raw };
  }
  return { scopes, foreign: null };
}

export function handleTokenRequest(
  core: SimulatorCore,
  tenant: TenantRuntime,
  req: SimRequest,
): { response: SimResponse; clientId: string | null } {
  const form = readForm(req);
  const grantType = form.get('grant_type');
  if (!grantType) {
    return {
      response: aadError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      ),
      clientId: form.get('client_id'),
    };
  }
  if (grantType !== 'client_credentials' && grantType !== OBO_GRANT) {
    return {
      response: aadError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType}'.`,
      ),
      clientId: form.get('client_id'),
    };
  }
  const auth = authenticateClient(tenant, req, form, `${core.baseUrl}${req.url.pathname}`);
  if ('error' in auth) return { response: auth.error, clientId: auth.clientId };
  const { client } = auth;

  const scopeParam = form.get('scope') ?? '';
  const { scopes, foreign } = graphScopes(scopeParam);
  if (foreign) {
    return {
      response: aadError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${foreign.replace(/\/[^/]*$/, '')} was not found in the tenant named ${tenant.data.tenant.displayName}.`,
      ),
      clientId: client.appId,
    };
  }

  if (grantType === 'client_credentials') {
    if (scopes.length !== 1 || scopes[0] !== '.default') {
      return {
        response: aadError(
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${scopeParam} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        ),
        clientId: client.appId,
      };
    }
    const issued = issueAppToken(core, tenant, client);
    return { response: tokenResponse(issued.token, issued.expiresIn), clientId: client.appId };
  }

  // on-behalf-of
  if (form.get('requested_token_use') !== 'on_behalf_of') {
    return {
      response: aadError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'requested_token_use'.",
      ),
      clientId: client.appId,
    };
  }
  const assertion = form.get('assertion');
  if (!assertion) {
    return {
      response: aadError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'assertion'.",
      ),
      clientId: client.appId,
    };
  }
  let user;
  try {
    const claims = verifyJwt(assertion, {
      keys: [core.signingKey],
      audiences: [client.appId, `api://${client.appId}`],
      issuerFor: (tid) => core.issuer(tid),
    });
    if (claims.tid !== tenant.id) throw new JwtError('tenant mismatch', 'tenant');
    user = typeof claims.oid === 'string' ? tenant.user(claims.oid) : undefined;
    if (!user) throw new JwtError('unknown user', 'tenant');
  } catch (err) {
    const reason = err instanceof JwtError ? err.message : 'invalid assertion';
    const code = err instanceof JwtError && err.reason === 'expired' ? 500133 : 50013;
    return {
      response: aadError(
        400,
        'invalid_grant',
        code,
        `Assertion failed signature validation or is not valid. ${reason}`,
      ),
      clientId: client.appId,
    };
  }

  const granted = grantedScopes(tenant, client.appId, user.id);
  const requested = scopes.includes('.default') ? [...granted] : scopes;
  const missing = requested.filter((s) => !granted.has(s));
  if (requested.length === 0 || missing.length > 0) {
    const clientSp = tenant.servicePrincipalByAppId(client.appId);
    const response = aadError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${client.appId}' named '${clientSp?.displayName ?? client.displayName ?? client.appId}'. Send an interactive authorization request for this user and resource.`,
    );
    (response.body as Record<string, unknown>).suberror = 'consent_required';
    return { response, clientId: client.appId };
  }
  const issued = issueDelegatedToken(core, tenant, {
    user,
    clientAppId: client.appId,
    audience: GRAPH_RESOURCE,
    scopes: requested,
  });
  const scopeOut = requested.map((s) => `${GRAPH_RESOURCE}/${s}`).join(' ');
  return { response: tokenResponse(issued.token, issued.expiresIn, scopeOut), clientId: client.appId };
}

/** Graph scopes consented for this client: tenant-wide grants plus the user's own grants. */
function grantedScopes(tenant: TenantRuntime, clientAppId: string, userId: string): Set<string> {
  const clientSp = tenant.servicePrincipalByAppId(clientAppId);
  const graphSp = tenant.servicePrincipalByAppId(GRAPH_APP_ID);
  const out = new Set<string>();
  if (!clientSp || !graphSp) return out;
  for (const g of tenant.data.oauth2PermissionGrants) {
    if (g.clientId !== clientSp.id || g.resourceId !== graphSp.id) continue;
    if (g.consentType === 'Principal' && g.principalId?.toLowerCase() !== userId.toLowerCase()) continue;
    g.scope
      .split(/\s+/)
      .filter(Boolean)
      .forEach((s) => out.add(s));
  }
  return out;
}
