/**
 * Child processes for the benchmarks: the simulator and the bot each run in their own Node
 * process, so the figures of one are not the cost of another. They run compiled JavaScript from
 * BENCH_COMPILED_DIR when bench/run.ts has built it (as production runs), else under the tsx loader. Peak memory comes from /proc/<pid>/status VmHWM where Linux offers it.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const MB = 1024 * 1024;

/**
 * Starts `bench/<script>` with the tsx loader; the pid is the process that runs the script.
 * `nodeArgs` go to that Node only (e.g. --cpu-prof for the bot alone).
 */
export function spawnTs(script: string, args: string[], stdio: StdioOptions, nodeArgs: string[] = []): ChildProcess {
  const compiled = process.env.BENCH_COMPILED_DIR;
  const entry = compiled
    ? [join(compiled, 'bench', script.replace(/\.ts$/, '.js'))]
    : ['--import', 'tsx', join(__dirname, script)];
  return spawn(process.execPath, [...nodeArgs, ...entry, ...args], {
    cwd: join(__dirname, '..'),
    env: process.env,
    stdio,
  });
}

/** VmHWM (peak resident set) of a live process in MB, or null where /proc is not available. */
export function peakRssOfPid(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(((Number(match[1]) * 1024) / MB) * 10) / 10 : null;
  } catch {
    return null;
  }
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}
