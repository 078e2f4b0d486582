/**
 * TableClient factory. One place decides how a connection string becomes a client, so the
 * emulator's plain-http endpoint is allowed only when the connection string points at it.
 */
import { TableClient } from '@azure/data-tables';
import { toStoreError } from './errors';

export const TABLES = {
  requests: 'requests',
  audit: 'audit',
  conversations: 'conversations',
  digestSlots: 'digestSlots',
  limitCounters: 'limitCounters',
  watch: 'watch',
} as const;

const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

/** True for UseDevelopmentStorage=true or explicit http:// endpoints (Azurite on loopback). */
function isInsecureEndpoint(connectionString: string): boolean {
  return (
    /UseDevelopmentStorage=true/i.test(connectionString) ||
    /(TableEndpoint|BlobEndpoint)=http:\/\//i.test(connectionString) ||
    /DefaultEndpointsProtocol=http;/i.test(connectionString)
  );
}

export function tableClient(connectionString: string, tableName: string): TableClient {
  if (!TABLE_NAME.test(tableName))
    throw new Error(`invalid table name "${tableName}" (letters and digits, 3-63, starting with a letter)`);
  return TableClient.fromConnectionString(connectionString, tableName, {
    allowInsecureConnection: isInsecureEndpoint(connectionString),
  });
}

/** Creates the table when missing (the SDK treats "already exists" as success). */
export async function ensureTable(client: TableClient): Promise<TableClient> {
  try {
    await client.createTable();
  } catch (err) {
    throw toStoreError(err, `table ${client.tableName}`);
  }
  return client;
}
