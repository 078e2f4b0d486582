/**
 * What the App Service deploy package may contain, as pure functions over relative paths.
 *
 * Two rules, applied by scripts/package-deploy.ts when it builds the zip and again by the package
 * test when it opens the built zip:
 * - `.webappignore` (gitignore-style lines) says what is never shipped. The Agents Toolkit's
 *   azureAppService/zipDeploy reads the same file, so both deploy paths leave out the same things.
 * - `deployPackageProblems` is the safety net: whatever the ignore file says, a package holding local
 *   data, env files, tests or private keys is refused.
 */

export interface PathMatcher {
  (relativePath: string): boolean;
}

/** One `.webappignore` line as a regular expression over `/`-separated relative paths. */
function patternToRegExp(pattern: string): RegExp {
  let p = pattern;
  const directoryOnly = p.endsWith('/');
  if (directoryOnly) p = p.slice(0, -1);
  // A slash at the start or in the middle anchors the pattern at the root (gitignore semantics).
  const anchored = p.startsWith('/') || p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      body += '.*';
      i++;
      if (p[i + 1] === '/') i++;
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  // A directory pattern matches everything below it; a plain pattern matches the path or anything below it.
  const suffix = directoryOnly ? '/.*$' : '(?:/.*)?$';
  return new RegExp(prefix + body + suffix);
}

/** Parses an ignore file: blank lines and `#` comments skipped, `!pattern` re-includes. */
export function parseIgnoreFile(text: string): PathMatcher {
  const rules = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) =>
      line.startsWith('!')
        ? { include: true, re: patternToRegExp(line.slice(1)) }
        : { include: false, re: patternToRegExp(line) },
    );
  return (relativePath) => {
    let ignored = false;
    for (const rule of rules) if (rule.re.test(relativePath)) ignored = !rule.include;
    return ignored;
  };
}

export interface PackageProblem {
  path: string;
  reason: string;
}

const PRIVATE_KEY_FILE = /\.(pem|key|pfx|p12)$/i;
const PRIVATE_KEY_TEXT = /-----BEGIN (?:RSA |EC |ENCRYPTED |OPENSSH )?PRIVATE KEY-----/;

/**
 * Everything in a deploy package that must not be there. `paths` are the zip entry names;
 * `read` returns an entry's content (only called for files outside node_modules, which are ours).
 */
export function deployPackageProblems(paths: string[], read: (path: string) => Buffer): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const add = (path: string, reason: string): void => {
    problems.push({ path, reason });
  };
  for (const path of paths) {
    const parts = path.split('/');
    const base = parts[parts.length - 1]!;
    const ours = parts[0] !== 'node_modules';
    if (parts[0] === '.data') add(path, 'local data (simulator CA key, card MAC key, Azurite files)');
    else if (parts[0] === 'env')
      add(path, 'env files are for the Toolkit and local runs; App Service reads app settings');
    else if (parts[0] === 'test' || parts[0] === 'bench') add(path, 'tests and benchmarks do not run in production');
    else if (/^\.env(\.|$)/.test(base) || base.endsWith('.user')) add(path, 'environment file (may hold secrets)');
    else if (PRIVATE_KEY_FILE.test(base)) add(path, 'key or certificate file');
    else if (ours && parts[0] !== 'dist' && !['package.json', 'package-lock.json'].includes(path))
      add(path, 'not part of what runs (dist/, package.json, package-lock.json, node_modules/)');
    else if (ours && PRIVATE_KEY_TEXT.test(read(path).toString('latin1'))) add(path, 'contains a private key');
  }
  if (!paths.includes('dist/src/index.js'))
    add('dist/src/index.js', 'missing: App Service starts the bot with `node dist/src/index.js`');
  if (!paths.some((p) => p.startsWith('node_modules/')))
    add('node_modules/', 'missing: the site installs nothing at start-up, dependencies travel in the package');
  return problems;
}
