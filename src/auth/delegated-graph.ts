/**
 * A Microsoft Graph connection that acts as the signed-in approver: their delegated token (from the
 * Bot Framework token service, src/teams/auth/approver-sign-in.ts) instead of the bot's app-only one.
 * Used only for the writes of one approval (and the reads that decide them), then dropped.
 * Same graph-client pipeline as the bot's own connection (src/graph/client.ts): RetryHandler for
 * throttling; the simulator or a sovereign cloud is named a custom host so the header is kept.
 */
import { AuthenticationHandler, Client, RetryHandler, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { NodeHttpMessageHandler } from '../graph/node-http-handler';
import type { RemedyTransport } from '../graph/remedies-http';
import type { ApproverToken } from './approver-token';

const MICROSOFT_GRAPH_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

export interface DelegatedWriter {
  approver: ApproverToken;
  transport: RemedyTransport;
}

/** `versionRoot`: the bot's Graph root with its version, e.g. https://graph.microsoft.com/v1.0. */
export function delegatedWriter(approver: ApproverToken, versionRoot: string): DelegatedWriter {
  const root = new URL(versionRoot);
  const version = root.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0';
  const client = Client.initWithMiddleware({
    middleware: [
      new AuthenticationHandler({ getAccessToken: () => Promise.resolve(approver.token) }),
      new RetryHandler(new RetryHandlerOptions(3, 3)),
      new NodeHttpMessageHandler(),
    ],
    baseUrl: root.origin,
    defaultVersion: version,
    customHosts: MICROSOFT_GRAPH_HOSTS.has(root.hostname) ? undefined : new Set([root.hostname]),
  });
  return { approver, transport: { client } };
}
