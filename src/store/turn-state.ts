/**
 * teams-ai turn state (conversation/user/temp scopes) lives in Azure Blob storage so any replica
 * can continue any conversation.
 */
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Storage } from 'botbuilder';

export const TURN_STATE_CONTAINER = 'turnstate';

export function createTurnStateStorage(connectionString: string, container = TURN_STATE_CONTAINER): Storage {
  return new BlobsStorage(connectionString, container);
}
