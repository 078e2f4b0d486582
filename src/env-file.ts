/**
 * A tiny parser for Teams Toolkit style env files (env/.env.local, env/.env.dev, ...).
 * We do not depend on dotenv: the format we need is small and we want exact control over
 * precedence (the process environment always wins over files; see src/config.ts).
 *
 * Supported: `KEY=value`, `export KEY=value`, `# comments`, blank lines, single- or
 * double-quoted values (double quotes understand \n, \r, \t, \\ and \"), and inline
 * ` # comments` after unquoted values.
 */
import { existsSync, readFileSync } from 'node:fs';

export type EnvMap = Record<string, string>;

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class EnvFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'EnvFileError';
  }
}

export function parseEnvFile(text: string, file = '<env>'): EnvMap {
  const out: EnvMap = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const body = line.startsWith('export ') ? line.slice('export '.length).trim() : line;
    const eq = body.indexOf('=');
    if (eq <= 0) throw new EnvFileError(file, index + 1, 'expected KEY=value');
    const key = body.slice(0, eq).trim();
    if (!KEY.test(key)) throw new EnvFileError(file, index + 1, `invalid variable name "${key}"`);
    out[key] = parseValue(body.slice(eq + 1).trim(), file, index + 1);
  });
  return out;
}

function parseValue(value: string, file: string, line: number): string {
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const end = value.lastIndexOf(quote);
    if (end === 0) throw new EnvFileError(file, line, 'unterminated quoted value');
    const inner = value.slice(1, end);
    if (quote === "'") return inner;
    return inner.replace(/\\([nrt"\\])/g, (_m, c: string) =>
      c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c,
    );
  }
  const hash = value.search(/\s#/);
  return (hash >= 0 ? value.slice(0, hash) : value).trim();
}

/** Reads and merges files in order (later files override earlier); missing files are skipped. */
export function readEnvFiles(paths: string[]): EnvMap {
  const merged: EnvMap = {};
  for (const path of paths) {
    if (!existsSync(path)) continue;
    Object.assign(merged, parseEnvFile(readFileSync(path, 'utf8'), path));
  }
  return merged;
}
