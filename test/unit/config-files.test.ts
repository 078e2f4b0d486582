/**
 * Env files: the tiny parser, file selection and precedence (process environment wins).
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvFileError, parseEnvFile } from '../../src/env-file';
import { envFilesFor, loadConfigFromProcess, readConfigEnvironment } from '../../src/config';
import { tempDirs } from '../helpers/temp-dirs';

const temp = tempDirs();

describe('parseEnvFile', () => {
  it('reads KEY=value lines, comments, export, quotes and inline comments', () => {
    const text = [
      '# comment',
      '',
      'A=1',
      'export B = two ',
      'C="x\\ny # not a comment"',
      "D='raw\\n'",
      'E=plain # trailing comment',
      'F=',
      'G=a=b',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      A: '1',
      B: 'two',
      C: 'x\ny # not a comment',
      D: 'raw\\n',
      E: 'plain',
      F: '',
      G: 'a=b',
    });
  });
  it('reports the file and line of a malformed entry', () => {
    expect(() => parseEnvFile('A=1\nnot a pair', 'env/.env.local')).toThrow(
      new EnvFileError('env/.env.local', 2, 'expected KEY=value'),
    );
    expect(() => parseEnvFile('1A=x', 'f')).toThrow(/invalid variable name/);
    expect(() => parseEnvFile('A="open', 'f')).toThrow(/unterminated/);
  });
});

describe('env files and precedence', () => {
  const root = temp.make('cd-config-');
  mkdirSync(join(root, 'env'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ version: '9.9.9' }));
  writeFileSync(join(root, 'env', '.env.local'), 'PORT=4000\nLOG_LEVEL=debug\nDIGEST_TIMEZONE=Europe/Berlin\n');
  writeFileSync(join(root, 'env', '.env.local.user'), 'LOG_LEVEL=warn\n');
  writeFileSync(join(root, 'env', '.env.dev'), 'BOT_ID=\nPORT=8080\n');

  it('picks env/.env.<TEAMSFX_ENV>, else dev under NODE_ENV=production, else local', () => {
    expect(envFilesFor({}, root)).toEqual([join(root, 'env', '.env.local'), join(root, 'env', '.env.local.user')]);
    expect(envFilesFor({ NODE_ENV: 'production' }, root)[0]).toBe(join(root, 'env', '.env.dev'));
    expect(envFilesFor({ TEAMSFX_ENV: 'staging' }, root)[0]).toBe(join(root, 'env', '.env.staging'));
  });

  it('merges files (.user overrides) and lets the process environment win', () => {
    expect(readConfigEnvironment({ PORT: '5000' }, root)).toMatchObject({
      PORT: '5000',
      LOG_LEVEL: 'warn',
      DIGEST_TIMEZONE: 'Europe/Berlin',
    });
  });

  it('loads a full local config, generating and keeping a card MAC key in .data/', () => {
    const first = loadConfigFromProcess({}, root);
    expect(first).toMatchObject({ mode: 'local', port: 4000, version: '9.9.9', logLevel: 'warn' });
    const keyFile = join(root, '.data', 'card-mac-key');
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(first.cardMacKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadConfigFromProcess({}, root).cardMacKey).toBe(first.cardMacKey);
  });

  it('in production, an empty BOT_ID in env/.env.dev still counts as missing', () => {
    expect(() => loadConfigFromProcess({ NODE_ENV: 'production' }, root)).toThrow(/BOT_ID: required/);
  });
});
