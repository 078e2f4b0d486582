/**
 * TLS material for the simulator: the same CA and localhost certificate that
 * scripts/with-sim-ca.js creates and hands to every project process via NODE_EXTRA_CA_CERTS.
 * The generator lives in scripts/sim-ca.js (plain JS, it runs before TypeScript is available);
 * this module loads it from the project root so it works from sources and from dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface SimTlsMaterial {
  caPath: string;
  certPath: string;
  keyPath: string;
  ca: string;
  cert: string;
  key: string;
}

interface SimCaModule {
  ensureSimCa(options?: { dataDir?: string }): SimTlsMaterial;
}

/** The nearest ancestor directory of this file whose package.json is this project's. */
export function projectRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(path.join(dir, 'scripts', 'sim-ca.js'))) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'consent-doctor') return dir;
      } catch {
        /* keep looking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`consent-doctor project root not found above ${from}`);
    dir = parent;
  }
}

export function ensureSimTls(dataDir?: string): SimTlsMaterial {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(projectRoot(), 'scripts', 'sim-ca.js')) as SimCaModule;
  return mod.ensureSimCa(dataDir ? { dataDir } : {});
}

/** Whether this process trusts the simulator CA (Node reads NODE_EXTRA_CA_CERTS only at start-up). */
export function processTrustsSimCa(material: SimTlsMaterial): boolean {
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (!extra) return false;
  try {
    return readFileSync(extra, 'utf8').includes(material.ca.trim());
  } catch {
    return false;
  }
}
