/** The benchmark table printed by bench/run.ts: metric, value, target, met?, note. */
export interface BenchRow {
  metric: string;
  value: number | null;
  unit: string;
  /** e.g. "<= 400" or "= 2"; empty when the metric is informational. */
  target: string;
  /** null = no target, or not measured. */
  met: boolean | null;
  note?: string;
}

export function meets(value: number | null, op: '<=' | '=', limit: number): boolean | null {
  if (value === null) return null;
  return op === '<=' ? value <= limit : value === limit;
}

function cell(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.metric,
    r.value === null ? 'n/a' : `${r.value}${r.unit ? ` ${r.unit}` : ''}`,
    r.target || '-',
    r.met === null ? '-' : r.met ? 'yes' : 'NO',
    r.note ?? '',
  ]);
  const header = ['metric', 'value', 'target', 'met?', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 4 ? 0 : c[i].length))));
  const line = (c: string[]) =>
    c
      .map((t, i) => (i === 4 ? t : cell(t, widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w, i) => '-'.repeat(i === 4 ? 4 : w))), ...cells.map(line)].join('\n');
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;
