/**
 * Every command example in README.md runs, and every output line README shows is what the command
 * prints, in that order. "..." in a README line stands for text left out; the Graph request count
 * may differ between runs (the line's numbers are compared as numbers of any value).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const README = readFileSync(join(root, 'README.md'), 'utf8');

interface Example {
  command: string[];
  output: string[];
}

/** Shell words of a one-line command (double quotes only, as README uses). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** Joins backslash continuations: README wraps long commands. */
function logicalLines(block: string): string[] {
  return block.replace(/\\\n\s*/g, '').split('\n');
}

export function examples(markdown: string): Example[] {
  const found: Example[] = [];
  for (const [, lang, body] of markdown.matchAll(/```(text|bash)\n([\s\S]*?)```/g)) {
    const lines = logicalLines(body);
    if (lang === 'text' && lines[0]?.startsWith('$ npm run -s cli -- ')) {
      found.push({
        command: words(lines[0].slice('$ npm run -s cli -- '.length)),
        output: lines.slice(1).filter((l) => l.trim() !== ''),
      });
    } else if (lang === 'bash') {
      for (const l of lines.map((x) => x.trim()))
        if (l.startsWith('npm run -s cli -- '))
          found.push({ command: words(l.slice('npm run -s cli -- '.length)), output: [] });
    }
  }
  return found;
}

function linePattern(readmeLine: string): RegExp {
  const parts = readmeLine
    .trimEnd()
    .split('...')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  let source = parts.join('.*');
  if (/^Graph: \d+ requests? in \d+ round trips?$/.test(readmeLine.trim()))
    source = 'Graph: \\d+ requests? in \\d+ round trips?';
  return new RegExp(`^${source}$`);
}

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'with-sim-ca.js'), 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const found = examples(README);

test('README has the terminal examples this test checks', () => {
  expect(found.length).toBeGreaterThanOrEqual(3);
  expect(found.some((e) => e.output.length > 0)).toBe(true);
});

test.each(found.map((e) => [e.command.join(' '), e] as const))('README example runs as shown: %s', (_name, example) => {
  const result = run(example.command);
  expect(result.status).toBe(0);
  const printed = result.stdout.split('\n').map((l) => l.trimEnd());
  let at = 0;
  for (const expected of example.output) {
    if (expected.trim() === '...') continue;
    const pattern = linePattern(expected);
    const hit = printed.findIndex((l, i) => i >= at && pattern.test(l));
    if (hit < 0)
      throw new Error(`README line not printed (in this order): ${expected}\n--- printed ---\n${result.stdout}`);
    at = hit + 1;
  }
});

test('consent-doctor sim --help, which the CLI help points to, answers with its usage', () => {
  const result = run(['sim', '--help']);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^Usage: consent-doctor sim --tenant FIXTURE/);
});
