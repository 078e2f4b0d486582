/**
 * What tests that run the bot as a real process share: free ports, waiting for a condition, and
 * stopping a whole process group (npm, tsx, the bot and anything they started).
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
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

/** Two consecutive free ports (the Playground's requester and admin windows). */
export async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await freePort();
    if (p < 65000 && (await portFree(p + 1))) return p;
  }
  throw new Error('no two consecutive free ports');
}

/**
 * Polls `probe` until it returns something other than null. On time-out the error names `what` and
 * ends with the tail of `output` (what the process printed), which is usually why.
 */
export async function until<T>(
  what: string,
  probe: () => T | null | Promise<T | null>,
  timeoutMs: number,
  output: () => string = () => '',
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) {
      const tail = output().slice(-4000);
      throw new Error(`timed out waiting for ${what}${tail ? `\n--- output (tail) ---\n${tail}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Signals the child's whole process group (it must have been spawned `detached`) and waits for it
 * to exit; with `killAfterMs`, a group still running then gets SIGKILL.
 */
export async function stopProcessGroup(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  killAfterMs?: number,
): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const send = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      child.kill(sig);
    }
  };
  send(signal);
  const timer = killAfterMs === undefined ? null : setTimeout(() => send('SIGKILL'), killAfterMs);
  await exited;
  if (timer) clearTimeout(timer);
}
