/**
 * Entra ID's endpoints, per tenant, on the simulator's origin:
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   (and /{tenant}/.well-known/openid-configuration)
 *   GET  /{tenant}/discovery/v2.0/keys                      (and /{tenant}/discovery/keys)
 *   POST /{tenant}/oauth2/v2.0/token                        client credentials and on-behalf-of
 *   GET  /common/discovery/instance                         instance discovery (msal asks for it)
 * {tenant} is the tenant id or its default domain.
 */
import type { SimulatorCore } from '../core';
import { json, type SimRequest, type SimResponse } from '../http';
import type { TenantRuntime } from '../state';
import { aadError } from './aad-error';
import { handleTokenRequest } from './token-endpoint';

export interface IdentityResult {
  response: SimResponse;
  tenant?: TenantRuntime;
  clientId?: string | null;
}

function tenantNotFound(name: string): SimResponse {
  return aadError(
    400,
    'invalid_request',
    90002,
    `Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

export function openIdConfiguration(
  core: SimulatorCore,
  tenantId: string,
  version: '1.0' | '2.0',
): Record<string, unknown> {
  const base = `${core.baseUrl}/${tenantId}`;
  const v = version === '2.0' ? '/v2.0' : '';
  return {
    token_endpoint: `${base}/oauth2${v}/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery${v}/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: version === '2.0' ? core.issuer(tenantId) : `${core.baseUrl}/${tenantId}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${core.baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2${v}/authorize`,
    device_authorization_endpoint: `${base}/oauth2${v}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2${v}/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'localhost',
    cloud_graph_host_name: 'localhost',
    msgraph_host: new URL(core.baseUrl).host,
    rbac_url: core.baseUrl,
  };
}

/** Returns null when the path is not an identity endpoint. */
export async function handleIdentity(core: SimulatorCore, req: SimRequest): Promise<IdentityResult | null> {
  const segments = req.url.pathname.split('/').filter(Boolean);
  if (segments.length < 2) return null;
  const [tenantName, ...rest] = segments;
  const route = rest.join('/');

  if (tenantName === 'common' && route === 'discovery/instance' && req.method === 'GET') {
    const host = new URL(core.baseUrl).host;
    return {
      response: json(200, {
        tenant_discovery_endpoint: `${core.baseUrl}/{tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      }),
    };
  }

  const isOpenId = route === 'v2.0/.well-known/openid-configuration' || route === '.well-known/openid-configuration';
  const isKeys = route === 'discovery/v2.0/keys' || route === 'discovery/keys';
  const isToken = route === 'oauth2/v2.0/token' || route === 'oauth2/token';
  if (!isOpenId && !isKeys && !isToken) return null;

  const tenant = core.findTenant(tenantName);
  if (!tenant) return { response: tenantNotFound(tenantName) };

  if (isOpenId) {
    if (req.method !== 'GET') return { response: json(405, { error: 'method_not_allowed' }), tenant };
    const version = route.startsWith('v2.0') ? '2.0' : '1.0';
    return { response: json(200, openIdConfiguration(core, tenant.id, version)), tenant };
  }
  if (isKeys) {
    if (req.method !== 'GET') return { response: json(405, { error: 'method_not_allowed' }), tenant };
    return { response: json(200, { keys: [core.signingKey.jwk(core.issuer('{tenantid}'))] }), tenant };
  }
  if (req.method !== 'POST') {
    return { response: aadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.'), tenant };
  }
  const result = handleTokenRequest(core, tenant, req);
  return { response: result.response, tenant, clientId: result.clientId };
}
