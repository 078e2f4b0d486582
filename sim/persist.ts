/**
 * The simulated tenant kept on disk in local mode, next to Azurite's data (`<data dir>/sim/`), so a
 * restart keeps every grant and assignment the bot wrote: the bot's stored requests ("Approved and
 * fixed") and the tenant they describe survive, or are removed, together. A state file belongs to
 * one fixture: when the fixture file changes, the tenant starts again from it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TenantFixture } from './fixture';

interface StateFile {
  /** sha256 of the fixture the state started from. */
  fixture: string;
  savedAt: string;
  tenant: TenantFixture;
}

export function fixtureHash(fixture: TenantFixture): string {
  return createHash('sha256').update(JSON.stringify(fixture)).digest('hex');
}

export function stateFile(dir: string, tenantId: string): string {
  return path.join(dir, `tenant-${tenantId.toLowerCase().replace(/[^a-z0-9-]/g, '_')}.json`);
}

/** The saved tenant when it started from this very fixture; null otherwise (or when unreadable). */
export function loadSavedTenant(file: string, hash: string): TenantFixture | null {
  if (!existsSync(file)) return null;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as StateFile;
    return saved.fixture === hash && saved.tenant?.tenant?.id ? saved.tenant : null;
  } catch {
    return null;
  }
}

/** Atomic write (temp file + rename): a crash mid-write never leaves half a tenant. */
export function saveTenant(file: string, hash: string, tenant: TenantFixture): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const body: StateFile = { fixture: hash, savedAt: new Date().toISOString(), tenant };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(body));
  renameSync(tmp, file);
}
