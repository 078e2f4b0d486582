/**
 * JSON batching: POST /{version}/$batch {"requests":[{id, method, url, headers?, body?, dependsOn?}]}.
 *  - at most 20 requests (else 400); ids unique ignoring case; dependsOn must name parts of the same
 *    batch, no cycles; a part with a body must say its Content-Type
 *    (learn.microsoft.com/graph/json-batching: "Request format", "Response format");
 *  - the responses come back in any order (Graph does not keep the request order): the simulator
 *    shuffles them, so a client that depends on the order fails here rather than in production;
 *  - each part runs like a direct request (own headers — e.g. ConsistencyLevel must be on the part —,
 *    permissions, faults) and gets its own status, headers and body;
 *  - a part whose dependency did not succeed is 424 Failed Dependency;
 *  - throttled parts are 429 with their own Retry-After.
 * The batch itself answers 200 whenever the envelope is valid, also when parts were throttled
 * (Graph's documented behaviour for individual throttled requests; clients must retry those parts
 * themselves — the graph-client RetryHandler only sees the 200). Faults are drawn per part, never
 * for the envelope.
 */
import type { SimulatorCore } from './core';
import { GraphHttpError, graphErrorBody } from './errors';
import type { Principal, GraphVersion } from './graph/context';
import { executeGraphCall, requestIds } from './graph/dispatch';
import { graphJson } from './graph/collection';
import type { SimResponse } from './http';
import type { RequestLogEntry, TenantRuntime } from './state';

export const MAX_BATCH_REQUESTS = 20;

interface BatchPart {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

const batchError = (message: string) => new GraphHttpError(400, 'BadRequest', message);

function parseParts(body: unknown): BatchPart[] {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests)) throw batchError('Invalid batch payload format.');
  if (requests.length === 0) throw batchError('The batch request must contain at least one request.');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw batchError(
      `The number of requests in a batch cannot exceed ${MAX_BATCH_REQUESTS}; this batch has ${requests.length}.`,
    );
  }
  const ids = new Set<string>();
  const parts = requests.map((raw: unknown, i): BatchPart => {
    const r = raw as Record<string, unknown>;
    if (!r || typeof r !== 'object') throw batchError(`Request ${i} in the batch is not an object.`);
    const id = r.id === undefined || r.id === null ? '' : String(r.id);
    if (id === '') throw batchError(`Request ${i} in the batch has no id.`);
    if (ids.has(id.toLowerCase()))
      throw batchError(`Request id '${id}' is used more than once in the batch (ids are compared ignoring case).`);
    ids.add(id.toLowerCase());
    if (typeof r.method !== 'string' || !/^(GET|POST|PATCH|PUT|DELETE)$/i.test(r.method))
      throw batchError(`Request '${id}' has an invalid method.`);
    if (typeof r.url !== 'string' || r.url === '' || /^https?:/i.test(r.url)) {
      throw batchError(`Request '${id}' must have a relative url, e.g. "/users/{id}".`);
    }
    const headers: Record<string, string> = {};
    if (r.headers && typeof r.headers === 'object') {
      for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
    }
    if (r.body !== undefined && r.body !== null && !headers['content-type']) {
      throw batchError(`Write request id : ${id} does not contain Content-Type header or body.`);
    }
    const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : [];
    return { id, method: r.method.toUpperCase(), url: r.url, headers, body: r.body, dependsOn };
  });
  for (const p of parts) {
    for (const d of p.dependsOn) {
      if (!ids.has(d.toLowerCase()))
        throw batchError(`Request '${p.id}' depends on '${d}', which is not in the batch.`);
      if (d.toLowerCase() === p.id.toLowerCase()) throw batchError(`Request '${p.id}' depends on itself.`);
    }
  }
  assertAcyclic(parts);
  return parts;
}

function assertAcyclic(parts: BatchPart[]): void {
  const byId = new Map(parts.map((p) => [p.id.toLowerCase(), p]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string) => {
    const key = id.toLowerCase();
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting')
      throw batchError(`The dependsOn relations in the batch form a cycle at '${id}'.`);
    state.set(key, 'visiting');
    byId.get(key)?.dependsOn.forEach(visit);
    state.set(key, 'done');
  };
  parts.forEach((p) => visit(p.id));
}

const PART_HEADERS = ['content-type', 'odata-version', 'cache-control', 'retry-after', 'location', 'client-request-id'];

function partHeaders(res: SimResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    const key = k.toLowerCase();
    if (!PART_HEADERS.includes(key)) continue;
    // Graph spells part headers in their canonical case.
    const canonical =
      key === 'retry-after'
        ? 'Retry-After'
        : key.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => `${dash}${c.toUpperCase()}`);
    out[canonical] = v;
  }
  return out;
}

/** Fisher-Yates: Graph answers batch parts in whatever order they finish. */
function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export interface BatchOutcome {
  response: SimResponse;
  parts: NonNullable<RequestLogEntry['batch']>;
}

export async function executeBatch(
  core: SimulatorCore,
  tenant: TenantRuntime,
  principal: Principal,
  version: GraphVersion,
  body: unknown,
  random: () => number = Math.random,
): Promise<BatchOutcome> {
  const parts = parseParts(body);
  const results = new Map<string, Promise<SimResponse>>();
  const run = (part: BatchPart): Promise<SimResponse> => {
    const existing = results.get(part.id);
    if (existing) return existing;
    const promise = (async () => {
      const deps = await Promise.all(
        part.dependsOn.map((d) => run(parts.find((p) => p.id.toLowerCase() === d.toLowerCase()) as BatchPart)),
      );
      if (deps.some((r) => r.status < 200 || r.status > 299)) {
        const ids = requestIds(part.headers);
        return graphJson(
          424,
          graphErrorBody(
            'FailedDependency',
            'Failed dependency: a request this request depends on did not succeed.',
            ids,
          ),
        );
      }
      const url = new URL(part.url.replace(/^\/?/, '/'), 'https://batch.invalid');
      return executeGraphCall(core, tenant, principal, {
        method: part.method,
        path: url.pathname.replace(/^\//, ''),
        query: url.searchParams,
        version,
        headers: part.headers,
        body: part.body,
      });
    })();
    results.set(part.id, promise);
    return promise;
  };
  const responses = await Promise.all(parts.map(run));
  const out = parts.map((p, i) => ({
    id: p.id,
    status: responses[i].status,
    headers: partHeaders(responses[i]),
    ...(responses[i].body !== undefined ? { body: responses[i].body } : {}),
  }));
  return {
    response: graphJson(200, { responses: shuffled(out, random) }),
    parts: parts.map((p, i) => ({ id: p.id, method: p.method, url: p.url, status: responses[i].status })),
  };
}
