/**
 * The pure core stays pure: the decision modules README and docs/architecture.md call pure load no
 * storage, Graph, Teams or network code, however indirectly. Type-only imports are erased at run
 * time and do not count; every other import is followed through src/.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import * as ts from 'typescript';

const SRC = resolve(__dirname, '..', '..', '..', 'src');
const RESOLUTION: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  resolveJsonModule: true,
};

/** Decisions over plain data: the request changes and the approval loop's choices. */
const PURE = [
  'requests/model.ts',
  'requests/state-machine.ts',
  'requests/plan-request.ts',
  'requests/authorize.ts',
  'requests/one-click.ts',
  'requests/row-change.ts',
  'requests/request-changes.ts',
  'requests/submit-plan.ts',
  'approvals/decide-click.ts',
  'approvals/choices.ts',
  'approvals/outcome.ts',
  'approvals/recheck.ts',
  'approvals/reconcile-claim.ts',
];

/** Where I/O lives: storage, Graph (its plain types apart), the Teams edge, the wiring, the runs. */
const IO_MODULES =
  /^(store\/(?!errors\.ts$)|graph\/(?!types\.ts$)|teams\/|auth\/|watchers\/|limits\/|services\.ts$|runtime\.ts$|app\.ts$|index\.ts$|requests\/(submit|transition-path|transition-ports)\.ts$|approvals\/(click|execute|verify|reconcile|publish|notify|admin-card|audit|in-flight)\.ts$)/;
/** Packages with no I/O a pure module may use. */
const PURE_PACKAGES = new Set(['adaptivecards-templating']);

/** Imports that are still there at run time (not `import type`, not all-type named imports). */
function runtimeImports(source: string): string[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (!!clause &&
          !clause.name &&
          !!clause.namedBindings &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

/** What loading `start` loads: src files (relative to src/) and package names. */
function loadedBy(start: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [resolve(SRC, start)];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of runtimeImports(readFileSync(file, 'utf8'))) {
      const target = ts.resolveModuleName(specifier, file, RESOLUTION, ts.sys).resolvedModule?.resolvedFileName;
      if (target && target.startsWith(SRC) && !target.endsWith('.d.ts')) todo.push(target);
      else packages.add(specifier);
    }
  }
  return { files: [...files].map((f) => relative(SRC, f).split('\\').join('/')), packages: [...packages] };
}

describe('the pure core', () => {
  it.each(PURE)('%s loads no I/O module or package', (module) => {
    const { files, packages } = loadedBy(module);
    expect(files.filter((f) => IO_MODULES.test(f))).toEqual([]);
    expect(packages.filter((p) => !PURE_PACKAGES.has(p))).toEqual([]);
  });

  it('the check follows runtime imports and ignores type-only ones', () => {
    const source =
      "import type { A } from './a';\nimport { type B } from './b';\nimport { c, type C } from './c';\nexport { d } from './d';\nexport type { E } from './e';";
    expect(runtimeImports(source)).toEqual(['./c', './d']);
    expect(IO_MODULES.test('store/requests-store.ts')).toBe(true);
    expect(IO_MODULES.test('graph/types.ts')).toBe(false);
  });

  it('the check sees I/O reached indirectly (submit.ts posts cards through the Teams edge)', () => {
    const { files, packages } = loadedBy('requests/submit.ts');
    expect(files.filter((f) => IO_MODULES.test(f)).length).toBeGreaterThan(0);
    expect(packages).toContain('node:crypto');
  });
});
