/**
 * The one way this code base opens a Graph connection: the bot (src/runtime.ts), its /healthz
 * checks (src/index.ts), the CLI (`diagnose`, `doctor`) and the test harnesses all come here, so a
 * client certificate works wherever a client secret does.
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../config';
import { createGraphClient, type GraphClientOptions, type GraphConnection } from './client';

/** Where a Graph identity signs in and which Graph it calls. */
export interface GraphSettings {
  clientId: string;
  /** One of the two. */
  clientSecret?: string;
  clientCertificate?: { thumbprint: string; privateKey: string };
  /** Authority host without the tenant: https://login.microsoftonline.com or the simulator's URL. */
  authorityUrl: string;
  /** https://graph.microsoft.com or the simulator's URL (no version). */
  baseUrl: string;
}

export class GraphSettingsError extends Error {
  readonly code = 'GRAPH_SETTINGS';
}

/** Production: the configured Graph identity, with a client secret or a certificate. */
export function graphSettingsFromConfig(
  config: Config,
  readKey: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): GraphSettings {
  const { clientId, credential, authorityUrl, baseUrl } = config.graph;
  if (!clientId || !credential) {
    throw new GraphSettingsError(
      "GRAPH_CLIENT_ID and a credential (GRAPH_CLIENT_SECRET, or the bot's BOT_PASSWORD or certificate) are required for Graph",
    );
  }
  if (credential.kind === 'secret') return { clientId, clientSecret: credential.secret, authorityUrl, baseUrl };
  let privateKey: string;
  try {
    privateKey = readKey(credential.keyFile);
  } catch (err) {
    throw new GraphSettingsError(
      `BOT_CERT_KEY_FILE: cannot read the certificate's private key at ${credential.keyFile} (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  return { clientId, clientCertificate: { thumbprint: credential.thumbprint, privateKey }, authorityUrl, baseUrl };
}

/** The local simulator (one URL serves both sign-in and Graph), as one of its fixture's clients. */
export function simulatorGraphSettings(simUrl: string, client: { appId: string; secret: string }): GraphSettings {
  return { clientId: client.appId, clientSecret: client.secret, authorityUrl: simUrl, baseUrl: simUrl };
}

/** How this caller wants the connection to behave (retries, the per-request hook, the API version). */
export type ConnectionTuning = Pick<GraphClientOptions, 'retry' | 'beforeRequest' | 'defaultVersion'>;

export function connectGraph(
  settings: GraphSettings,
  tenantId: string,
  tuning: ConnectionTuning = {},
): GraphConnection {
  return createGraphClient({
    tenantId,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    clientCertificate: settings.clientCertificate,
    authorityUrl: `${settings.authorityUrl.replace(/\/+$/, '')}/${tenantId}`,
    graphBaseUrl: settings.baseUrl,
    ...tuning,
  });
}
