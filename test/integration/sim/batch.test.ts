/**
 * JSON batching at /$batch through the Graph client's BatchRequestContent/BatchResponseContent:
 * per-part status/headers/body, dependsOn, 424 for failed dependencies, the 20-request limit, and
 * throttled parts (429 with Retry-After; the batch itself stays 200).
 */
import {
  BatchRequestContent,
  BatchResponseContent,
  type BatchRequestStep,
  type GraphError,
} from '@microsoft/microsoft-graph-client';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { SIM_BASIC, SIM_BASIC_FIXTURE, simGraphConnection, withSimulator } from '../../helpers/sim';

const h = withSimulator({ fixtures: [SIM_BASIC_FIXTURE] });
const T = SIM_BASIC.tenantId;
// graph-client 3.0.7's BatchRequestContent strips only the host, so the version must not be in the
// URL (Graph answers "Resource not found for the segment 'v1.0'" otherwise; msgraph-sdk-javascript#1178).
const BASE = 'https://graph.invalid';

function step(id: string, url: string, init: RequestInit = {}, dependsOn?: string[]): BatchRequestStep {
  return { id, request: new Request(`${BASE}${url}`, init), ...(dependsOn ? { dependsOn } : {}) };
}

type RawPart = {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
};

async function send(steps: BatchRequestStep[] | RawPart[]) {
  const graph = simGraphConnection(h.sim, T);
  const body =
    'request' in steps[0]
      ? await new BatchRequestContent(steps as BatchRequestStep[]).getContent()
      : { requests: steps };
  const raw = (await graph.client.api('/$batch').post(body)) as {
    responses: Array<{ id: string; status: number; headers: Record<string, string>; body: unknown }>;
  };
  return { graph, raw, byId: new Map(raw.responses.map((r) => [r.id, r])), content: new BatchResponseContent(raw) };
}

describe('JSON batching', () => {
  it('runs parts with their own status, headers and body; one round trip, one log entry with parts', async () => {
    h.sim.clearLog(T);
    const { graph, byId, content } = await send([
      step('sp', `/servicePrincipals?$filter=appId eq '${MICROSOFT_GRAPH_APP_ID}'&$select=id`),
      step('user', `/users/${SIM_BASIC.users.alice}?$select=id,accountEnabled`),
      step('missing', '/users/nobody@contoso.example'),
    ]);
    expect(byId.get('sp')).toMatchObject({
      status: 200,
      headers: expect.objectContaining({ 'Content-Type': expect.stringContaining('application/json') }),
    });
    expect((byId.get('sp')!.body as { value: unknown[] }).value).toEqual([{ id: SIM_BASIC.sp.graph }]);
    expect(byId.get('user')!.body).toMatchObject({ id: SIM_BASIC.users.alice, accountEnabled: true });
    expect(byId.get('missing')).toMatchObject({ status: 404, body: { error: { code: 'Request_ResourceNotFound' } } });
    expect(content.getResponseById('user').status).toBe(200);
    expect(graph.stats).toEqual({ requests: 3, roundTrips: 1 });
    const graphEntries = h.sim.log(T).filter((e) => e.kind === 'graph');
    expect(graphEntries).toHaveLength(1);
    expect(graphEntries[0]).toMatchObject({
      method: 'POST',
      path: '/v1.0/$batch',
      status: 200,
      clientId: SIM_BASIC.botClientId,
    });
    expect(graphEntries[0].batch).toEqual([
      { id: 'sp', method: 'GET', url: expect.stringContaining('/servicePrincipals'), status: 200 },
      { id: 'user', method: 'GET', url: expect.stringContaining('/users/'), status: 200 },
      { id: 'missing', method: 'GET', url: '/users/nobody@contoso.example', status: 404 },
    ]);
  });

  it('honours dependsOn order and answers 424 when a dependency failed', async () => {
    const grant = {
      clientId: SIM_BASIC.sp.expenses,
      consentType: 'Principal',
      principalId: SIM_BASIC.users.bob,
      resourceId: SIM_BASIC.sp.sharePoint,
      scope: 'MyFiles.Read',
    };
    const json = { 'Content-Type': 'application/json' };
    const { byId } = await send([
      // listed out of order on purpose: dependsOn decides
      { id: 'after', method: 'GET', url: '/users/bob@contoso.example?$select=id', dependsOn: ['again'] },
      {
        id: 'list',
        method: 'GET',
        url: `/oauth2PermissionGrants?$filter=clientId eq '${SIM_BASIC.sp.expenses}' and principalId eq '${SIM_BASIC.users.bob}'`,
        dependsOn: ['create'],
      },
      { id: 'create', method: 'POST', url: '/oauth2PermissionGrants', headers: json, body: grant },
      { id: 'again', method: 'POST', url: '/oauth2PermissionGrants', headers: json, body: grant, dependsOn: ['list'] },
    ]);
    expect(byId.get('create')!.status).toBe(201);
    expect((byId.get('list')!.body as { value: unknown[] }).value).toHaveLength(1); // ran after the create
    expect(byId.get('again')).toMatchObject({
      status: 400,
      body: { error: { code: 'Request_BadRequest', message: 'Permission entry already exists.' } },
    });
    expect(byId.get('after')).toMatchObject({ status: 424, body: { error: { code: 'FailedDependency' } } });
  });

  it('refuses more than 20 requests with 400', async () => {
    const graph = simGraphConnection(h.sim, T);
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/organization' }));
    await expect(graph.client.api('/$batch').post({ requests })).rejects.toMatchObject<Partial<GraphError>>({
      statusCode: 400,
    });
    const ok = (await graph.client.api('/$batch').post({ requests: requests.slice(0, 20) })) as {
      responses: unknown[];
    };
    expect(ok.responses).toHaveLength(20);
  });

  it('throttled parts are 429 with Retry-After, their dependents 424, the batch 200', async () => {
    h.sim.setFaults(T, { throttle: { count: 1, retryAfterSeconds: 0.5, pathPattern: 'servicePrincipals' } });
    try {
      const { byId } = await send([
        { id: 'users', method: 'GET', url: '/users?$select=id' },
        { id: 'sp', method: 'GET', url: '/servicePrincipals?$select=id' },
        { id: 'dependent', method: 'GET', url: '/organization', dependsOn: ['sp'] },
      ]);
      expect(byId.get('users')!.status).toBe(200);
      expect(byId.get('sp')).toMatchObject({
        status: 429,
        headers: expect.objectContaining({ 'Retry-After': '0.5' }),
        body: { error: { code: 'TooManyRequests' } },
      });
      expect(byId.get('dependent')!.status).toBe(424);
    } finally {
      h.sim.setFaults(T, {});
    }
  });

  it('a part URL that includes the version is refused like Graph does', async () => {
    const { byId } = await send([{ id: '1', method: 'GET', url: '/v1.0/organization' }]);
    expect(byId.get('1')).toMatchObject({
      status: 400,
      body: { error: { message: "Resource not found for the segment 'v1.0'." } },
    });
  });

  it('parts carry their own headers: ConsistencyLevel applies per part', async () => {
    const { byId } = await send([
      step('plain', '/users/$count'),
      step('eventual', '/users?$count=true&$select=id', { headers: { ConsistencyLevel: 'eventual' } }),
    ]);
    expect(byId.get('plain')!.status).toBe(400);
    expect(byId.get('eventual')).toMatchObject({ status: 200, body: { '@odata.count': 5 } });
  });
});
