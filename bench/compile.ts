/**
 * The benchmarks run the bot and the simulator compiled to JavaScript, as production runs the bot
 * (`npm run build` then `node dist/src/index.js`): measuring the tsx loader's memory and
 * on-the-fly transpiling would not describe the deployed bot. BENCH_TSX=1 keeps the loader.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/**
 * The Node options of the production start (package.json's start:prod, which infra/azure.bicep's
 * appCommandLine repeats): the bot process of the benchmarks runs with them, so the memory and CPU
 * figures are those of the deployed bot.
 */
export function deployedNodeOptions(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.['start:prod'] ?? '').split(/\s+/).filter(Boolean);
  if (words[0] !== 'node') throw new Error(`package.json's start:prod does not start with node: ${words.join(' ')}`);
  return words.slice(1).filter((word) => word.startsWith('--'));
}
