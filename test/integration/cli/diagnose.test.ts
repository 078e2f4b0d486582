/** consent-doctor diagnose: output forms and exit codes, in-process (the real main()). */
import { join } from 'node:path';
import { EXIT } from '../../../src/cli/exit-codes';
import { type CliJson, runCli } from '../../helpers/cli-run';
import { useSimSession } from '../../helpers/sim-conn';

const demo = join(__dirname, '..', '..', 'fixtures', 'tenants', 'demo-contoso.json');
const SHAREPOINT_CONNECTOR = '34f0b59e-a9fc-4d21-8a85-a3a124438861';
const CAROL = 'carol@contoso.onmicrosoft.com';

test('readable text by default, without colour when asked', async () => {
  const run = await runCli([
    'diagnose',
    '--tenant',
    demo,
    '--user',
    CAROL,
    '--app',
    SHAREPOINT_CONNECTOR,
    '--no-color',
  ]);
  expect(run.exitCode).toBe(EXIT.ok);
  expect(run.stdout).toContain('Qlik Web Connectors (Office 365 SharePoint)');
  expect(run.stdout).toMatch(/USER_CONSENT_DISABLED/);
  expect(run.stdout).not.toContain('\u001b[');
});

test('--json prints the contract shape', async () => {
  const run = await runCli(['diagnose', '--tenant', demo, '--user', CAROL, '--app', SHAREPOINT_CONNECTOR, '--json']);
  const out = JSON.parse(run.stdout) as CliJson;
  expect(Object.keys(out)).toEqual(expect.arrayContaining(['app', 'candidates', 'findings', 'remedies', 'graph']));
  expect(out.app).toEqual({
    appId: SHAREPOINT_CONNECTOR,
    displayName: 'Qlik Web Connectors (Office 365 SharePoint)',
    servicePrincipalId: '721d605c-c082-47e3-86df-b64ab212f32c',
  });
  expect(out.remedies.map((r) => r.kind)).toContain('grant_delegated');
  expect(out.graph.roundTrips).toBeLessThanOrEqual(2);
});

test.each([
  [['diagnose', '--user', CAROL], 'missing --app'],
  [['diagnose', '--app', 'x'], 'missing --user'],
  [['diagnose', '--user', CAROL, '--app', 'x', '--frobnicate'], 'Unknown option'],
  [['diagnose', '--tenant', '/nonexistent.json', '--user', CAROL, '--app', 'x'], 'no such fixture file'],
  [['diagnose', '--tenant', demo, '--user', CAROL, '--app', 'x', '--now', 'yesterday'], 'not an ISO date-time'],
  [['frobnicate'], 'unknown command'],
  [['sim'], '--tenant is required'],
])('bad arguments %j exit 2 with usage', async (argv, message) => {
  const run = await runCli(argv);
  expect(run.exitCode).toBe(EXIT.usage);
  expect(run.stderr).toContain(message);
  expect(run.stderr).toContain('Usage: consent-doctor');
  expect(run.stdout).toBe('');
});

test('without --tenant and without configuration: exit 2 naming the variables', async () => {
  const run = await runCli(['diagnose', '--user', CAROL, '--app', SHAREPOINT_CONNECTOR]);
  expect(run.exitCode).toBe(EXIT.usage);
  expect(run.stderr).toContain('GRAPH_TENANT_ID');
  expect(run.stderr).toContain('GRAPH_CLIENT_SECRET');
});

test('unknown user: exit 3, the diagnosis still says why', async () => {
  const run = await runCli([
    'diagnose',
    '--tenant',
    demo,
    '--user',
    'nobody@contoso.onmicrosoft.com',
    '--app',
    SHAREPOINT_CONNECTOR,
    '--json',
  ]);
  expect(run.exitCode).toBe(EXIT.unknownUser);
  expect((JSON.parse(run.stdout) as CliJson).findings.map((f) => f.code)).toEqual(['USER_NOT_IN_TENANT']);
});

test('no app matches: exit 4', async () => {
  const run = await runCli([
    'diagnose',
    '--tenant',
    demo,
    '--user',
    'ben@contoso.onmicrosoft.com',
    '--app',
    'the expense tool',
  ]);
  expect(run.exitCode).toBe(EXIT.unknownApp);
  expect(run.stdout).toContain('No app in this organisation matches');
});

test('several apps match: exit 5 and they are listed', async () => {
  const run = await runCli(['diagnose', '--tenant', demo, '--user', CAROL, '--app', 'the Qlik connector', '--json']);
  expect(run.exitCode).toBe(EXIT.ambiguousApp);
  const out = JSON.parse(run.stdout) as CliJson;
  expect(out.app).toBeNull();
  expect(out.candidates.length).toBeGreaterThan(1);
  const text = await runCli(['diagnose', '--tenant', demo, '--user', CAROL, '--app', 'the Qlik connector']);
  expect(text.stdout).toContain(SHAREPOINT_CONNECTOR);
});

describe('a tenant from the environment', () => {
  const s = useSimSession(demo);
  const env = (secret: string) => ({
    GRAPH_TENANT_ID: s.tenantId,
    GRAPH_CLIENT_ID: s.fixture.clients[0].appId,
    GRAPH_CLIENT_SECRET: secret,
    GRAPH_AUTHORITY_URL: s.sim.authorityUrl(s.tenantId),
    GRAPH_BASE_URL: s.sim.url,
  });

  test('configured credentials: the same diagnosis as with --tenant', async () => {
    const run = await runCli(
      ['diagnose', '--user', CAROL, '--app', SHAREPOINT_CONNECTOR, '--json'],
      env(s.fixture.clients[0].secret),
    );
    expect(run.exitCode).toBe(EXIT.ok);
    expect((JSON.parse(run.stdout) as CliJson).findings.map((f) => f.code)).toContain('USER_CONSENT_DISABLED');
  });

  test('a wrong secret: exit 6', async () => {
    const run = await runCli(['diagnose', '--user', CAROL, '--app', SHAREPOINT_CONNECTOR], env('wrong-secret'));
    expect(run.exitCode).toBe(EXIT.graphUnavailable);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/consent-doctor: /);
  });

  test('an unreachable tenant: exit 6', async () => {
    const run = await runCli(['diagnose', '--user', CAROL, '--app', SHAREPOINT_CONNECTOR], {
      ...env('x'),
      GRAPH_AUTHORITY_URL: `https://localhost:1/${s.tenantId}`,
      GRAPH_BASE_URL: 'https://localhost:1',
    });
    expect(run.exitCode).toBe(EXIT.graphUnavailable);
  });
});
