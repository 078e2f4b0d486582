/**
 * The simulator on its own, for the benchmarks: started as a child process so the bot process
 * being measured holds none of its memory or CPU. Prints one JSON line once listening
 * ({"url","port","tenantIds"}), then serves until SIGTERM/SIGINT or until stdin closes (the parent died).
 *   node --import tsx bench/sim-process.ts FIXTURE.json [FIXTURE2.json ...]
 */
import { startSimulator } from '../sim';

async function main(): Promise<void> {
  const fixtures = process.argv.slice(2);
  if (fixtures.length === 0) throw new Error('usage: sim-process.ts FIXTURE.json [...]');
  const sim = await startSimulator({ fixtures });
  process.stdout.write(`${JSON.stringify({ url: sim.url, port: sim.port, tenantIds: sim.tenantIds })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
    process.stdin.once('end', resolve);
    process.stdin.resume();
  });
  await sim.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`sim-process: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
