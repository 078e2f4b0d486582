/**
 * A loopback HTTP server standing in for the Bot Connector (the activity's serviceUrl). It records
 * every call the bot makes and answers the way the connector does: `{id}` for sends/updates and a
 * new conversation for POST /v3/conversations.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface ConnectorCall {
  method: string;
  path: string;
  /** Conversation id from the path, when there is one. */
  conversationId: string | null;
  /** Activity id from the path (reply-to / update target), when there is one. */
  activityId: string | null;
  authorization: string | null;
  body: Record<string, unknown>;
  /** The id the connector answered with. */
  responseId: string;
}

export interface FakeConnector {
  serviceUrl: string;
  calls: ConnectorCall[];
  /** Message activities the bot sent (send, reply or createConversation's initial activity). */
  sentMessages(): Array<Record<string, unknown>>;
  /** Resolves with the first call (already made or future) matching the predicate. */
  waitFor(predicate: (call: ConnectorCall) => boolean): Promise<ConnectorCall>;
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const waiters: Array<{ predicate: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }> = [];

  const server: Server = createServer((req, res) => {
    void readJson(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://connector');
      const path = url.pathname;
      const match = ACTIVITY_PATH.exec(path);
      const responseId = randomUUID();
      let answer: Record<string, unknown> = { id: responseId };
      if (req.method === 'POST' && path.replace(/\/$/, '') === '/v3/conversations') {
        answer = { id: `a:${randomUUID()}`, activityId: responseId };
      }
      const call: ConnectorCall = {
        method: req.method ?? 'GET',
        path,
        conversationId: match ? decodeURIComponent(match[1]) : null,
        activityId: match?.[2] ? decodeURIComponent(match[2]) : null,
        authorization: req.headers.authorization ?? null,
        body,
        responseId: String(answer.id),
      };
      calls.push(call);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(call)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      }
      const known = match || path.startsWith('/v3/conversations');
      res.writeHead(known ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(known ? answer : { error: { code: 'NotFound', message: path } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    sentMessages: () =>
      calls
        .filter((c) => c.method === 'POST')
        .map((c) =>
          c.path.replace(/\/$/, '') === '/v3/conversations'
            ? (c.body.activity as Record<string, unknown> | undefined)
            : c.body,
        )
        .filter((a): a is Record<string, unknown> => !!a && a.type === 'message'),
    waitFor: (predicate) => {
      const existing = calls.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch {
        resolve({ raw: text });
      }
    });
  });
}
