/**
 * `npm start` as a newcomer runs it: a temporary data dir, free ports, a private Azurite, the
 * simulator, the bot and the two Agents Playground windows (requester and admin). Resolves once
 * the start-up guide is printed; stop() ends the whole process group and removes the data dir.
 * Used by the newcomer run (test/e2e) and the browser walkthrough (test/browser).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureSimTls } from '../../sim/certs';
import { startTestAzurite } from './azurite';
import { freePort, freePortPair, stopProcessGroup, until } from './processes';

const ROOT = join(__dirname, '..', '..');
/** Settings a developer's shell may carry that would change what a newcomer sees. */
const NEWCOMER_UNSET = [
  'CI',
  'TEAMS_APP_TEST_TOOL',
  'BOT_ID',
  'BOT_PASSWORD',
  'NODE_ENV',
  'CONSENT_DOCTOR_MODE',
  'SIM_TENANT_FIXTURE',
  'ADMIN_CHANNEL_ID',
];

export interface LocalRun {
  requesterUrl: string;
  adminUrl: string;
  botUrl: string;
  /** The requester Playground's port (the admin's is the next one). */
  toolPort: number;
  /** CONSENT_DOCTOR_DATA_DIR of this run (the Playgrounds' logs are under test-tool/). */
  dataDir: string;
  /** Everything npm start printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function startLocalRun(opts: { env?: Record<string, string>; prefix?: string } = {}): Promise<LocalRun> {
  const dataDir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'consent-doctor-local-run-'));
  // Reuse this process's simulator CA, so the bundle the bot trusts holds one CA of that name
  // (two CAs with the same name cannot be told apart by TLS verification).
  const caDir = dirname(ensureSimTls().caPath);
  mkdirSync(join(dataDir, 'sim'), { recursive: true });
  for (const f of ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem']) {
    if (existsSync(join(caDir, f))) copyFileSync(join(caDir, f), join(dataDir, 'sim', f));
  }
  const azurite = await startTestAzurite();
  const toolPort = await freePortPair();
  const botPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONSENT_DOCTOR_DATA_DIR: dataDir,
    PORT: String(botPort),
    TEAMS_APP_TEST_TOOL_PORT: String(toolPort),
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    ...opts.env,
  };
  for (const k of NEWCOMER_UNSET) delete env[k];
  let out = '';
  // Its own process group, so stop() reaches npm, tsx, the bot and both Playgrounds.
  const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const stop = async (): Promise<void> => {
    await stopProcessGroup(child, 'SIGTERM', 15_000);
    await azurite.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await until(
      'the start-up guide',
      () => (out.includes(`Open http://localhost:${toolPort}`) ? true : null),
      150_000,
      () => out,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    requesterUrl: `http://localhost:${toolPort}`,
    adminUrl: `http://localhost:${toolPort + 1}`,
    botUrl: `http://127.0.0.1:${botPort}`,
    toolPort,
    dataDir,
    output: () => out,
    stop,
  };
}
