/**
 * npm run package:deploy
 * Builds the App Service deploy package: only what runs in production.
 *   build/deploy/site/              dist/src (compiled), package.json, package-lock.json and the
 *                                   production node_modules (npm ci --omit=dev), minus .webappignore
 *   build/deploy/consent-doctor.zip the same folder zipped, for `az webapp deploy --type zip`
 * The Agents Toolkit's deploy step (m365agents.yml) uploads build/deploy/site. Refuses to write a
 * package that holds local data, env files, tests or keys (src/app-package/deploy-contents.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deployPackageProblems, parseIgnoreFile, type PathMatcher } from '../src/app-package/deploy-contents';
import { writeZip, type ZipEntry } from '../src/app-package/zip';

const ROOT = join(__dirname, '..');
export const DEPLOY_DIR = join(ROOT, 'build', 'deploy');
export const SITE_DIR = join(DEPLOY_DIR, 'site');
export const DEPLOY_ZIP = join(DEPLOY_DIR, 'consent-doctor.zip');

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
}

/** Files under `dir` as `/`-separated paths; ignored files and every symlink (node_modules/.bin) are removed from disk. */
function collect(dir: string, ignored: PathMatcher): string[] {
  const files: string[] = [];
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const path = join(abs, name);
      const rel = relative(dir, path).split('\\').join('/');
      const stat = lstatSync(path);
      if (stat.isSymbolicLink() || ignored(rel)) rmSync(path, { recursive: true, force: true });
      else if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) files.push(rel);
    }
  };
  walk(dir);
  return files;
}

function main(): void {
  const started = Date.now();
  rmSync(DEPLOY_DIR, { recursive: true, force: true });
  mkdirSync(SITE_DIR, { recursive: true });

  console.log('== build (tsc -p tsconfig.build.json)');
  run('npm', ['run', 'build'], ROOT);
  // Only dist/src: the simulator (dist/sim) is a local tool that production never loads.
  cpSync(join(ROOT, 'dist', 'src'), join(SITE_DIR, 'dist', 'src'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(SITE_DIR, file));

  console.log('== production dependencies (npm ci --omit=dev)');
  run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], SITE_DIR);

  const files = collect(SITE_DIR, parseIgnoreFile(readFileSync(join(ROOT, '.webappignore'), 'utf8')));
  const problems = deployPackageProblems(files, (p) => readFileSync(join(SITE_DIR, p)));
  if (problems.length) {
    console.error(
      ['The deploy package was not written:', ...problems.map((p) => `  - ${p.path}: ${p.reason}`)].join('\n'),
    );
    process.exit(1);
  }
  // For the Agents Toolkit's zipDeploy, which runs with workingDirectory build/deploy/site.
  cpSync(join(ROOT, '.webappignore'), join(SITE_DIR, '.webappignore'));
  const entries: ZipEntry[] = files.map((name) => ({ name, data: readFileSync(join(SITE_DIR, name)) }));
  const zip = writeZip(entries, { level: 6 });
  writeFileSync(DEPLOY_ZIP, zip);
  const rawBytes = entries.reduce((n, e) => n + e.data.length, 0);
  console.log(
    `Built ${relative(ROOT, DEPLOY_ZIP)}: ${files.length} files, ${(rawBytes / 1e6).toFixed(1)} MB unpacked, ` +
      `${(zip.length / 1e6).toFixed(1)} MB zipped, in ${((Date.now() - started) / 1000).toFixed(0)} s.\n` +
      `Deploy: az webapp deploy -g <resource group> -n <web app> --src-path ${relative(ROOT, DEPLOY_ZIP)} --type zip`,
  );
}

if (require.main === module) main();
