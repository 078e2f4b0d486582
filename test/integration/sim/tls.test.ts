/**
 * HTTPS with a locally generated CA: created once under the data dir and reused; the localhost
 * certificate covers localhost, 127.0.0.1 and ::1; scripts/with-sim-ca.js makes child processes
 * trust it and passes their exit code through.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureSimTls, projectRoot } from '../../../sim/certs';
import { SIM_BASIC_FIXTURE, withSimulator } from '../../helpers/sim';

const ROOT = projectRoot();
const SCRIPT = path.join(ROOT, 'scripts', 'with-sim-ca.js');
const h = withSimulator({ fixtures: [SIM_BASIC_FIXTURE] });

describe('simulator TLS', () => {
  it('creates the CA and server certificate once and reuses them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cd-sim-ca-'));
    try {
      const first = ensureSimTls(dir);
      const mtime = statSync(first.caPath).mtimeMs;
      const second = ensureSimTls(dir);
      expect(second.caPath).toBe(path.join(dir, 'sim', 'ca.pem'));
      expect(second.ca).toBe(first.ca);
      expect(second.cert).toBe(first.cert);
      expect(statSync(second.caPath).mtimeMs).toBe(mtime);
      const ca = new X509Certificate(first.ca);
      const cert = new X509Certificate(first.cert);
      expect(ca.ca).toBe(true);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkHost('localhost')).toBe('localhost');
      expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
      expect(cert.checkIP('::1')).toBe('::1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves HTTPS on localhost with that certificate', async () => {
    const res = await fetch(`${h.sim.url}/_sim/health`);
    expect(res.status).toBe(200);
    expect(readFileSync(h.sim.caPath, 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('with-sim-ca.js runs a command trusting the CA (honouring CONSENT_DOCTOR_DATA_DIR) and keeps its exit code', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cd-sim-ca-'));
    try {
      const env = { ...process.env, CONSENT_DOCTOR_DATA_DIR: dir, NODE_EXTRA_CA_CERTS: '' };
      const out = execFileSync(
        process.execPath,
        [
          SCRIPT,
          'node',
          '-e',
          'process.stdout.write(require("fs").readFileSync(process.env.NODE_EXTRA_CA_CERTS, "utf8"))',
        ],
        { env, encoding: 'utf8' },
      );
      expect(out).toBe(readFileSync(path.join(dir, 'sim', 'ca.pem'), 'utf8'));
      const failing = spawnSync(process.execPath, [SCRIPT, 'node', '-e', 'process.exit(7)'], { env });
      expect(failing.status).toBe(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
