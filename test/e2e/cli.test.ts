/** One real process: bin/consent-doctor.js -> with-sim-ca -> tsx src/cli.ts -> simulator over HTTPS. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

test('bin/consent-doctor.js diagnoses the demo tenant from free text', () => {
  const env = { ...process.env };
  // The launcher must set up CA trust itself, whatever the parent had.
  delete env.NODE_EXTRA_CA_CERTS;
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'bin', 'consent-doctor.js'),
      'diagnose',
      '--tenant',
      join(root, 'test', 'fixtures', 'tenants', 'demo-contoso.json'),
      '--user',
      'erin@contoso.onmicrosoft.com',
      '--app',
      'Qlik OneDrive connector',
      '--json',
    ],
    { cwd: root, env, encoding: 'utf8', timeout: 60_000 },
  );
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.status).toBe(0);
  const out = JSON.parse(run.stdout) as {
    app: { displayName: string };
    findings: Array<{ code: string }>;
    graph: { roundTrips: number };
  };
  expect(out.app.displayName).toBe('Qlik Web Connectors (OneDrive)');
  expect(out.findings.map((f) => f.code)).toContain('ASSIGNED_ONLY_VIA_NESTED_GROUP');
  expect(out.graph.roundTrips).toBeLessThanOrEqual(2);
});

test('bin/consent-doctor.js with bad arguments exits 2', () => {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'consent-doctor.js'), 'diagnose', '--user', 'x'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('missing --app');
});
