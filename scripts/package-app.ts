/**
 * npm run package -- [--env local|dev|<name>]
 * Builds appPackage/build/appPackage.<env>.zip (and manifest.<env>.json beside it, for review) from
 * appPackage/manifest.json with placeholders filled from env/.env.<env> and the process environment.
 * The environment defaults to TEAMSFX_ENV, else "local". Exits 1, naming the problem, when a
 * placeholder has no value or the manifest or icons would be rejected by Teams.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PackageError, buildAppPackage } from '../src/app-package/build-app-package';
import { packageVariables } from '../src/app-package/env';
import { UnfilledPlaceholderError } from '../src/app-package/placeholders';

function envName(argv: string[]): string {
  const i = argv.findIndex((a) => a === '--env' || a.startsWith('--env='));
  if (i < 0) return process.env.TEAMSFX_ENV || 'local';
  const value = argv[i]!.includes('=') ? argv[i]!.slice('--env='.length) : argv[i + 1];
  if (!value) throw new Error('--env needs a name, e.g. --env dev');
  return value;
}

async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const env = envName(process.argv.slice(2));
  const dir = join(root, 'appPackage');
  const pkg = await buildAppPackage({
    template: readFileSync(join(dir, 'manifest.json'), 'utf8'),
    color: readFileSync(join(dir, 'color.png')),
    outline: readFileSync(join(dir, 'outline.png')),
    vars: packageVariables(root, env, process.env),
  });
  const out = join(dir, 'build');
  mkdirSync(out, { recursive: true });
  const zipPath = join(out, `appPackage.${env}.zip`);
  writeFileSync(join(out, `manifest.${env}.json`), pkg.manifestText);
  writeFileSync(zipPath, pkg.zip);
  console.log(
    `Built ${relative(root, zipPath)} (${pkg.zip.length} bytes). Upload it in Teams: Apps > Manage your apps > Upload an app.`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof UnfilledPlaceholderError) {
    console.error(
      `${err.message}\nThe env file is env/.env.<env> (see docs/deploy.md); provisioning with Teams Toolkit fills the ids.`,
    );
  } else {
    console.error(err instanceof PackageError ? err.message : err);
  }
  process.exit(1);
});
