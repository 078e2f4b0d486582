/**
 * A private Azurite for a test file: free ports, a temporary workspace, stopped (and the workspace
 * removed) by `stop()`. Set TEST_STORAGE_CONNECTION_STRING to reuse one that is already running
 * (e.g. from a jest globalSetup); tests isolate themselves with a random table prefix either way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startAzurite } from '../../src/store/azurite';
import { standIn } from './stand-in';

export interface TestAzurite {
  connectionString: string;
  blobPort: number | null;
  tablePort: number | null;
  stop(): Promise<void>;
}

export async function startTestAzurite(): Promise<TestAzurite> {
  const shared = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (shared) return { connectionString: shared, blobPort: null, tablePort: null, stop: async () => {} };
  const location = mkdtempSync(join(tmpdir(), 'consent-doctor-azurite-'));
  const azurite = await startAzurite({ location, blobPort: 0, tablePort: 0 });
  return {
    connectionString: azurite.connectionString,
    blobPort: azurite.blobPort,
    tablePort: azurite.tablePort,
    stop: async () => {
      await azurite.stop();
      rmSync(location, { recursive: true, force: true });
    },
  };
}

/**
 * A private Azurite for the whole test file (or describe block): started in beforeAll, stopped in
 * afterAll. Call it where the file would declare `let azurite`; use it inside tests and hooks.
 */
export function useTestAzurite(): TestAzurite {
  const azurite = standIn<TestAzurite>('Azurite is not running: use it inside tests or hooks');
  let running: TestAzurite | undefined;
  beforeAll(async () => {
    running = await startTestAzurite();
    azurite.set(running);
  });
  afterAll(async () => {
    await running?.stop();
  });
  return azurite.value;
}

/** Table names are letters and digits only, 3-63 characters. */
export function uniquePrefix(label = 't'): string {
  return `${label}${randomBytes(4).toString('hex')}`;
}
