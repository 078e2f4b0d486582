/**
 * The deploy package rules on plain path lists: the .webappignore matcher and the safety net that
 * refuses local data, env files, tests and keys whatever the ignore file says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployPackageProblems, parseIgnoreFile } from '../../../src/app-package/deploy-contents';

const ROOT = join(__dirname, '..', '..', '..');

describe('parseIgnoreFile', () => {
  const ignored = parseIgnoreFile(
    ['# comment', '', '.data/', '/test/', '*.map', 'node_modules/.bin/', '*.ts', '!keep.ts', 'a/**/z'].join('\n'),
  );
  it.each([
    ['.data/sim/ca-key.pem', true],
    ['dist/.data/x', true], // unanchored directory pattern matches at any depth
    ['.data', false], // a directory-only pattern does not match a file of that name
    ['test/unit/x.test.ts', true],
    ['node_modules/foo/test/index.js', false], // /test/ is anchored at the root
    ['dist/src/index.js.map', true],
    ['dist/src/index.js', false],
    ['node_modules/.bin/tsc', true],
    ['node_modules/x/index.d.ts', true],
    ['node_modules/x/keep.ts', false],
    ['a/z', true],
    ['a/b/c/z', true],
  ])('%s -> ignored %s', (path, expected) => {
    expect(ignored(path)).toBe(expected);
  });

  it("the project's .webappignore leaves out secrets, tests and sources but keeps what runs", () => {
    const project = parseIgnoreFile(readFileSync(join(ROOT, '.webappignore'), 'utf8'));
    for (const p of [
      '.data/card-mac-key',
      'env/.env.dev.user',
      'env/.env.dev',
      '.env',
      'test/unit/a.test.ts',
      'src/index.ts',
      'sim/index.ts',
      'infra/azure.bicep',
      'server-key.pem',
      'node_modules/x/tls.key',
      'm365agents.yml',
      'dist/src/index.js.map',
    ]) {
      expect([p, project(p)]).toEqual([p, true]);
    }
    for (const p of [
      'dist/src/index.js',
      'package.json',
      'package-lock.json',
      'node_modules/botbuilder/lib/index.js',
      'node_modules/restify/package.json',
    ]) {
      expect([p, project(p)]).toEqual([p, false]);
    }
  });
});

describe('deployPackageProblems', () => {
  const good = ['package.json', 'package-lock.json', 'dist/src/index.js', 'node_modules/botbuilder/package.json'];
  const none = (): Buffer => Buffer.from('module.exports = {};');

  it('accepts dist, package files and node_modules', () => {
    expect(deployPackageProblems(good, none)).toEqual([]);
  });

  it.each([
    ['.data/card-mac-key', /local data/],
    ['env/.env.dev.user', /env files/],
    ['test/unit/a.test.js', /tests/],
    ['dist/src/.env', /environment file/],
    ['node_modules/x/.env.production', /environment file/],
    ['dist/src/x.user', /environment file/],
    ['dist/src/server-key.pem', /key or certificate/],
    ['node_modules/x/test/fixtures/tls.key', /key or certificate/],
    ['README.md', /not part of what runs/],
    ['src/index.ts', /not part of what runs/],
  ])('refuses %s', (path, reason) => {
    const problems = deployPackageProblems([...good, path], none);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe(path);
    expect(problems[0]!.reason).toMatch(reason);
  });

  it('refuses our own files that contain a private key, and a package without the entry point or dependencies', () => {
    const key = Buffer.from('const k = `-----BEGIN PRIVATE KEY-----\nMIIE...`;');
    expect(
      deployPackageProblems([...good, 'dist/src/leak.js'], (p) => (p === 'dist/src/leak.js' ? key : none())),
    ).toEqual([{ path: 'dist/src/leak.js', reason: 'contains a private key' }]);
    expect(deployPackageProblems(['package.json'], none).map((p) => p.path)).toEqual([
      'dist/src/index.js',
      'node_modules/',
    ]);
  });
});
