/**
 * teams-ai turn state (conversation/user/temp scopes) lives in Azure Blob storage so any replica
 * can continue any conversation.
 *
 * BlobsStorage creates its container once and caches that promise, including a rejection: a first
 * turn during a storage outage would fail every later turn until a restart. So a failed call drops
 * the instance, and the next call starts with a fresh one (which checks the container again).
 */
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { ActivityTypes, type Activity, type Storage, type StoreItems, type TurnContext } from 'botbuilder';
import { TurnState } from '@microsoft/teams-ai/lib/TurnState';

const TURN_STATE_CONTAINER = 'turnstate';

class RecoveringBlobsStorage implements Storage {
  private inner: BlobsStorage | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly container: string,
  ) {}

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

/**
 * Activities whose handlers never read or write stored turn state: a personal message (answered from
 * Graph and the tables) and a card click (Action.Execute; the approver's sign-in on a card keeps its
 * token in the turn-only `temp` scope). Everything else (installationUpdate's welcome flag, the
 * token service's signin/verifyState and signin/tokenExchange invokes, which keep their flow in the
 * conversation scope) loads and saves as before.
 */
export function usesStoredTurnState(activity: Partial<Activity>): boolean {
  if (activity.type === ActivityTypes.Message) return false;
  if (activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action') return false;
  return true;
}

/**
 * teams-ai's TurnState, read from and written to storage only for the activities that use it
 * (`usesStoredTurnState`): every message would otherwise cost two Blob reads (the conversation and
 * user scopes) for state nobody looks at. A turn that skipped the read never writes either, so it
 * cannot overwrite what another turn stored.
 */
export class TurnStateStoredWhereUsed extends TurnState {
  private stored = true;

  override load(context: TurnContext, storage?: Storage): Promise<boolean> {
    this.stored = usesStoredTurnState(context.activity);
    return super.load(context, this.stored ? storage : undefined);
  }

  override save(context: TurnContext, storage?: Storage): Promise<void> {
    return super.save(context, this.stored ? storage : undefined);
  }
}
