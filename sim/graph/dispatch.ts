/**
 * Executes one Graph request (a direct HTTP request or a $batch part): faults, routing, least
 * privilege, the handler, and Graph's response headers and error shape.
 */
import { randomUUID } from 'node:crypto';
import type { SimulatorCore } from '../core';
import { GraphHttpError, graphErrorBody, methodNotAllowed, segmentNotFound, type RequestIds } from '../errors';
import type { SimResponse } from '../http';
import { requirePermission } from '../permissions';
import { requireDelegatedWriteRole } from './delegated-roles';
import type { TenantRuntime } from '../state';
import { graphJson } from './collection';
import type { GraphContext, GraphVersion, HttpMethod, Principal, Route } from './context';
import { ROUTES } from './routes';

export interface GraphCall {
  method: string;
  /** Path after the version, e.g. "users/x/memberOf" (raw, percent-encoded). */
  path: string;
  query: URLSearchParams;
  version: GraphVersion;
  headers: Record<string, string>;
  body: unknown;
}

const CAST_PREFIX = 'microsoft.graph.';

interface ParsedPath {
  segments: string[];
  countSegment: boolean;
  cast: string | null;
}

/**
 * Splits a resource path into segments; `servicePrincipals(appId='x')` becomes
 * ["servicePrincipals", "(appId='x')"] so alternate keys fill the same {id} slot as object ids.
 */
export function parseResourcePath(path: string): ParsedPath {
  const segments: string[] = [];
  for (const raw of path.split('/').filter(Boolean)) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      seg = raw;
    }
    const alt = /^([A-Za-z]+)(\(.*\))$/.exec(seg);
    if (alt) segments.push(alt[1], alt[2]);
    else segments.push(seg);
  }
  let countSegment = false;
  let cast: string | null = null;
  if (segments.length > 1 && segments[segments.length - 1] === '$count') {
    countSegment = true;
    segments.pop();
  }
  const last = segments[segments.length - 1];
  if (segments.length > 1 && last?.toLowerCase().startsWith(CAST_PREFIX)) {
    cast = last;
    segments.pop();
  }
  return { segments, countSegment, cast };
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith('{') && p.endsWith('}')) params[p.slice(1, -1)] = segments[i];
    else if (p.toLowerCase() !== segments[i].toLowerCase()) return null;
  }
  return params;
}

const COMPILED = ROUTES.map((r) => ({ route: r, pattern: r.pattern.split('/') }));

export function findRoute(
  method: string,
  version: GraphVersion,
  segments: string[],
): { route: Route; params: Record<string, string> } {
  let pathMatched = false;
  for (const { route, pattern } of COMPILED) {
    if (route.versions && !route.versions.includes(version)) continue;
    const params = matchPattern(pattern, segments);
    if (!params) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  if (pathMatched) throw methodNotAllowed();
  // Graph names the first segment it cannot resolve.
  const known = new Set(COMPILED.map((c) => c.pattern[0].toLowerCase()));
  const bad =
    segments.find((s, i) => (i === 0 ? !known.has(s.toLowerCase()) : false)) ?? segments[segments.length - 1] ?? '';
  throw segmentNotFound(bad);
}

export function requestIds(headers: Record<string, string>): RequestIds {
  const requestId = randomUUID();
  return { requestId, clientRequestId: headers['client-request-id'] ?? requestId };
}

export function responseHeaders(ids: RequestIds): Record<string, string> {
  return {
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId ?? ids.requestId,
    'x-ms-ags-diagnostic': JSON.stringify({
      ServerInfo: { DataCenter: 'Local Simulator', Slice: 'E', Ring: '1', ScaleUnit: '000', RoleInstance: 'localhost' },
    }),
    'strict-transport-security': 'max-age=31536000',
    'cache-control': 'no-cache',
  };
}

export function errorResponse(err: unknown, ids: RequestIds): SimResponse {
  if (err instanceof GraphHttpError) {
    return graphJson(err.status, graphErrorBody(err.code, err.message, ids), {
      ...responseHeaders(ids),
      ...err.headers,
    });
  }
  if (err instanceof SyntaxError) {
    return graphJson(
      400,
      graphErrorBody(
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
        ids,
      ),
      responseHeaders(ids),
    );
  }
  return graphJson(
    500,
    graphErrorBody(
      'generalException',
      `General exception while processing: ${(err as Error)?.message ?? String(err)}`,
      ids,
    ),
    responseHeaders(ids),
  );
}

/** Runs one Graph request for an authenticated principal. Never throws. */
export async function executeGraphCall(
  core: SimulatorCore,
  tenant: TenantRuntime,
  principal: Principal,
  call: GraphCall,
): Promise<SimResponse> {
  const ids = requestIds(call.headers);
  try {
    const fault = tenant.faults.check(
      `/${call.version}/${call.path}${call.query.size > 0 ? `?${call.query.toString()}` : ''}`,
    );
    if (fault) throw fault;
    const parsed = parseResourcePath(call.path);
    const method = call.method.toUpperCase() as HttpMethod;
    const { route, params } = findRoute(method, call.version, parsed.segments);
    requirePermission(principal.permissions, route.permission);
    const ctx: GraphContext = {
      core,
      tenant,
      principal,
      version: call.version,
      method,
      path: parsed.segments
        .map((s) => (s.startsWith('(') ? s : encodeURIComponent(s)))
        .join('/')
        .replace(/\/\(/g, '('),
      query: call.query,
      headers: call.headers,
      body: call.body,
      countSegment: parsed.countSegment,
      cast: parsed.cast,
    };
    requireDelegatedWriteRole(ctx, route.permission, params);
    const res = await route.handle(ctx, params);
    return { ...res, headers: { ...responseHeaders(ids), ...res.headers } };
  } catch (err) {
    return errorResponse(err, ids);
  }
}
