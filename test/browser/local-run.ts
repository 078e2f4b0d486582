/**
 * `npm start` as a newcomer runs it, for the browser walkthrough: a temporary data dir, free ports,
 * a private Azurite, the simulator, the bot and the two Agents Playground windows (requester and
 * admin). Resolves once the start-up guide is printed; stop() ends the whole process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureSimTls } from '../../sim/certs';
import { startTestAzurite, type TestAzurite } from '../helpers/azurite';

const ROOT = join(__dirname, '..', '..');

export interface LocalRun {
  requesterUrl: string;
  adminUrl: string;
  botUrl: string;
  /** Everything npm start printed so far. */
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, () => s.close(() => resolve(true)));
  });
}

async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await freePort();
    if (p < 65000 && (await portFree(p + 1))) return p;
  }
  throw new Error('no two consecutive free ports');
}

export async function until<T>(what: string, probe: () => T | null | Promise<T | null>, timeoutMs: number, context: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${context()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startLocalRun(): Promise<LocalRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'consent-doctor-walkthrough-'));
  // Reuse this process's simulator CA, so the bundle the bot trusts holds one CA of that name.
  const caDir = dirname(ensureSimTls().caPath);
  mkdirSync(join(dataDir, 'sim'), { recursive: true });
  for (const f of ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem']) {
    if (existsSync(join(caDir, f))) copyFileSync(join(caDir, f), join(dataDir, 'sim', f));
  }
  const azurite: TestAzurite = await startTestAzurite();
  const toolPort = await freePortPair();
  const botPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONSENT_DOCTOR_DATA_DIR: dataDir,
    PORT: String(botPort),
    TEAMS_APP_TEST_TOOL_PORT: String(toolPort),
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    APPROVAL_WRITES: 'app',
  };
  for (const k of ['CI', 'TEAMS_APP_TEST_TOOL', 'BOT_ID', 'BOT_PASSWORD', 'NODE_ENV', 'CONSENT_DOCTOR_MODE', 'SIM_TENANT_FIXTURE', 'ADMIN_CHANNEL_ID']) delete env[k];
  let out = '';
  // Its own process group, so stop() reaches npm, tsx, the bot and both Playgrounds.
  const child: ChildProcess = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { out += c.toString(); });
  const stop = async (): Promise<void> => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { /* gone */ } }, 15_000);
      await exited;
      clearTimeout(timer);
    }
    await azurite.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await until('the start-up guide', () => (out.includes(`Open http://localhost:${toolPort}`) ? true : null), 150_000, () => `\n--- npm start output ---\n${out.slice(-4000)}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    requesterUrl: `http://localhost:${toolPort}`,
    adminUrl: `http://localhost:${toolPort + 1}`,
    botUrl: `http://127.0.0.1:${botPort}`,
    output: () => out,
    stop,
  };
}
