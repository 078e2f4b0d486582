/**
 * Variables for filling the manifest of environment <name>: env/.env.<name>, then the git-ignored
 * env/.env.<name>.user, then the process environment, which wins (same precedence as src/config.ts,
 * so CI can pass ids without writing files).
 */
import { join } from 'node:path';
import { readEnvFiles } from '../env-file';

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function envFilePaths(root: string, envName: string): string[] {
  if (!ENV_NAME.test(envName)) throw new Error(`invalid environment name "${envName}" (letters, digits, "-" and "_")`);
  return [join(root, 'env', `.env.${envName}`), join(root, 'env', `.env.${envName}.user`)];
}

export function packageVariables(
  root: string,
  envName: string,
  processEnv: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const defined = Object.fromEntries(Object.entries(processEnv).filter(([, v]) => v !== undefined && v !== ''));
  return { ...readEnvFiles(envFilePaths(root, envName)), ...defined };
}
