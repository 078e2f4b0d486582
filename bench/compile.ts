/**
 * The benchmarks run the bot and the simulator compiled to JavaScript, as production runs the bot
 * (`npm run build` then `node dist/src/index.js`): measuring the tsx loader's memory and
 * on-the-fly transpiling would not describe the deployed bot. BENCH_TSX=1 keeps the loader.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export function compileForBench(root: string): string {
  const outDir = join(root, '.data', 'bench-dist');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json'), '--outDir', outDir],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  return outDir;
}
