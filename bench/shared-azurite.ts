/**
 * One Azurite for every bot process a benchmark starts (they inherit TEST_STORAGE_CONNECTION_STRING),
 * so replicas can share tables and turn state, and each bot process holds only its own memory.
 * Leaves an Azurite the caller already runs (the variable already set) alone.
 */
import { startTestAzurite } from '../test/helpers/azurite';

export async function shareOneAzurite(): Promise<{ stop(): Promise<void> }> {
  if (process.env.TEST_STORAGE_CONNECTION_STRING) return { stop: async () => {} };
  const azurite = await startTestAzurite();
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  return {
    stop: async () => {
      delete process.env.TEST_STORAGE_CONNECTION_STRING;
      await azurite.stop();
    },
  };
}
