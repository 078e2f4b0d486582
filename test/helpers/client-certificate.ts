/**
 * A self-signed certificate for an app identity, as an admin uploads one to an app registration:
 * the PEM private key the bot signs client assertions with, the certificate the simulator's
 * fixture registers (application.keyCredentials), and its SHA-1 thumbprint (what BOT_CERT_THUMBPRINT holds).
 */
import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';

/** The few node-forge calls used here (the package ships no types). */
interface Forge {
  pki: {
    publicKeyFromPem(pem: string): unknown;
    privateKeyFromPem(pem: string): unknown;
    createCertificate(): {
      publicKey: unknown;
      serialNumber: string;
      validity: { notBefore: Date; notAfter: Date };
      setSubject(attrs: Array<{ name: string; value: string }>): void;
      setIssuer(attrs: Array<{ name: string; value: string }>): void;
      sign(key: unknown, md: unknown): void;
    };
    certificateToPem(cert: unknown): string;
  };
  md: { sha256: { create(): unknown } };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const forge = require('node-forge') as Forge;

export interface ClientCertificate {
  certificatePem: string;
  privateKeyPem: string;
  /** SHA-1 thumbprint, upper-case hex, as the Entra admin center shows it. */
  thumbprint: string;
  /** The entry a fixture client lists under keyCredentials. */
  keyCredential: { customKeyIdentifier: string; key: string };
}

export function makeClientCertificate(commonName = 'Consent Doctor test app'): ClientCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 60 * 60 * 1000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer([{ name: 'commonName', value: commonName }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  const der = new X509Certificate(certificatePem).raw;
  const thumbprint = createHash('sha1').update(der).digest('hex').toUpperCase();
  return {
    certificatePem,
    privateKeyPem: privateKey,
    thumbprint,
    keyCredential: { customKeyIdentifier: thumbprint, key: der.toString('base64') },
  };
}
