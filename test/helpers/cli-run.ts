/** Runs the real `consent-doctor` main() in-process and captures what it prints. */
import { main } from '../../src/cli';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { ...env },
    isTTY: false,
  });
  return { exitCode, stdout, stderr };
}

export interface CliJson {
  app: { appId: string; displayName: string; servicePrincipalId: string | null } | null;
  candidates: Array<{ appId: string | null; displayName: string }>;
  findings: Array<{ code: string; severity: string; summary: string; fixable: boolean }>;
  remedies: Array<{ kind: string } & Record<string, unknown>>;
  graph: { requests: number; roundTrips: number };
}
