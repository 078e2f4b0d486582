/**
 * One Azurite for every bot process a benchmark starts (they inherit TEST_STORAGE_CONNECTION_STRING),
 * so replicas can share tables and turn state, and each bot process holds only its own memory.
 * Its data stays in memory (src/store/azurite.ts `inMemory`): in production storage is a remote
 * service, and the emulator persisting to disk would take the shared cores from the bot measured.
 * Leaves an Azurite the caller already runs (the variable already set) alone.
 */
import { startAzurite } from '../src/store/azurite';

export async function shareOneAzurite(): Promise<{ stop(): Promise<void> }> {
  if (process.env.TEST_STORAGE_CONNECTION_STRING) return { stop: async () => {} };
  const azurite = await startAzurite({ location: '', blobPort: 0, tablePort: 0, inMemory: true });
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  return {
    stop: async () => {
      delete process.env.TEST_STORAGE_CONNECTION_STRING;
      await azurite.stop();
    },
  };
}
