/**
 * No import cycle in src/: every module can be read, and loaded, after the modules it imports.
 * Type-only imports count too (a cycle of types still ties two modules into one). Imports are read
 * with TypeScript's own pre-processor and resolved as tsc resolves them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const SRC = resolve(__dirname, '..', '..', '..', 'src');
const RESOLUTION: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  resolveJsonModule: true,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each src file and the src files it imports (static, dynamic and `import type`). */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map(
        (imported) =>
          ts.resolveModuleName(imported.fileName, file, RESOLUTION, ts.sys).resolvedModule?.resolvedFileName,
      )
      .filter((target): target is string => !!target && target.startsWith(SRC) && !target.endsWith('.d.ts'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** One cycle through each strongly connected group of files (Tarjan's algorithm). */
function cyclesIn(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || (graph.get(file) ?? []).includes(file)) groups.push(group);
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return groups;
}

describe('src/ imports', () => {
  it('form no cycle', () => {
    const cycles = cyclesIn(importGraph(sourceFiles(SRC))).map((group) => group.map((f) => relative(SRC, f)).sort());
    expect(cycles).toEqual([]);
  });

  it('the check sees a cycle, type-only imports included', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesIn(graph).map((g) => g.sort())).toEqual([['a', 'b', 'c']]);
    const { importedFiles } = ts.preProcessFile(
      "import type { X } from './x';\nconst y = await import('./y');",
      true,
      true,
    );
    expect(importedFiles.map((f) => f.fileName)).toEqual(['./x', './y']);
  });
});
