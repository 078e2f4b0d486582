/**
 * Single Graph calls for the remedies, with the raw response: a write's outcome depends on the
 * status (201/204/409/400) and the audit trail needs Graph's request-id, which the parsed form drops.
 * Throttling is retried by graph-client's RetryHandler before an answer reaches us.
 */
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { failureFromThrown } from './batch';
import { type GraphFailure, failureFromBody, toGraphError } from './errors';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RawAnswer {
  status: number;
  body: unknown;
  requestId: string | null;
}

export interface RemedyTransport {
  client: Client;
  /** Whose token the client sends: the bot's own (default) or the signed-in approver's. */
  actingAs?: 'app' | 'user';
}

export async function call(conn: RemedyTransport, method: Method, path: string, body?: unknown): Promise<RawAnswer> {
  const request = conn.client.api(path).responseType(ResponseType.RAW);
  let response: Response;
  try {
    switch (method) {
      case 'GET':
        response = await request.get();
        break;
      case 'POST':
        response = await request.post(body ?? {});
        break;
      case 'PATCH':
        response = await request.patch(body ?? {});
        break;
      case 'DELETE':
        response = await request.delete();
        break;
    }
  } catch (err) {
    throw toGraphError(failureFromThrown(err));
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed, requestId: response.headers.get('request-id') };
}

export function failureOf(answer: RawAnswer): GraphFailure {
  return failureFromBody(answer.status, answer.body, answer.requestId);
}

/** `value` of a collection answer (remedy reads are small: one page suffices, see callers). */
export function valueOf<T>(answer: RawAnswer): T[] {
  const body = answer.body as { value?: unknown } | null;
  return body && Array.isArray(body.value) ? (body.value as T[]) : [];
}
