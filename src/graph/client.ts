/**
 * The bot's connection to Microsoft Graph: app-only tokens from @azure/msal-node (client
 * credentials, cached) and @microsoft/microsoft-graph-client with its RetryHandler (honours
 * Retry-After, fractional included), plus counters for logical requests and HTTP round trips.
 *
 * Against the local simulator: authorityUrl `https://localhost:PORT/{tenantId}`, graphBaseUrl
 * `https://localhost:PORT` (the process must trust the simulator CA; npm scripts arrange that).
 * Against a real tenant: authorityUrl `https://login.microsoftonline.com/{tenant}`, graphBaseUrl
 * `https://graph.microsoft.com`.
 */
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import {
  AuthenticationHandler,
  Client,
  RetryHandler,
  RetryHandlerOptions,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { NodeHttpMessageHandler } from './node-http-handler';

export interface GraphClientOptions {
  tenantId: string;
  clientId: string;
  /** One of clientSecret or clientCertificate (SHA-1 thumbprint + PEM private key). */
  clientSecret?: string;
  clientCertificate?: { thumbprint: string; privateKey: string };
  /** e.g. https://localhost:PORT/{tenantId} or https://login.microsoftonline.com/{tenantId} */
  authorityUrl: string;
  /** e.g. https://localhost:PORT or https://graph.microsoft.com */
  graphBaseUrl: string;
  /** Graph API version used for relative paths (default v1.0). */
  defaultVersion?: 'v1.0' | 'beta';
  /** RetryHandler settings (defaults: 3 retries, 3 s base delay; Retry-After always wins). */
  retry?: { maxRetries?: number; delaySeconds?: number };
  /**
   * Called before each logical request is sent (retries excluded) with its part count and whether
   * it writes; may throw to refuse it (the per-message Graph budget; the tenant-read cache's
   * invalidation on the bot's own writes: src/runtime.ts).
   */
  beforeRequest?: (request: { parts: number; write: boolean }) => void;
}

export interface GraphStats {
  /** Logical requests: one per API call, a $batch counting its parts, retries not counted. */
  requests: number;
  /** HTTP requests actually sent to Graph (retries and pages included). */
  roundTrips: number;
}

export interface GraphConnection {
  client: Client;
  stats: GraphStats;
  resetStats(): void;
  /** An access token for Graph (from msal's cache when still valid). */
  getAccessToken(): Promise<string>;
}

/** Hosts msal knows natively; any other authority host must be declared a known authority. */
const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
]);

const TOKEN_RENEW_BEFORE_MS = 5 * 60_000;

const GRAPH_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

function graphScope(graphBaseUrl: string): string {
  // The simulator and Graph both use Graph's resource id; only sovereign clouds differ.
  const host = new URL(graphBaseUrl).hostname;
  return GRAPH_HOSTS.has(host) ? `https://${host}/.default` : 'https://graph.microsoft.com/.default';
}

function batchPartCount(context: Context): number {
  const url = typeof context.request === 'string' ? context.request : context.request.url;
  if (!/\/\$batch(\?|$)/.test(url)) return 1;
  const body = context.options?.body;
  if (typeof body !== 'string') return 1;
  try {
    const parsed = JSON.parse(body) as { requests?: unknown[] };
    return Array.isArray(parsed.requests) ? parsed.requests.length : 1;
  } catch {
    return 1;
  }
}

/** A request that changes the tenant: any method but GET, or a $batch with a part that is not a GET. */
function isWrite(context: Context): boolean {
  const url = typeof context.request === 'string' ? context.request : context.request.url;
  const method = (
    context.options?.method ??
    (typeof context.request === 'string' ? 'GET' : context.request.method) ??
    'GET'
  ).toUpperCase();
  if (!/\/\$batch(\?|$)/.test(url)) return method !== 'GET';
  const body = context.options?.body;
  if (typeof body !== 'string') return true;
  try {
    const parsed = JSON.parse(body) as { requests?: Array<{ method?: unknown }> };
    return (
      !Array.isArray(parsed.requests) || parsed.requests.some((r) => String(r.method ?? 'GET').toUpperCase() !== 'GET')
    );
  } catch {
    return true;
  }
}

class CountingMiddleware implements Middleware {
  private next?: Middleware;

  constructor(private readonly count: (context: Context) => void) {}

  async execute(context: Context): Promise<void> {
    this.count(context);
    if (this.next) await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function credentialOf(
  opts: GraphClientOptions,
): { clientSecret: string } | { clientCertificate: { thumbprint: string; privateKey: string } } {
  if (opts.clientCertificate) return { clientCertificate: opts.clientCertificate };
  if (opts.clientSecret) return { clientSecret: opts.clientSecret };
  throw new Error('createGraphClient: a client secret or a client certificate is required');
}

export function createGraphClient(opts: GraphClientOptions): GraphConnection {
  const authority = opts.authorityUrl.replace(/\/+$/, '');
  const authorityHost = new URL(authority).host;
  const graphBase = opts.graphBaseUrl.replace(/\/+$/, '');
  const graphHost = new URL(graphBase).hostname;

  const config: Configuration = {
    auth: {
      clientId: opts.clientId,
      ...credentialOf(opts),
      authority,
      // A non-Microsoft authority (the simulator) must be known, so msal never asks
      // login.microsoftonline.com for instance discovery and fetches metadata from the authority itself.
      ...(MICROSOFT_AUTHORITY_HOSTS.has(new URL(authority).hostname) ? {} : { knownAuthorities: [authorityHost] }),
    },
    system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } },
  };
  const msal = new ConfidentialClientApplication(config);
  const scope = graphScope(graphBase);

  // msal's own cache lookup costs about a millisecond of CPU per call, and every Graph request asks:
  // the token is kept here until five minutes before it expires (msal then renews it as usual).
  let held: { token: string; renewAt: number } | null = null;
  const getAccessToken = async (): Promise<string> => {
    if (held && Date.now() < held.renewAt) return held.token;
    const result = await msal.acquireTokenByClientCredential({ scopes: [scope] });
    if (!result?.accessToken) throw new Error(`No access token for ${opts.clientId} from ${authority}`);
    const expiresAt = result.expiresOn?.getTime() ?? 0;
    held = expiresAt > 0 ? { token: result.accessToken, renewAt: expiresAt - TOKEN_RENEW_BEFORE_MS } : null;
    return result.accessToken;
  };
  const authProvider: AuthenticationProvider = { getAccessToken };

  const stats: GraphStats = { requests: 0, roundTrips: 0 };
  const requestCounter = new CountingMiddleware((ctx) => {
    const parts = batchPartCount(ctx);
    opts.beforeRequest?.({ parts, write: isWrite(ctx) });
    stats.requests += parts;
  });
  const roundTripCounter = new CountingMiddleware(() => {
    stats.roundTrips += 1;
  });
  const retry = new RetryHandler(new RetryHandlerOptions(opts.retry?.delaySeconds ?? 3, opts.retry?.maxRetries ?? 3));

  const client = Client.initWithMiddleware({
    middleware: [
      requestCounter,
      new AuthenticationHandler(authProvider),
      retry,
      roundTripCounter,
      new NodeHttpMessageHandler(),
    ],
    baseUrl: graphBase,
    defaultVersion: opts.defaultVersion ?? 'v1.0',
    customHosts: GRAPH_HOSTS.has(graphHost) ? undefined : new Set([graphHost]),
  });

  return {
    client,
    stats,
    resetStats: () => {
      stats.requests = 0;
      stats.roundTrips = 0;
    },
    getAccessToken,
  };
}
