/** Ends a child process the local tools started (Azurite, the Agents Playground): SIGTERM, then SIGKILL after a grace period. */
import type { ChildProcess } from 'node:child_process';

const STOP_GRACE_MS = 5000;

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    force.unref();
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
