/**
 * What facts gathering needs from a Graph connection: the graph-client instance, the version root
 * (to make @odata.nextLink relative for batching), the connection's counters and an optional
 * per-round hook.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { BatchReader } from './batch-reader';
import type { BatchOptions } from './batch';
import type { GraphConnection, GraphStats } from './client';
import type { TenantReadCache } from './tenant-read-cache';

export interface FactsConnection {
  client: Client;
  /** e.g. "https://graph.microsoft.com/v1.0" */
  versionRoot: string;
  /** The connection's counters (src/graph/client.ts): logical requests and HTTP round trips. */
  stats?: GraphStats;
  /** Called once per sequential wave of $batch POSTs. */
  onRoundTrip?: (httpRequests: number, parts: number) => void;
  batchOptions?: BatchOptions;
  /** Shared tenant-wide reads (policies, resource permissions), when the bot runs with the cache. */
  tenantReads?: TenantReadCache;
}

/** Adapts the bot's GraphConnection (src/graph/client.ts) for facts gathering and remedies. */
export function factsConnection(
  conn: GraphConnection,
  graphBaseUrl: string,
  version: 'v1.0' | 'beta' = 'v1.0',
): FactsConnection {
  return { client: conn.client, stats: conn.stats, versionRoot: `${graphBaseUrl.replace(/\/+$/, '')}/${version}` };
}

export function readerFor(conn: FactsConnection): BatchReader {
  return new BatchReader({ client: conn.client, onRoundTrip: conn.onRoundTrip }, conn.versionRoot, conn.batchOptions);
}
