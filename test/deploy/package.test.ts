/**
 * The App Service deploy package as built by `npm run package:deploy` (build/deploy/consent-doctor.zip):
 * opened with the project's zip reader, checked for anything secret or unneeded, then unpacked and
 * started in production mode against Azurite to show it runs with nothing but what it carries.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deployPackageProblems, parseIgnoreFile } from '../../src/app-package/deploy-contents';
import type { ZipEntry } from '../../src/app-package/zip';
import { deployedNodeOptions } from '../../bench/compile';
import { readZip } from '../helpers/read-zip';
import { startTestAzurite, type TestAzurite } from '../helpers/azurite';
import { tempDirs } from '../helpers/temp-dirs';

const ROOT = join(__dirname, '..', '..');
const ZIP = join(ROOT, 'build', 'deploy', 'consent-doctor.zip');
const temp = tempDirs();

let entries: ZipEntry[] = [];
let byName = new Map<string, Buffer>();

beforeAll(() => {
  if (!existsSync(ZIP)) throw new Error(`${ZIP} is missing: run \`npm run package:deploy\` first (.ci/run does)`);
  entries = readZip(readFileSync(ZIP));
  byName = new Map(entries.map((e) => [e.name, e.data]));
});

describe('deploy package contents', () => {
  it('holds no local data, env files, tests, keys or private-key text, and has the entry point', () => {
    expect(deployPackageProblems([...byName.keys()], (p) => byName.get(p)!)).toEqual([]);
  });

  it('leaves out everything .webappignore names', () => {
    const ignored = parseIgnoreFile(readFileSync(join(ROOT, '.webappignore'), 'utf8'));
    expect(entries.map((e) => e.name).filter(ignored)).toEqual([]);
  });

  it('ships only dist/src of our own code, and the same package.json and lock file as the repository', () => {
    const own = entries.map((e) => e.name).filter((n) => !n.startsWith('node_modules/'));
    expect(own.filter((n) => !n.startsWith('dist/src/'))).toEqual(['package-lock.json', 'package.json']);
    expect(byName.get('package.json')!.toString('utf8')).toBe(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(byName.get('package-lock.json')!.toString('utf8')).toBe(
      readFileSync(join(ROOT, 'package-lock.json'), 'utf8'),
    );
  });

  it('has every production dependency from the lock file and none that is dev-only', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; optional?: boolean }>;
    };
    const installed = (path: string): boolean => byName.has(`${path}/package.json`);
    const devOnly = Object.entries(lock.packages)
      .filter(([path, p]) => path && p.dev)
      .map(([path]) => path);
    expect(devOnly.filter(installed)).toEqual([]);
    const production = Object.entries(lock.packages)
      .filter(([path, p]) => path && !p.dev && !p.optional)
      .map(([path]) => path);
    expect(production.length).toBeGreaterThan(100);
    // botbuilder-dialogs' install step deletes three nested copies of recognizers-text-number.
    const removedByInstallScript = (path: string): boolean =>
      /recognizers-text-(suite|date-time|number-with-unit)\/node_modules\/@microsoft\/recognizers-text-number/.test(
        path,
      );
    expect(production.filter((p) => !installed(p) && !removedByInstallScript(p))).toEqual([]);
    for (const tool of ['typescript', 'jest', 'azurite', 'tsx', 'eslint', 'node-forge', 'playwright-core'])
      expect(installed(`node_modules/${tool}`)).toBe(false);
  });

  it('does not contain the local card MAC key or the simulator CA key, if this machine has them', () => {
    const secrets = [join(ROOT, '.data', 'card-mac-key'), join(ROOT, '.data', 'sim', 'ca-key.pem')]
      .filter((p) => existsSync(p))
      .map((p) => readFileSync(p, 'utf8').trim())
      .filter((s) => s.length >= 32);
    for (const secret of secrets) {
      const needle = secret.includes('PRIVATE KEY') ? secret.split('\n')[1]! : secret;
      expect(entries.filter((e) => e.data.includes(needle)).map((e) => e.name)).toEqual([]);
    }
  });
});

describe('the unpacked package', () => {
  let azurite: TestAzurite | null = null;
  let bot: ChildProcess | null = null;
  afterAll(async () => {
    bot?.kill('SIGTERM');
    await azurite?.stop();
  });

  it('starts in production mode with only its own node_modules and answers /healthz', async () => {
    const site = temp.make('cd-deploy-site-');
    for (const e of entries) {
      mkdirSync(dirname(join(site, e.name)), { recursive: true });
      writeFileSync(join(site, e.name), e.data);
    }
    azurite = await startTestAzurite();
    // With the production start's V8 options, so each Node version App Service runs is known to accept them.
    bot = spawn(process.execPath, [...deployedNodeOptions(ROOT), 'dist/src/index.js'], {
      cwd: site,
      // Nothing inherited (no NODE_EXTRA_CA_CERTS, no NODE_PATH into the repository's node_modules).
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        CONSENT_DOCTOR_DATA_DIR: join(site, '.data-outside-package'),
        HOST: '127.0.0.1',
        PORT: '0',
        BOT_ID: '11111111-2222-3333-4444-555555555555',
        BOT_PASSWORD: 'not-a-real-secret',
        BOT_TENANT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        STORAGE_CONNECTION_STRING: azurite.connectionString,
        CARD_MAC_KEY: randomBytes(32).toString('base64'), // production refuses guessable keys
        // Unreachable on purpose: the health report then says Graph is down, not that the bot is.
        GRAPH_AUTHORITY_URL: 'https://127.0.0.1:9',
        GRAPH_BASE_URL: 'https://127.0.0.1:9',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const m = /listening on (http:\/\/\S+)\/api\/messages/.exec(output);
        if (m) resolve(m[1]!);
      };
      bot!.stdout!.on('data', onData);
      bot!.stderr!.on('data', onData);
      bot!.once('exit', (code) => reject(new Error(`the packaged bot exited with ${code}:\n${output}`)));
    });
    const health = (await (await fetch(`${url}/healthz`)).json()) as { mode: string; storage: string; version: string };
    expect(health).toMatchObject({
      mode: 'production',
      storage: 'ok',
      version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    });
    expect(output).not.toMatch(/Cannot find module/);
  });
});
