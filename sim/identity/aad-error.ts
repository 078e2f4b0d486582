/** Entra ID's OAuth error body: {error, error_description "AADSTSnnnn: ...", error_codes, timestamp, trace_id, correlation_id}. */
import { randomUUID } from 'node:crypto';
import { json, type SimResponse } from '../http';

export function aadError(status: number, error: string, code: number, description: string): SimResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return json(
    status,
    {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
    { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
  );
}
