/**
 * Regenerates the tenant fixtures: test/fixtures/tenants/demo-contoso.json and one file per finding
 * code (plus combinations) under test/fixtures/tenants/findings/. Run: npx tsx scripts/make-fixtures.ts
 * The JSON is committed so tests and `consent-doctor diagnose --tenant` need no build step.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contosoTenant } from './fixtures/contoso';
import { CASES, buildCase } from './fixtures/findings';

const root = join(__dirname, '..', 'test', 'fixtures', 'tenants');
const findingsDir = join(root, 'findings');

function write(path: string, data: unknown): void {
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}

mkdirSync(findingsDir, { recursive: true });
write(join(root, 'demo-contoso.json'), contosoTenant());
// Remove stale case files so a renamed case does not linger.
for (const file of readdirSync(findingsDir)) if (file.endsWith('.json')) rmSync(join(findingsDir, file));
for (const c of CASES) write(join(findingsDir, `${c.name}.json`), buildCase(c));
process.stdout.write(`wrote demo-contoso.json and ${CASES.length} finding fixtures\n`);
