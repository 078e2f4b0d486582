/**
 * Deletes the rows of a table that match an OData filter, at most `max` per call; returns how many
 * it deleted. Each delete is conditional on the ETag seen when listing, so when several replicas
 * sweep at once, a row another one deleted or changed since is skipped, never an error.
 */
import { StoreConflictError } from './errors';
import type { TableRepository } from './repository';

export async function deleteMatching<T>(repo: TableRepository<T>, filter: string, max: number): Promise<number> {
  const rows = repo.client.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } });
  let deleted = 0;
  let seen = 0;
  for await (const row of rows) {
    if (++seen > max) break;
    try {
      await repo.delete(row.partitionKey ?? '', row.rowKey ?? '', row.etag);
      deleted++;
    } catch (err) {
      if (!(err instanceof StoreConflictError)) throw err;
    }
  }
  return deleted;
}
