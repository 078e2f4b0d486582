/**
 * A claim by insert: Table storage inserts a row only when its key is free, so of several replicas
 * inserting the same key exactly one succeeds (learn.microsoft.com/rest/api/storageservices/insert-entity:
 * 409 EntityAlreadyExists otherwise). Used for digest slots and the watchers' once-only rows.
 */
import { StoreConflictError } from './errors';
import type { TableRepository } from './repository';

/** The new row's ETag, or null when the row already exists (someone claimed it first). */
export async function insertIfAbsent<T>(
  repo: TableRepository<T>,
  partitionKey: string,
  rowKey: string,
  value: T,
): Promise<string | null> {
  try {
    return await repo.insert(partitionKey, rowKey, value);
  } catch (err) {
    if (err instanceof StoreConflictError && err.reason === 'exists') return null;
    throw err;
  }
}
