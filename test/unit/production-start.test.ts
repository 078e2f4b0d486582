/**
 * One production start: App Service runs infra/azure.bicep's appCommandLine, and `npm run start:prod`
 * and the benchmarks' bot process (bench/compile.ts) use package.json's start:prod. The V8 heap options
 * in it are what keeps the bot's peak memory down (docs/performance.md), so they must be the same in all three.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployedNodeOptions } from '../../bench/compile';

const ROOT = join(__dirname, '..', '..');
const startProd = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts['start:prod'];

describe('the production start', () => {
  it('App Service starts the bot with the same command as start:prod', () => {
    const bicep = readFileSync(join(ROOT, 'infra', 'azure.bicep'), 'utf8');
    expect(/appCommandLine: '([^']*)'/.exec(bicep)?.[1]).toBe(startProd);
  });

  it('runs the compiled bot with the young generation capped and the old generation growing by 20% at a time', () => {
    expect(startProd).toMatch(/^node (--[\w-]+(=\S+)? )+dist\/src\/index\.js$/);
    expect(deployedNodeOptions(ROOT)).toEqual(['--max-semi-space-size=2', '--heap-growing-percent=20']);
  });
});
