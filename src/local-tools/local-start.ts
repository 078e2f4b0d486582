/**
 * What makes `npm start` quiet and readable (local mode only): no DEP0111 noise, short log lines,
 * and start-up failures a person can act on instead of a stack trace.
 */
import type { DestinationStream } from 'pino';
import { readableDestination, wantsReadableLogs } from './readable-log';
import { silenceKnownDeprecations } from './quiet-warnings';
import { portIsFree } from './test-tool';
import { testToolEnabled, testToolPorts } from './newcomer';

export function quietLocalStart(): void {
  silenceKnownDeprecations();
}

export function logDestination(mode: string, env: Record<string, string | undefined>): DestinationStream | undefined {
  return wantsReadableLogs(mode, env) ? readableDestination(process.stdout) : undefined;
}

/** A one-paragraph explanation for failures with a known cause; null for anything else. */
export function explainStartFailure(err: unknown, config: { host?: string; port?: number }): string | null {
  const e = err as { code?: unknown; port?: unknown; address?: unknown } | null;
  if (e && e.code === 'EADDRINUSE') {
    const port = typeof e.port === 'number' ? e.port : config.port;
    return portTakenText(port ?? 0, 'needed by this run');
  }
  return null;
}

function portTakenText(port: number, what: string): string {
  return (
    `Port ${port} (${what}) is already in use: is another \`npm start\` still running? ` +
    'Stop it (Ctrl-C in its terminal), or start this one on other ports, e.g. PORT=3979 TEAMS_APP_TEST_TOOL_PORT=56160 npm start'
  );
}

/**
 * Checked before anything starts, so a second `npm start` says why in one line instead of dying
 * with a raw EADDRINUSE stack half-way through.
 */
export async function portsTakenText(
  config: { port: number },
  env: Record<string, string | undefined>,
): Promise<string | null> {
  if (!(await portIsFree(config.port))) return portTakenText(config.port, 'the bot');
  if (testToolEnabled(env)) {
    const tools = testToolPorts(env);
    if (!(await portIsFree(tools.requester))) return portTakenText(tools.requester, 'the Agents Playground');
    if (!(await portIsFree(tools.admin))) return portTakenText(tools.admin, "the admin's Agents Playground");
  }
  return null;
}
