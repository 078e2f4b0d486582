/**
 * Cards come from the JSON templates in src/cards/templates (expanded by src/cards/render.ts), so what
 * a card shows is read in one place and every card passes through the same escaping and checks. A
 * card element written as an object literal anywhere in src/ fails this test; the validator and the
 * card types name element types without building cards.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '..', '..', '..', 'src');
const NAMES_ELEMENTS_WITHOUT_BUILDING = new Set(['cards/validate.ts', 'cards/types.ts']);
const ELEMENT_LITERAL =
  /\btype:\s*'(AdaptiveCard|TextBlock|Container|ColumnSet|Column|FactSet|Image|Action\.\w+|Input\.\w+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function elementLiterals(source: string): string[] {
  return [...source.matchAll(ELEMENT_LITERAL)].map((m) => m[1]!);
}

describe('cards only from templates', () => {
  it('no file in src/ builds a card element by hand', () => {
    const offending = sourceFiles(SRC)
      .map((path) => relative(SRC, path).split('\\').join('/'))
      .filter((name) => !NAMES_ELEMENTS_WITHOUT_BUILDING.has(name))
      .flatMap((name) => elementLiterals(readFileSync(join(SRC, name), 'utf8')).map((t) => `${name}: ${t}`));
    expect(offending).toEqual([]);
  });

  it('would notice one', () => {
    expect(elementLiterals("const line = { type: 'TextBlock', text: note, wrap: true };")).toEqual(['TextBlock']);
    expect(elementLiterals("if (action.type === 'Action.Execute') return 'manual';")).toEqual([]);
  });
});
