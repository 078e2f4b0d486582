'use strict';
/**
 * The simulator's local certificate authority (plain CommonJS: it runs before TypeScript is loaded).
 *
 * Creates, once, under <data dir>/sim/:
 *   ca.pem / ca-key.pem          a self-signed CA ("Consent Doctor Simulator Local CA")
 *   server.pem / server-key.pem  a certificate for localhost, 127.0.0.1 and ::1 signed by that CA
 * and reuses them afterwards. Keys come from node:crypto (fast); the X.509 structures are built
 * with node-forge. Generation is guarded by a lock file so parallel processes (jest workers, the
 * bot and the CLI) never produce a server certificate signed by a CA that was replaced meanwhile.
 *
 * The data dir is $CONSENT_DOCTOR_DATA_DIR or <project>/.data.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const forge = require('node-forge');

const PROJECT_ROOT = path.resolve(__dirname, '..');
const CA_NAME = 'Consent Doctor Simulator Local CA';
const CA_DAYS = 3650;
const SERVER_DAYS = 825;
/** Renew the server certificate when it has less than this left. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;
const LOCK_STALE_MS = 30 * 1000;

function dataDir() {
  return process.env.CONSENT_DOCTOR_DATA_DIR
    ? path.resolve(process.env.CONSENT_DOCTOR_DATA_DIR)
    : path.join(PROJECT_ROOT, '.data');
}

function simCaPaths(dir) {
  const base = path.join(dir || dataDir(), 'sim');
  return {
    dir: base,
    caPath: path.join(base, 'ca.pem'),
    caKeyPath: path.join(base, 'ca-key.pem'),
    certPath: path.join(base, 'server.pem'),
    keyPath: path.join(base, 'server-key.pem'),
    lockPath: path.join(base, '.lock'),
  };
}

function newKeyPair() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    privateKeyPem: privateKey,
    forgePrivate: forge.pki.privateKeyFromPem(privateKey),
    forgePublic: forge.pki.publicKeyFromPem(publicKey),
  };
}

function serialNumber() {
  // Positive, 16 bytes: clear the top bit.
  const bytes = crypto.randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

function validity(cert, days) {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000); // tolerate small clock skew
  cert.validity.notAfter = new Date(now + days * 24 * 3600 * 1000);
}

function createCa() {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = serialNumber();
  validity(cert, CA_DAYS);
  const attrs = [
    { name: 'commonName', value: CA_NAME },
    { name: 'organizationName', value: 'Consent Doctor (local development)' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.forgePrivate, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
}

function createServerCert(caCertPem, caKeyPem) {
  const caCert = forge.pki.certificateFromPem(caCertPem);
  const caKey = forge.pki.privateKeyFromPem(caKeyPem);
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = serialNumber();
  validity(cert, SERVER_DAYS);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
}

function writeAtomic(file, content, mode) {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  fs.renameSync(tmp, file);
}

function readIfExists(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** True when the CA files exist and the CA is not about to expire. */
function caUsable(caPem, caKeyPem) {
  if (!caPem || !caKeyPem) return false;
  try {
    const ca = new crypto.X509Certificate(caPem);
    if (!ca.ca) return false;
    const key = crypto.createPrivateKey(caKeyPem);
    if (!ca.checkPrivateKey(key)) return false;
    return Date.parse(ca.validTo) - Date.now() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

/** True when the server certificate exists, is signed by the CA, matches its key and is still valid. */
function serverUsable(caPem, certPem, keyPem) {
  if (!certPem || !keyPem) return false;
  try {
    const ca = new crypto.X509Certificate(caPem);
    const cert = new crypto.X509Certificate(certPem);
    if (!cert.verify(ca.publicKey)) return false;
    if (!cert.checkPrivateKey(crypto.createPrivateKey(keyPem))) return false;
    if (!cert.checkHost('localhost') || !cert.checkIP('127.0.0.1')) return false;
    return Date.parse(cert.validTo) - Date.now() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock(lockPath, fn) {
  const deadline = Date.now() + 2 * LOCK_STALE_MS;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      try {
        if (Date.now() - fs.statSync(lockPath).mtimeMs > LOCK_STALE_MS) fs.rmSync(lockPath, { force: true });
      } catch {
        /* lock vanished meanwhile: retry */
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockPath}`);
      sleepSync(50);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}

function loadMaterial(p) {
  return {
    caPath: p.caPath,
    certPath: p.certPath,
    keyPath: p.keyPath,
    ca: fs.readFileSync(p.caPath, 'utf8'),
    cert: fs.readFileSync(p.certPath, 'utf8'),
    key: fs.readFileSync(p.keyPath, 'utf8'),
  };
}

function materialUsable(p) {
  const caPem = readIfExists(p.caPath);
  return (
    caUsable(caPem, readIfExists(p.caKeyPath)) && serverUsable(caPem, readIfExists(p.certPath), readIfExists(p.keyPath))
  );
}

/**
 * Ensures the CA and the localhost server certificate exist (creating or renewing what is missing)
 * and returns their paths and PEM contents.
 * @param {{ dataDir?: string }} [options]
 */
function ensureSimCa(options = {}) {
  const p = simCaPaths(options.dataDir);
  if (materialUsable(p)) return loadMaterial(p);
  fs.mkdirSync(p.dir, { recursive: true });
  withLock(p.lockPath, () => {
    let caPem = readIfExists(p.caPath);
    let caKeyPem = readIfExists(p.caKeyPath);
    if (!caUsable(caPem, caKeyPem)) {
      const ca = createCa();
      caPem = ca.certPem;
      caKeyPem = ca.keyPem;
      writeAtomic(p.caKeyPath, caKeyPem, 0o600);
      writeAtomic(p.caPath, caPem, 0o644);
    }
    if (!serverUsable(caPem, readIfExists(p.certPath), readIfExists(p.keyPath))) {
      const server = createServerCert(caPem, caKeyPem);
      writeAtomic(p.keyPath, server.keyPem, 0o600);
      writeAtomic(p.certPath, server.certPem, 0o644);
    }
  });
  return loadMaterial(p);
}

module.exports = { ensureSimCa, simCaPaths, dataDir, PROJECT_ROOT };
