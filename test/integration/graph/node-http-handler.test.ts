/**
 * The Graph client's last middleware (src/graph/node-http-handler.ts) against a plain local HTTP
 * server, for what the simulator never does: redirects, compressed bodies, bodiless statuses, a
 * keep-alive socket closed under a request, a refused connection, an abort. Every other test reaches
 * the simulator through it, so Graph's own shapes, batching and throttling are covered there.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import {
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { keepAliveAgents, NodeHttpMessageHandler } from '../../../src/graph/node-http-handler';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let base: string;
let other: http.Server;
let otherBase: string;
const seen: Seen[] = [];
let onRequest: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void = () => undefined;

/** Answers without chaining: restify, loaded by other suites in the same worker, patches writeHead to return nothing. */
function answer(
  res: http.ServerResponse,
  status: number,
  headers: http.OutgoingHttpHeaders = {},
  body?: string | Buffer,
) {
  res.writeHead(status, headers);
  res.end(body);
}

function listen(handler: http.RequestListener): Promise<{ server: http.Server; base: string }> {
  const s = http.createServer(handler);
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve({ server: s, base: `http://127.0.0.1:${(s.address() as AddressInfo).port}` }),
    ),
  );
}

beforeAll(async () => {
  ({ server, base } = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      onRequest(req, res, body);
    });
  }));
  ({ server: other, base: otherBase } = await listen((req, res) => {
    seen.push({ method: req.method ?? '', url: `other:${req.url}`, headers: req.headers, body: '' });
    answer(res, 200, { 'content-type': 'application/json' }, '{"from":"other"}');
  }));
});

afterAll(async () => {
  for (const s of [server, other]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

beforeEach(() => {
  seen.length = 0;
});

/** A Graph client whose chain is `middleware`, against the local server. */
function clientOver(middleware: Middleware): Client {
  return Client.initWithMiddleware({ middleware, baseUrl: base, customHosts: new Set(['127.0.0.1']) });
}

async function execute(request: string, options: RequestInit = {}): Promise<Response> {
  const context: Context = { request, options };
  await new NodeHttpMessageHandler(keepAliveAgents()).execute(context);
  return context.response as Response;
}

describe('the Graph client over node:http', () => {
  it('sends method, headers and body, and hands back a Response the client reads', async () => {
    onRequest = (_req, res, body) =>
      answer(res, 201, { 'content-type': 'application/json', 'x-ms-ags-diagnostic': 'a' }, body);
    const client = clientOver(new NodeHttpMessageHandler(keepAliveAgents()));
    const created = (await client.api('/oauth2PermissionGrants').post({ scope: 'Files.Read' })) as unknown;
    expect(created).toEqual({ scope: 'Files.Read' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1.0/oauth2PermissionGrants' });
    expect(seen[0].headers['content-type']).toMatch(/application\/json/);
    expect(seen[0].headers['content-length']).toBe(String(Buffer.byteLength(seen[0].body)));
  });

  it("Graph's error bodies reach the client's error handling with their status and code", async () => {
    onRequest = (_req, res) =>
      answer(
        res,
        403,
        { 'content-type': 'application/json', 'request-id': 'r-1' },
        JSON.stringify({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } }),
      );
    const client = clientOver(new NodeHttpMessageHandler(keepAliveAgents()));
    await expect(client.api('/users').get()).rejects.toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
    });
  });

  it('429 with Retry-After goes through the RetryHandler above it, then succeeds', async () => {
    let calls = 0;
    onRequest = (_req, res) => {
      calls += 1;
      if (calls === 1) answer(res, 429, { 'retry-after': '0.05' });
      else answer(res, 200, { 'content-type': 'application/json' }, '{"value":[]}');
    };
    const retry = new RetryHandler(new RetryHandlerOptions(0.05, 2));
    retry.setNext(new NodeHttpMessageHandler(keepAliveAgents()));
    const client = clientOver(retry);
    await expect(client.api('/users').get()).resolves.toEqual({ value: [] });
    expect(calls).toBe(2);
  });

  it('decodes a gzip body and drops the wire encoding from the headers', async () => {
    onRequest = (_req, res) =>
      answer(
        res,
        200,
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        zlib.gzipSync('{"value":[1,2,3]}'),
      );
    const response = await execute(`${base}/v1.0/x`);
    expect(await response.json()).toEqual({ value: [1, 2, 3] });
    expect(response.headers.get('content-encoding')).toBeNull();
  });

  it('a 204 has no body', async () => {
    onRequest = (_req, res) => answer(res, 204);
    const response = await execute(`${base}/v1.0/x`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('follows redirects as fetch does: 303 becomes a GET, and the token never goes to another origin', async () => {
    onRequest = (req, res) => {
      if (req.url === '/moved') answer(res, 303, { location: '/here' });
      else if (req.url === '/away') answer(res, 307, { location: `${otherBase}/there` });
      else answer(res, 200, { 'content-type': 'application/json' }, '{"ok":true}');
    };
    const moved = await execute(`${base}/moved`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await moved.json()).toEqual({ ok: true });
    expect(seen.map((s) => [s.method, s.url])).toEqual([
      ['POST', '/moved'],
      ['GET', '/here'],
    ]);
    expect(seen[1].headers.authorization).toBe('Bearer t');

    seen.length = 0;
    const away = await execute(`${base}/away`, { headers: { authorization: 'Bearer t' } });
    expect(await away.json()).toEqual({ from: 'other' });
    expect(seen[1]).toMatchObject({ url: 'other:/there' });
    expect(seen[1].headers.authorization).toBeUndefined();
  });

  it('a connection the server drops under a request fails it, as fetch does: nothing is sent twice', async () => {
    const handler = new NodeHttpMessageHandler(keepAliveAgents());
    const send = async (method: string) => {
      const context: Context = {
        request: `${base}/v1.0/x`,
        options: { method, body: method === 'GET' ? undefined : '{}' },
      };
      await handler.execute(context);
      return context.response as Response;
    };
    let drop = false;
    onRequest = (req, res) => {
      if (drop) req.socket.destroy();
      else answer(res, 200, { 'content-type': 'application/json' }, '{}');
    };
    expect((await send('GET')).status).toBe(200);
    drop = true;
    for (const method of ['GET', 'POST']) await expect(send(method)).rejects.toThrow('fetch failed');
    expect(seen.map((s) => s.method)).toEqual(['GET', 'GET', 'POST']);
    drop = false;
    expect((await send('GET')).status).toBe(200);
  });

  it('a connection that closes half-way through the body fails the request, gzip or not', async () => {
    for (const encoding of ['identity', 'gzip']) {
      onRequest = (req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': '1000',
          'content-encoding': encoding,
        });
        res.write(encoding === 'gzip' ? zlib.gzipSync('{"value":[').subarray(0, 12) : '{"value":[');
        setTimeout(() => req.socket.destroy(), 20);
      };
      await expect(execute(`${base}/v1.0/half`)).rejects.toThrow('fetch failed');
    }
  });

  it('a refused connection fails like fetch (TypeError "fetch failed" with the cause), and an abort rejects with its reason', async () => {
    const closed = await listen(() => undefined);
    await new Promise((r) => closed.server.close(r));
    const refused = execute(`${closed.base}/v1.0/x`);
    await expect(refused).rejects.toBeInstanceOf(TypeError);
    await expect(refused).rejects.toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });

    onRequest = () => undefined; // never answers
    const controller = new AbortController();
    const pending = execute(`${base}/v1.0/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('gave up')), 20);
    await expect(pending).rejects.toThrow('gave up');
  });
});
