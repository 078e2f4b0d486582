import * as ts from 'typescript';
import { readdirSync, statSync, readFileSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
function walk(d: string): string[] { return readdirSync(d).flatMap((n) => { if (n === 'node_modules' || n.startsWith('.')) return []; const p = join(d, n); return statSync(p).isDirectory() ? walk(p) : /\.(ts|tsx)$/.test(p) && !p.endsWith('.d.ts') ? [p] : []; }); }
const ROOT = resolve('.');
const all = ['src', 'sim', 'scripts', 'bench', 'test'].flatMap((d) => walk(join(ROOT, d)));
const opts: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, resolveJsonModule: true };
// exports per src file
const exportsOf = new Map<string, Set<string>>();
const uses = new Map<string, { prod: boolean; test: boolean }>(); // key file#name
const star = new Map<string, string[]>();
function key(f: string, n: string) { return `${f}#${n}`; }
function mark(f: string, n: string, from: string) { const k = key(f, n); const u = uses.get(k) ?? { prod: false, test: false }; if (from.startsWith(join(ROOT, 'test'))) u.test = true; else u.prod = true; uses.set(k, u); }
const reexports: Array<{ from: string; target: string; names: Array<[string, string]> | '*' }> = [];
for (const f of all) {
  const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true);
  const res = (spec: string) => ts.resolveModuleName(spec, f, opts, ts.sys).resolvedModule?.resolvedFileName;
  const ex = new Set<string>();
  sf.forEachChild((n) => {
    const mods = ts.canHaveModifiers(n) ? ts.getModifiers(n) : undefined;
    const isExp = mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (isExp) {
      if (ts.isVariableStatement(n)) n.declarationList.declarations.forEach((d) => ts.isIdentifier(d.name) && ex.add(d.name.text));
      else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isEnumDeclaration(n)) && n.name) ex.add(n.name.text);
    }
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const t = res(n.moduleSpecifier.text); if (!t) return;
      const c = n.importClause; if (!c) return;
      if (c.name) mark(t, 'default', f);
      if (c.namedBindings && ts.isNamedImports(c.namedBindings)) c.namedBindings.elements.forEach((e) => mark(t, (e.propertyName ?? e.name).text, f));
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) mark(t, '*', f);
    }
    if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const t = res(n.moduleSpecifier.text); if (!t) return;
      if (!n.exportClause) reexports.push({ from: f, target: t, names: '*' });
      else if (ts.isNamedExports(n.exportClause)) { const names: Array<[string, string]> = n.exportClause.elements.map((e) => [(e.propertyName ?? e.name).text, e.name.text]); names.forEach(([, o]) => ex.add(o)); reexports.push({ from: f, target: t, names }); }
    }
  });
  // dynamic imports: await import('x') with destructuring -> mark '*'
  const visit = (n: ts.Node) => { if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) { const t = res(n.arguments[0].text); if (t) { let p: ts.Node = n.parent; while (p && (ts.isAwaitExpression(p) || ts.isParenthesizedExpression(p))) p = p.parent; if (ts.isVariableDeclaration(p) && ts.isObjectBindingPattern(p.name)) p.name.elements.forEach((e) => mark(t, ((e.propertyName ?? e.name) as ts.Identifier).text, f)); else mark(t, '*', f); } }
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) { const t = res(n.argument.literal.text); if (t && n.qualifier && ts.isIdentifier(n.qualifier)) mark(t, n.qualifier.text, f); }
    n.forEachChild(visit); };
  visit(sf);
  exportsOf.set(f, ex);
}
// propagate re-exports
for (let i = 0; i < 5; i++) for (const r of reexports) {
  if (r.names === '*') { for (const n of exportsOf.get(r.target) ?? []) { const u = uses.get(key(r.from, n)); if (u) { if (u.prod) mark(r.target, n, join(ROOT, 'src')); if (u.test) mark(r.target, n, join(ROOT, 'test', 'x')); } } }
  else for (const [orig, out] of r.names) { const u = uses.get(key(r.from, out)); if (u) { if (u.prod) mark(r.target, orig, join(ROOT, 'src')); if (u.test) mark(r.target, orig, join(ROOT, 'test', 'x')); } }
}
const dir = process.argv[2] ?? 'src';
for (const [f, ex] of exportsOf) {
  if (!f.startsWith(join(ROOT, dir))) continue;
  if (uses.get(key(f, '*'))) continue;
  for (const n of ex) {
    const u = uses.get(key(f, n));
    const txt = readFileSync(f, 'utf8'); const local = (txt.match(new RegExp(`\\b${n}\\b`, 'g')) ?? []).length > 1;
    if (!u) console.log(`DEAD${local ? '(local)' : ''} ${relative(ROOT, f)} ${n}`);
    else if (!u.prod) console.log(`TESTONLY${local ? '(local)' : ''} ${relative(ROOT, f)} ${n}`);
  }
}
