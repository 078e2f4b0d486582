/**
 * `consent-doctor doctor` in production mode with a certificate (BOT_CERT_THUMBPRINT +
 * BOT_CERT_KEY_FILE, no secret anywhere): it signs in as the bot does, through the one Graph
 * connection factory, and the simulator checks the client assertion as Entra does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture, startSimulator, type RunningSimulator } from '../../sim';
import { startTestAzurite, type TestAzurite } from '../helpers/azurite';
import { CARD_MAC_KEY } from '../helpers/app-harness';
import { makeClientCertificate, type ClientCertificate } from '../helpers/client-certificate';
import { assertSimCaTrusted } from '../helpers/sim';
import { runCli } from '../helpers/cli-run';

const NO_PROBLEM = join(__dirname, '..', 'fixtures', 'tenants', 'findings', 'NO_PROBLEM_FOUND.json');
const fixture = loadFixture(NO_PROBLEM);
const bot = fixture.clients[0];

describe('consent-doctor doctor with a certificate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consent-doctor-cert-'));
  const registered: ClientCertificate = makeClientCertificate();
  let sim: RunningSimulator;
  let azurite: TestAzurite;

  beforeAll(async () => {
    assertSimCaTrusted();
    // The app registration holds the certificate's public part only.
    fixture.clients = [{ ...bot, keyCredentials: [registered.keyCredential] }, ...fixture.clients.slice(1)];
    sim = await startSimulator({ fixtures: [fixture] });
    azurite = await startTestAzurite();
  });

  afterAll(async () => {
    await sim?.close();
    await azurite?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function productionEnv(certificate: ClientCertificate): Record<string, string> {
    const keyFile = join(dir, `${certificate.thumbprint}.pem`);
    writeFileSync(keyFile, certificate.privateKeyPem, { mode: 0o600 });
    return {
      CONSENT_DOCTOR_MODE: 'production',
      BOT_ID: bot.appId,
      BOT_TENANT_ID: fixture.tenant.id,
      BOT_CERT_THUMBPRINT: certificate.thumbprint,
      BOT_CERT_KEY_FILE: keyFile,
      GRAPH_AUTHORITY_URL: sim.url,
      GRAPH_BASE_URL: sim.url,
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      CARD_MAC_KEY,
      ADMIN_CHANNEL_ID: '19:approvals@thread.tacv2',
    };
  }

  it('connects with the registered certificate: the Graph token line is ✓', async () => {
    const run = await runCli(['doctor'], productionEnv(registered));
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^✓ Graph token +app ${bot.appId}`, 'm'));
    expect(run.exitCode).toBe(0);
  });

  it('a certificate the app registration does not hold gets no token: ✗ and exit 1', async () => {
    const run = await runCli(['doctor'], productionEnv(makeClientCertificate('not registered')));
    expect(run.stdout).toMatch(/^✗ Graph token/m);
    expect(run.stdout).toMatch(/AADSTS700027/);
    expect(run.exitCode).toBe(1);
  });
});
