/**
 * A bot process's outgoing requests per message, named by destination: Table and Blob storage
 * (ports from the shared Azurite's connection string), the Bot Connector, Graph (the simulator),
 * anything else by port.
 * 412 answers are lost compare-and-set races; 409 an insert that found the row already there.
 */
import type { BotHttpCounts } from './bot-protocol';

function portOfEndpoint(connectionString: string, name: 'TableEndpoint' | 'BlobEndpoint'): string | null {
  const match = new RegExp(`${name}=([^;]+)`).exec(connectionString);
  return match ? new URL(match[1]).port : null;
}

/** Destination names by port for this run. */
export function destinations(serviceUrl: string, graphUrl: string): Record<string, string> {
  const cs = process.env.TEST_STORAGE_CONNECTION_STRING ?? '';
  const names: Record<string, string> = { [new URL(serviceUrl).port]: 'connector', [new URL(graphUrl).port]: 'graph' };
  const table = portOfEndpoint(cs, 'TableEndpoint');
  const blob = portOfEndpoint(cs, 'BlobEndpoint');
  if (table) names[table] = 'table';
  if (blob) names[blob] = 'blob';
  return names;
}

/** Requests per message between two counts, keyed "<destination> <method> <status> <table>", largest first. */
export function requestsPerMessage(
  before: BotHttpCounts[],
  after: BotHttpCounts[],
  names: Record<string, string>,
  messages: number,
): Record<string, number> {
  const total: Record<string, number> = {};
  after.forEach((counts, i) => {
    for (const [key, n] of Object.entries(counts)) {
      const [port, ...rest] = key.split(' ');
      const named = [names[port] ?? `port ${port}`, ...rest].join(' ');
      total[named] = (total[named] ?? 0) + n - (before[i]?.[key] ?? 0);
    }
  });
  const per = Object.entries(total)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => [k, Math.round((n / Math.max(1, messages)) * 100) / 100] as const)
    .sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(per);
}
