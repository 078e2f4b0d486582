/**
 * Typed storage errors. Callers branch on `code`, never on Azure SDK internals, so the storage
 * backend can change (Table Storage, Cosmos DB for Table) without touching request logic.
 */
export type StoreErrorCode = 'conflict' | 'not_found' | 'unavailable' | 'too_large' | 'invalid_key' | 'corrupt';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/**
 * Lost a compare-and-set: `exists` when inserting a row that is already there, `etag_mismatch`
 * when someone else replaced the row since it was read. The loser should re-read and decide again.
 */
export class StoreConflictError extends StoreError {
  constructor(
    readonly reason: 'exists' | 'etag_mismatch',
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(
      'conflict',
      reason === 'exists' ? `row ${key} already exists` : `row ${key} was changed by someone else`,
      options,
    );
    this.name = 'StoreConflictError';
  }
}

export class StoreNotFoundError extends StoreError {
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super('not_found', `row ${key} does not exist`, options);
    this.name = 'StoreNotFoundError';
  }
}

/** Storage could not be reached or answered 5xx: retry later, tell the user "try again". */
export class StoreUnavailableError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
    this.name = 'StoreUnavailableError';
  }
}

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Translate an @azure/data-tables failure into a StoreError; `key` names the row for messages. */
export function toStoreError(err: unknown, key: string): StoreError {
  if (err instanceof StoreError) return err;
  const e = (err ?? {}) as RestErrorLike;
  switch (e.statusCode) {
    case 409:
      return new StoreConflictError('exists', key, { cause: err });
    case 412:
      return new StoreConflictError('etag_mismatch', key, { cause: err });
    case 404:
      return new StoreNotFoundError(key, { cause: err });
    case 413:
      return new StoreError('too_large', `row ${key} is too large`, { cause: err });
    default:
      return new StoreUnavailableError(
        `storage failed for ${key}: ${e.code ?? e.statusCode ?? e.message ?? 'unknown error'}`,
        { cause: err },
      );
  }
}
