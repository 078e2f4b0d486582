/**
 * src/graph/ reads and writes Graph; deciding what the reads mean is diagnosis/'s job. So graph/
 * may name the domain's types (`import type`) but never run its code: a value import from
 * diagnosis/, requests/, approvals/ or cards/ fails this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const GRAPH = resolve(__dirname, '..', '..', '..', 'src', 'graph');
const DOMAIN = /^\.\.\/(diagnosis|requests|approvals|cards)\//;

/** The module paths a file imports values from (type-only imports left out). */
function valueImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) if (!m[1]) found.push(m[2]!);
  return found;
}

describe('src/graph/ returns reads', () => {
  it('imports no domain code', () => {
    const offending = readdirSync(GRAPH)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) =>
        valueImports(readFileSync(join(GRAPH, name), 'utf8'))
          .filter((p) => DOMAIN.test(p))
          .map((p) => `${name} -> ${p}`),
      );
    expect(offending).toEqual([]);
  });

  it('would notice one', () => {
    expect(
      valueImports(
        "import { selectRequestedScopes } from '../diagnosis/requested-scopes';\nimport type { Facts } from '../diagnosis/types';",
      ),
    ).toEqual(['../diagnosis/requested-scopes']);
  });
});
