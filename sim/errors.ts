/**
 * Graph's error shape: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
 * Handlers throw GraphHttpError; the router turns it into a response with the request's ids.
 */
import type { GraphErrorBody } from '../src/graph/types';

export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphHttpError';
  }
}

export interface RequestIds {
  requestId: string;
  clientRequestId?: string;
}

export function graphErrorBody(code: string, message: string, ids: RequestIds, at = new Date()): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: {
        date: at.toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId ?? ids.requestId,
      },
    },
  };
}

// The errors Graph actually returns for the situations the simulator reproduces.
export const badRequest = (message: string): GraphHttpError => new GraphHttpError(400, 'Request_BadRequest', message);

export const unsupportedQuery = (message: string): GraphHttpError =>
  new GraphHttpError(400, 'Request_UnsupportedQuery', message);

export const notFound = (id?: string): GraphHttpError =>
  new GraphHttpError(
    404,
    'Request_ResourceNotFound',
    id === undefined
      ? 'Resource not found for the segment.'
      : `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

export const segmentNotFound = (segment: string): GraphHttpError =>
  new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);

export const forbidden = (): GraphHttpError =>
  new GraphHttpError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');

export const conflict = (message = 'Another object with the same value for property already exists.'): GraphHttpError =>
  new GraphHttpError(409, 'Request_MultipleObjectsWithSameKeyValue', message);

export const methodNotAllowed = (): GraphHttpError =>
  new GraphHttpError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.');

export const invalidToken = (message: string): GraphHttpError =>
  new GraphHttpError(401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
