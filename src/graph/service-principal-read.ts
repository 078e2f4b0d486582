/**
 * One service principal by object id (GET /servicePrincipals/{id}, learn.microsoft.com/graph/api/
 * serviceprincipal-get): its app id, or null when this tenant has no such service principal (404, or
 * 400 for an id Graph cannot parse). Any other failure is a typed Graph error.
 */
import { isRecord, toGraphError } from './errors';
import { readerFor, type FactsConnection } from './facts-connection';

export async function readServicePrincipalAppId(
  conn: FactsConnection,
  servicePrincipalId: string,
): Promise<string | null> {
  const reader = readerFor(conn);
  await reader.round([
    { id: 'sp', url: `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}?$select=id,appId,displayName` },
  ]);
  const result = reader.results.get('sp');
  if (!result) return null;
  if (!result.ok) {
    if (result.failure.status === 404 || result.failure.status === 400) return null;
    throw toGraphError(result.failure, 'Application.Read.All');
  }
  const appId = isRecord(result.body) ? result.body.appId : undefined;
  return typeof appId === 'string' ? appId.toLowerCase() : null;
}
