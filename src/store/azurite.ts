/**
 * Runs Azurite (the Azure Storage emulator, an npm devDependency) as a child process for Blob
 * (teams-ai turn state) and Table (requests, audit, conversation references). Loopback only,
 * telemetry off, data on disk so it survives restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { stopChild } from '../stop-child';

/** Azurite's fixed, publicly documented development account (not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const DEFAULT_BLOB_PORT = 10000;
const DEFAULT_TABLE_PORT = 10002;

export interface AzuriteOptions {
  /** Workspace directory (created if missing; unused with `inMemory`). */
  location: string;
  /** 0 = any free port (tests). Defaults: 10000 / 10002, which `UseDevelopmentStorage=true` expects. */
  blobPort?: number;
  tablePort?: number;
  /** Lines Azurite prints (start-up, errors), for the caller's logger. */
  onOutput?: (line: string) => void;
  /**
   * Keep the data in memory only (lost when Azurite stops). For benchmarks: Azure Storage runs on
   * Azure's machines, not on the bot's cores, and the emulator saving its whole database to disk
   * every few seconds would take CPU from the process being measured.
   */
  inMemory?: boolean;
}

export interface AzuriteHandle {
  blobPort: number;
  tablePort: number;
  /** Explicit connection string for these ports (equals UseDevelopmentStorage=true on the default ports). */
  connectionString: string;
  /** False when an Azurite that was already running on the default ports is being reused. */
  owned: boolean;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;

function devConnectionString(blobPort: number, tablePort: number): string {
  return (
    [
      'DefaultEndpointsProtocol=http',
      `AccountName=${DEV_ACCOUNT}`,
      `AccountKey=${DEV_ACCOUNT_KEY}`,
      `BlobEndpoint=http://${HOST}:${blobPort}/${DEV_ACCOUNT}`,
      `TableEndpoint=http://${HOST}:${tablePort}/${DEV_ACCOUNT}`,
    ].join(';') + ';'
  );
}

export async function startAzurite(opts: AzuriteOptions): Promise<AzuriteHandle> {
  const blobPort = opts.blobPort ?? DEFAULT_BLOB_PORT;
  const tablePort = opts.tablePort ?? DEFAULT_TABLE_PORT;
  // An Azurite started by another tool (e.g. the VS Code extension) on the default ports is reused
  // rather than failing on "address in use".
  if (blobPort !== 0 && tablePort !== 0 && (await isListening(blobPort)) && (await isListening(tablePort))) {
    return {
      blobPort,
      tablePort,
      connectionString: devConnectionString(blobPort, tablePort),
      owned: false,
      stop: async () => {},
    };
  }
  if (!opts.inMemory) mkdirSync(opts.location, { recursive: true });
  const { child, ports } = await spawnAzurite(blobPort, tablePort, opts);
  return {
    blobPort: ports.blob,
    tablePort: ports.table,
    connectionString: devConnectionString(ports.blob, ports.table),
    owned: true,
    stop: () => stopChild(child),
  };
}

/**
 * One `azurite` process serves both services. (The separate azurite-table binary does not report
 * the real port when asked for port 0, which tests need.) Its queue service cannot be switched off,
 * so it gets an ephemeral loopback port and is never used.
 */
function spawnAzurite(
  blobPort: number,
  tablePort: number,
  opts: AzuriteOptions,
): Promise<{ child: ChildProcess; ports: { blob: number; table: number } }> {
  const entry = join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const args = [
    entry,
    '--blobHost',
    HOST,
    '--blobPort',
    String(blobPort),
    '--tableHost',
    HOST,
    '--tablePort',
    String(tablePort),
    '--queueHost',
    HOST,
    '--queuePort',
    '0',
    // Azurite refuses a location with in-memory persistence.
    ...(opts.inMemory ? ['--inMemoryPersistence'] : ['--location', opts.location]),
    '--silent',
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--loose',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    let output = '';
    const ports: { blob?: number; table?: number } = {};
    // A start-up that never reports its ports must fail loudly rather than hang `npm start`.
    const deadline = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(
        new Error(`Azurite did not report listening within ${START_TIMEOUT_MS / 1000}s: ${output.trim().slice(-500)}`),
      );
    }, START_TIMEOUT_MS);
    deadline.unref();
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split(/\r?\n/).filter(Boolean)) {
        // Azurite prints the real port, which matters when we asked for port 0.
        const match =
          /Azurite (Blob|Table|Queue) service (?:is )?successfully listen(?:ing at|s on) https?:\/\/\S+:(\d+)/.exec(
            line,
          );
        if (match?.[1] === 'Blob') ports.blob = Number(match[2]);
        if (match?.[1] === 'Table') ports.table = Number(match[2]);
        opts.onOutput?.(line);
      }
      if (!settled && ports.blob !== undefined && ports.table !== undefined) {
        settled = true;
        clearTimeout(deadline);
        resolvePromise({ child, ports: { blob: ports.blob, table: ports.table } });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (err) => {
      if (!settled) {
        settled = true;
        clearTimeout(deadline);
        reject(new Error(`could not start Azurite: ${err.message}`));
      }
    });
    child.once('exit', (code, signal) => {
      if (!settled) {
        settled = true;
        clearTimeout(deadline);
        const hint = /EADDRINUSE/.test(output) ? ` (port ${blobPort} or ${tablePort} is in use)` : '';
        reject(
          new Error(`Azurite exited before listening (code ${code ?? signal})${hint}: ${output.trim().slice(-500)}`),
        );
      }
    });
  });
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
  });
}
