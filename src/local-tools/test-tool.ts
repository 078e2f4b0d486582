/**
 * The Microsoft 365 Agents Playground (@microsoft/m365agentsplayground, bins `agentsplayground` and
 * `teamsapptester`; it replaces the deprecated @microsoft/teams-app-test-tool with the same CLI and
 * config files) as a child process: a Teams-like web client plus a mock Bot Connector at
 * http://localhost:PORT/_connector, talking to the bot's /api/messages. It has no listen-address
 * option, so it is started with a preload that keeps it on loopback (loopback-only.ts). Its config file and log live in their own directory under the data dir
 * (TEAMS_APP_TEST_TOOL_CONFIG_PATH / M365_AGENTS_PLAYGROUND_CONFIG_PATH point at it), so the project
 * root is never written to and two instances never share a file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stopChild } from '../stop-child';
import { LOOPBACK_HOST, loopbackOnlyNodeArgs } from './loopback-only';
import { renderTestToolConfig, type TestToolConfig } from './test-tool-config';

export interface TestToolOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  endpoint: string;
  port: number;
  config: TestToolConfig;
  /** Directory for the config file and the tool's log. */
  dir: string;
  onOutput?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface RunningTestTool {
  /** http://localhost:PORT — the page to open. */
  url: string;
  /** The mock Bot Connector: the serviceUrl the bot posts to. */
  connectorUrl: string;
  port: number;
  stop(): Promise<void>;
}

/** True when nothing listens on the port (the tool would otherwise silently move elsewhere). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the Agents Playground exited during start-up (${child.exitCode ?? child.signalCode}): ${output().slice(-500)}`,
      );
    }
    try {
      const res = await fetch(`${url}/_internal/v1/config`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `the Agents Playground did not answer on ${url} within ${Math.round(timeoutMs / 1000)}s: ${output().slice(-500)}`,
  );
}

export async function startTestTool(opts: TestToolOptions): Promise<RunningTestTool> {
  if (!(await portIsFree(opts.port))) {
    throw new Error(
      `port ${opts.port} is in use (another Agents Playground, or a second npm start?); stop it or set TEAMS_APP_TEST_TOOL_PORT to a free port`,
    );
  }
  mkdirSync(opts.dir, { recursive: true });
  const configPath = join(opts.dir, '.teamsapptesttool.yml');
  writeFileSync(configPath, renderTestToolConfig(opts.config));
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const connectorUrl = `http://${LOOPBACK_HOST}:${opts.port}/_connector`;
  const args = [
    ...loopbackOnlyNodeArgs(),
    cli,
    'start',
    '-e',
    opts.endpoint,
    '-p',
    String(opts.port),
    '--service-url',
    connectorUrl,
    '--disable-telemetry',
  ];
  const child = spawn(process.execPath, args, {
    cwd: opts.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      TEAMS_APP_TEST_TOOL_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      TEAMSAPPTESTER_LOGFILE: join(opts.dir, 'test-tool.log'),
      M365_AGENTS_PLAYGROUND_LOGFILE: join(opts.dir, 'test-tool.log'),
    },
  });
  let output = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-4000);
    for (const line of text.split(/\r?\n/).filter(Boolean)) opts.onOutput?.(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const url = `http://localhost:${opts.port}`;
  try {
    await waitUntilReady(`http://${LOOPBACK_HOST}:${opts.port}`, child, opts.startTimeoutMs ?? 60_000, () => output);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { url, connectorUrl, port: opts.port, stop: () => stopChild(child) };
}
