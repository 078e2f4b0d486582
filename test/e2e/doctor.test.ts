/**
 * `consent-doctor doctor --tenant FIXTURE`: the real command against the simulator (msal token,
 * Graph over HTTPS) and Azurite.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestAzurite } from '../helpers/azurite';
import { runCli } from '../helpers/cli-run';

const FINDINGS = join(__dirname, '..', 'fixtures', 'tenants', 'findings');

describe('consent-doctor doctor --tenant', () => {
  const azurite = useTestAzurite();

  it('a bot lacking Policy.Read.All: that line is ✗ with what stops working, exit 1', async () => {
    const run = await runCli(['doctor', '--tenant', join(FINDINGS, 'INSUFFICIENT_BOT_PERMISSIONS.json')], {
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      ADMIN_CHANNEL_ID: '19:approvals@thread.tacv2',
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^✗ Policy\.Read\.All +missing: User consent settings/m);
    expect(run.stdout).toMatch(/^✓ AuditLog\.Read\.All +granted$/m);
    expect(run.stdout).toMatch(/^✓ Storage +tables reachable$/m);
    expect(run.stdout).toMatch(/^✓ Graph token +app 5c3d9726-656d-4733-adce-d2345cb2fd7f/m);
  });

  it('a healthy tenant with storage and an admin channel: all ✓, exit 0; --json has the same verdict', async () => {
    const env = { STORAGE_CONNECTION_STRING: azurite.connectionString, ADMIN_CHANNEL_ID: '19:approvals@thread.tacv2' };
    const run = await runCli(['doctor', '--tenant', join(FINDINGS, 'NO_PROBLEM_FOUND.json')], env);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).toContain('Everything the bot needs is in place.');
    const json = await runCli(['doctor', '--tenant', join(FINDINGS, 'NO_PROBLEM_FOUND.json'), '--json'], env);
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: Array<{ id: string; status: string }> };
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.id === 'sign-in-logs')?.status).toBe('ok');
  });

  it('no premium: sign-in logs are a warning, not a failure; no admin channel is a failure', async () => {
    const run = await runCli(['doctor', '--tenant', join(FINDINGS, 'SIGNIN_LOGS_UNAVAILABLE.json')], {
      STORAGE_CONNECTION_STRING: azurite.connectionString,
    });
    expect(run.stdout).toMatch(/^! Sign-in logs +the tenant has no Entra ID P1\/P2/m);
    // Fresh Azurite tables: nobody chose a channel and ADMIN_CHANNEL_ID is not set.
    expect(run.stdout).toMatch(/^✗ Admin channel +not set/m);
    expect(run.exitCode).toBe(1);
  });

  it('bad arguments exit 2', async () => {
    expect((await runCli(['doctor', '--bogus'])).exitCode).toBe(2);
    expect((await runCli(['doctor', '--tenant', '/no/such/file.json'])).exitCode).toBe(2);
  });

  it('a fixture that is not one exits 2 and says so, as diagnose does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-doctor-'));
    try {
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{ "tenant": ');
      for (const command of [['doctor'], ['diagnose', '--user', 'carol@contoso.example', '--app', 'x']]) {
        const run = await runCli([...command, '--tenant', broken]);
        expect(run.exitCode).toBe(2);
        expect(run.stderr).toContain('--tenant: ');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
