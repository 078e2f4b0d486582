/**
 * Top-level routing of one HTTP round trip:
 *   /_sim/...            admin (tenant state, request log, faults, test tokens)
 *   /v1.0/..., /beta/... Microsoft Graph (token validation, latency, $batch, resources)
 *   /{tenant}/...        Entra ID (OpenID metadata, JWKS, token endpoint, sign-in page)
 *   /botframework/..., /botframework.com/..., /_sim/botframework/...  Bot Framework identity (identity/bot-framework.ts)
 *   /api/usertoken/..., /api/botsignin/..., /botframework/oauth/signin  Bot Framework token service (bot-token-service/)
 * Every Graph and identity round trip is recorded in the tenant's request log.
 */
import { handleAdmin } from './admin';
import { executeBatch } from './batch';
import type { SimulatorCore } from './core';
import { GraphHttpError } from './errors';
import type { GraphVersion } from './graph/context';
import { errorResponse, executeGraphCall, requestIds, responseHeaders } from './graph/dispatch';
import { json, type SimRequest, type SimResponse } from './http';
import { handleIdentity } from './identity/endpoints';
import { handleSignIn } from './signin/endpoint';
import { handleBotFramework } from './identity/bot-framework';
import { handleBotTokenService } from './bot-token-service/endpoint';
import { authenticate, claimedTenant } from './identity/validate';
import { sleep } from './faults';
import type { RequestLogEntry, TenantRuntime } from './state';

function displayPath(url: URL): string {
  const raw = `${url.pathname}${url.search}`;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function logEntry(
  req: SimRequest,
  res: SimResponse,
  kind: RequestLogEntry['kind'],
  tenant: TenantRuntime | undefined,
  clientId: string | null,
): RequestLogEntry {
  return {
    at: new Date().toISOString(),
    method: req.method,
    path: displayPath(req.url),
    status: res.status,
    tenantId: tenant?.id ?? null,
    clientId,
    kind,
  };
}

async function handleGraph(
  core: SimulatorCore,
  req: SimRequest,
  version: GraphVersion,
  resourcePath: string,
): Promise<SimResponse> {
  const ids = requestIds(req.headers);
  let auth;
  try {
    auth = authenticate(core, req.headers.authorization);
  } catch (err) {
    const res = errorResponse(err, ids);
    core.record(
      claimedTenant(core, req.headers.authorization),
      logEntry(req, res, 'graph', claimedTenant(core, req.headers.authorization), null),
    );
    return res;
  }
  const { tenant, principal } = auth;
  await sleep(tenant.faults.latencyMs);
  if (tenant.faults.dropsConnection(displayPath(req.url))) {
    const dropped: SimResponse = { status: 0, headers: {}, dropConnection: true };
    core.record(tenant, logEntry(req, dropped, 'graph', tenant, principal.clientId));
    return dropped;
  }

  let body: unknown;
  let res: SimResponse;
  let batch: RequestLogEntry['batch'];
  try {
    body = req.body.length > 0 ? (JSON.parse(req.body.toString('utf8')) as unknown) : undefined;
    if (resourcePath === '$batch' || resourcePath.toLowerCase() === '%24batch') {
      if (req.method !== 'POST') throw new GraphHttpError(405, 'BadRequest', 'The $batch endpoint only accepts POST.');
      const outcome = await executeBatch(core, tenant, principal, version, body);
      res = { ...outcome.response, headers: { ...responseHeaders(ids), ...outcome.response.headers } };
      batch = outcome.parts;
    } else {
      res = await executeGraphCall(core, tenant, principal, {
        method: req.method,
        path: resourcePath,
        query: req.url.searchParams,
        version,
        headers: req.headers,
        body,
      });
    }
  } catch (err) {
    res = errorResponse(err, ids);
  }
  const entry = logEntry(req, res, 'graph', tenant, principal.clientId);
  // Whose delegated token made the call (null: the app itself), so writes can be traced to a person.
  entry.userId = principal.kind === 'user' ? (principal.userId ?? null) : null;
  if (batch) entry.batch = batch;
  core.record(tenant, entry);
  return res;
}

export async function route(core: SimulatorCore, req: SimRequest): Promise<SimResponse> {
  const path = req.url.pathname;
  const botFramework = handleBotFramework(core, req);
  if (botFramework) return botFramework;
  if (path === '/_sim' || path.startsWith('/_sim/')) return handleAdmin(core, req);

  const graph = /^\/(v1\.0|beta)(?:\/(.*))?$/.exec(path);
  if (graph) {
    const version = graph[1] as GraphVersion;
    const resourcePath = graph[2] ?? '';
    if (resourcePath === '') {
      const ids = requestIds(req.headers);
      return errorResponse(new GraphHttpError(400, 'BadRequest', 'Invalid request: no resource specified.'), ids);
    }
    return handleGraph(core, req, version, resourcePath);
  }

  const tokenService = handleBotTokenService(core, req);
  if (tokenService) {
    core.record(tokenService.tenant, logEntry(req, tokenService.response, 'identity', tokenService.tenant, null));
    return tokenService.response;
  }

  // The sign-in page (sim/signin): what Entra shows a user for an app's authorize URL.
  const signIn = handleSignIn(core, req);
  if (signIn) {
    core.record(signIn.tenant, logEntry(req, signIn.response, 'identity', signIn.tenant, signIn.clientId ?? null));
    return signIn.response;
  }

  const identity = await handleIdentity(core, req);
  if (identity) {
    core.record(
      identity.tenant,
      logEntry(req, identity.response, 'identity', identity.tenant, identity.clientId ?? null),
    );
    return identity.response;
  }
  return json(404, { error: { code: 'NotFound', message: `No simulator endpoint at ${path}.` } });
}
