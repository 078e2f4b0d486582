/**
 * `npm run bench -- --write-readme`: README's benchmark table is rewritten from the run's own
 * figures, between two marker comments, so the published numbers are always a real run's (the
 * lead reruns it on a quiet machine; figures from a shared, busy machine are noisy).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { BenchRow } from './table';

export const TABLE_START = '<!-- bench-table:start (written by `npm run bench -- --write-readme`) -->';
export const TABLE_END = '<!-- bench-table:end -->';

interface RunFacts {
  generated_at: string;
  environment: { node: string; platform: string; cpus: number };
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Pure: the markdown table for these rows. */
export function markdownTable(rows: readonly BenchRow[], run: RunFacts): string {
  const lines = [
    `Measured ${run.generated_at.slice(0, 16).replace('T', ' ')} UTC on ${run.environment.cpus} CPU cores (${run.environment.platform}, Node ${run.environment.node}).`,
    '',
    '| metric | value | target | met? | note |',
    '|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const value = r.value === null ? 'n/a' : `${r.value}${r.unit ? ` ${r.unit}` : ''}`;
    const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
    lines.push(`| \`${r.metric}\` | ${value} | ${escapeCell(r.target)} | ${met} | ${escapeCell(r.note ?? '')} |`);
  }
  return lines.join('\n');
}

/** Pure: the README with the text between the markers replaced (markers required, once each). */
export function replaceTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`README.md has no "${TABLE_START}" ... "${TABLE_END}" section to rewrite`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

export function writeReadmeTable(path: string, rows: readonly BenchRow[], run: RunFacts): void {
  writeFileSync(path, replaceTable(readFileSync(path, 'utf8'), markdownTable(rows, run)));
}
