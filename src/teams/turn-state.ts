/**
 * teams-ai turn state (conversation/user/temp scopes) lives in Azure Blob storage so any replica
 * can continue any conversation.
 *
 * BlobsStorage creates its container once and caches that promise, including a rejection: a first
 * turn during a storage outage would fail every later turn until a restart. So a failed call drops
 * the instance, and the next call starts with a fresh one (which checks the container again).
 */
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Storage, StoreItems } from 'botbuilder';

const TURN_STATE_CONTAINER = 'turnstate';

class RecoveringBlobsStorage implements Storage {
  private inner: BlobsStorage | null = null;

  constructor(private readonly connectionString: string, private readonly container: string) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.run((s) => s.read(keys));
  }

  write(changes: StoreItems): Promise<void> {
    return this.run((s) => s.write(changes));
  }

  delete(keys: string[]): Promise<void> {
    return this.run((s) => s.delete(keys));
  }

  private async run<T>(call: (storage: BlobsStorage) => Promise<T>): Promise<T> {
    const storage = this.inner ?? (this.inner = new BlobsStorage(this.connectionString, this.container));
    try {
      return await call(storage);
    } catch (err) {
      if (this.inner === storage) this.inner = null;
      throw err;
    }
  }
}

export function createTurnStateStorage(connectionString: string, container = TURN_STATE_CONTAINER): Storage {
  return new RecoveringBlobsStorage(connectionString, container);
}

/** Turn state for a store opened with `prefix` (tests share one Azurite): its own container. */
export function turnStateStorageFor(connectionString: string, prefix?: string): Storage {
  return createTurnStateStorage(connectionString, prefix ? `${prefix.toLowerCase()}turnstate` : undefined);
}
