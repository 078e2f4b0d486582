/**
 * The bot as a real process (`tsx src/index.ts`, production mode: real Bot Framework JWT checks
 * against the simulator's channel identity, Graph = the simulator, storage = a test Azurite), so an
 * attack that would crash it is seen as a crash, and its memory is measured from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../../sim';
import { botFrameworkEnv } from '../../../sim/identity/bot-framework-client';
import { CARD_MAC_KEY } from '../../helpers/app-harness';
import { freePort, stopProcessGroup, until as waitUntil } from '../../helpers/processes';

const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface BotProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Parsed JSON log lines so far. */
  logs(): Array<Record<string, unknown>>;
  /** Resident memory of the whole process group (tsx runs the bot in a child), in MB. */
  rssMb(): number;
  /** CPU seconds the process group has used so far. */
  cpuSeconds(): number;
  alive(): boolean;
  stop(): Promise<void>;
}

export { freePort };

/** Waits as the shared helper does, polling often: a process-level race (kill right after a write) needs it. */
export function until<T>(
  what: string,
  probe: () => Promise<T | null> | T | null,
  timeoutMs: number,
  output: () => string = () => '',
): Promise<T> {
  return waitUntil(what, probe, timeoutMs, output, 20);
}

/** `read(pid, statFields)` summed over every process whose process group is `pgid`. */
function sumOverGroup(pgid: number, read: (pid: string, fields: string[]) => number): number {
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces): state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      sum += read(entry, fields);
    } catch {
      // The process went away meanwhile.
    }
  }
  return sum;
}

/** VmRSS of every process whose process group is `pgid`, in MB. */
export function groupRssMb(pgid: number): number {
  const kb = sumOverGroup(pgid, (pid) =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0),
  );
  return Math.round(kb / 1024);
}

/** CPU time (user + system) used so far by the processes of group `pgid`, in seconds (100 ticks a second on Linux). */
export function groupCpuSeconds(pgid: number): number {
  // utime and stime are stat fields 14 and 15; `fields` starts at field 3 (state).
  return sumOverGroup(pgid, (_pid, fields) => Number(fields[11]) + Number(fields[12])) / 100;
}

export interface StartBotOptions {
  sim: RunningSimulator;
  bot: { appId: string; secret: string };
  tenantId: string;
  storageConnectionString: string;
  dataDir: string;
  env?: Record<string, string>;
}

export async function startBotProcess(opts: StartBotOptions): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [TSX, 'src/index.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? '',
      CONSENT_DOCTOR_MODE: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      BOT_ID: opts.bot.appId,
      BOT_PASSWORD: opts.bot.secret,
      BOT_TENANT_ID: opts.tenantId,
      ...botFrameworkEnv(opts.sim.url),
      GRAPH_CLIENT_ID: opts.bot.appId,
      GRAPH_CLIENT_SECRET: opts.bot.secret,
      GRAPH_AUTHORITY_URL: opts.sim.url,
      GRAPH_BASE_URL: opts.sim.url,
      STORAGE_CONNECTION_STRING: opts.storageConnectionString,
      CARD_MAC_KEY,
      CONSENT_DOCTOR_DATA_DIR: opts.dataDir,
      TEAMS_APP_TEST_TOOL: 'off',
      LOG_LEVEL: 'info',
      APPROVAL_WRITES: 'app',
      ...opts.env,
    },
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const output = () => out;
  await until(
    'the bot to listen',
    () =>
      /listening on/.test(out)
        ? true
        : child.exitCode !== null
          ? Promise.reject(new Error(`bot exited: ${out}`))
          : null,
    90_000,
    output,
  );
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output,
    logs: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    rssMb: () => groupRssMb(child.pid as number),
    cpuSeconds: () => groupCpuSeconds(child.pid as number),
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => stopProcessGroup(child, 'SIGKILL'),
  };
}
