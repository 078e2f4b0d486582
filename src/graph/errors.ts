/**
 * Typed Graph failures. Callers branch on the class (or `code`) instead of parsing messages, and
 * every error carries Graph's request id so an admin can quote it to Microsoft support.
 */

export interface GraphFailure {
  /** HTTP status, 0 when no response arrived. */
  status: number;
  /** Graph's error.code ("Authorization_RequestDenied", ...) or a local code ("network"). */
  code: string;
  message: string;
  requestId: string | null;
}

export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;

  constructor(failure: GraphFailure, name = 'GraphError') {
    super(
      `${failure.code} (HTTP ${failure.status})${failure.requestId ? ` request-id ${failure.requestId}` : ''}: ${failure.message}`,
    );
    this.name = name;
    this.status = failure.status;
    this.code = failure.code;
    this.requestId = failure.requestId;
  }
}

/** Graph or the token endpoint cannot be reached, keeps throttling, or answers 5xx. */
export class GraphUnavailableError extends GraphError {
  constructor(failure: GraphFailure) {
    super(failure, 'GraphUnavailableError');
  }
}

/** The bot could not get a token or Graph refused its token (401): configuration, not data. */
export class GraphAuthError extends GraphError {
  constructor(failure: GraphFailure) {
    super(failure, 'GraphAuthError');
  }
}

/** The bot lacks an application permission for a write (a 403 on a read becomes a Facts entry instead). */
export class GraphForbiddenError extends GraphError {
  /** The permission that would allow the call, when known. */
  readonly permission: string | null;
  constructor(failure: GraphFailure, permission: string | null) {
    super(failure, 'GraphForbiddenError');
    this.permission = permission;
  }
}

/** Graph rejected a request the bot built (400/404/409 that the caller did not expect). */
export class GraphRequestError extends GraphError {
  constructor(failure: GraphFailure) {
    super(failure, 'GraphRequestError');
  }
}

/** A remedy failed part-way: what was already written stays described here. */
export class RemedyError extends GraphError {
  readonly remedyKind: string;
  /** Human-readable descriptions of writes that did succeed before the failure. */
  readonly done: string[];
  /** The failure as Graph (or the check before the write) reported it. */
  readonly failure: GraphFailure;
  constructor(failure: GraphFailure, remedyKind: string, done: string[]) {
    super(failure, 'RemedyError');
    this.failure = failure;
    this.remedyKind = remedyKind;
    this.done = done;
  }
}

/** Maps a failed response (single or batch part) to the typed error callers expect. */
export function toGraphError(failure: GraphFailure, permission: string | null = null): GraphError {
  if (failure.status === 0 || failure.status === 429 || failure.status >= 500)
    return new GraphUnavailableError(failure);
  if (failure.status === 401) return new GraphAuthError(failure);
  if (failure.status === 403) return new GraphForbiddenError(failure, permission);
  return new GraphRequestError(failure);
}

/** Reads Graph's `{error:{code,message,innerError}}` body defensively: bodies are not always JSON. */
export function failureFromBody(status: number, body: unknown, headerRequestId: string | null): GraphFailure {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const inner = error && isRecord(error.innerError) ? error.innerError : null;
  const innerId = inner && typeof inner['request-id'] === 'string' ? inner['request-id'] : null;
  return {
    status,
    code: error && typeof error.code === 'string' ? error.code : `HTTP_${status}`,
    message: error && typeof error.message === 'string' ? error.message : `HTTP ${status}`,
    requestId: headerRequestId ?? innerId,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
