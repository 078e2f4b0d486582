/**
 * `npm run bench -- --write-readme` rewrites only README's benchmark table, from the run's rows.
 */
import { markdownTable, replaceTable, TABLE_END, TABLE_START } from '../../../bench/readme-table';

const run = {
  generated_at: '2026-12-02T00:40:00.000Z',
  environment: { node: 'v22.0.0', platform: 'linux-x64', cpus: 2 },
};

describe('README benchmark table', () => {
  it('writes each row with its value, target, whether it was met and its note', () => {
    const table = markdownTable(
      [
        {
          metric: 'reply_cpu_ratio_vs_echo',
          value: 1.8,
          unit: 'x',
          target: '<= 2',
          met: true,
          note: 'same run | same load',
        },
        { metric: 'rss_mb', value: null, unit: 'MB', target: '<= 160', met: null, note: 'not available: no /proc' },
        { metric: 'graph_requests_per_diagnosis_warm', value: 11, unit: '', target: '<= 10', met: false },
      ],
      run,
    );
    expect(table).toContain('Measured 2026-12-02 00:40 UTC on 2 CPU cores');
    expect(table).toContain('| `reply_cpu_ratio_vs_echo` | 1.8 x | <= 2 | yes | same run \\| same load |');
    expect(table).toContain('| `rss_mb` | n/a | <= 160 |  | not available: no /proc |');
    expect(table).toContain('| `graph_requests_per_diagnosis_warm` | 11 | <= 10 | **no** |  |');
  });

  it('replaces only what is between the markers, and refuses a README without them', () => {
    const readme = `# Title\n\nbefore\n${TABLE_START}\nold table\n${TABLE_END}\nafter\n`;
    const out = replaceTable(readme, 'new table');
    expect(out).toBe(`# Title\n\nbefore\n${TABLE_START}\nnew table\n${TABLE_END}\nafter\n`);
    expect(replaceTable(out, 'newer')).toContain(`${TABLE_START}\nnewer\n${TABLE_END}`);
    expect(() => replaceTable('# no markers', 'x')).toThrow(/bench-table:start/);
  });
});
