/**
 * Certificate credentials: a client proves itself with a JWT it signed with a certificate's
 * private key (client_assertion_type urn:ietf:params:oauth:client-assertion-type:jwt-bearer).
 *
 * What Entra checks, per https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials:
 * header `alg` RS256 (or PS256 with `x5t#S256`), `x5t` = base64url of the certificate's SHA-1
 * thumbprint, which must be a certificate registered on the app; claims `aud` = the token
 * endpoint, `iss` = `sub` = the client id, `exp`/`nbf` a valid window, `jti` present.
 * Error codes as Entra answers them (AADSTS700021 iss/sub, 700023 audience, 700024 time range,
 * 700027 signature or unknown certificate), listed in
 * https://learn.microsoft.com/en-us/azure/developer/java/sdk/troubleshooting-authentication-service-principal.
 *
 * A fixture registers certificates on a client as Graph's application.keyCredentials do:
 * `customKeyIdentifier` is the SHA-1 thumbprint (hex), `key` the certificate (base64 DER or PEM).
 */
import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import type { FixtureClient } from '../fixture';
import type { SimResponse } from '../http';
import { aadError } from './aad-error';
import { decodeJwt } from './jwt';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Entra tolerates about five minutes of clock skew on assertions. */
const CLOCK_SKEW_SECONDS = 300;

function certificateOf(key: string): X509Certificate | null {
  try {
    return new X509Certificate(key.includes('BEGIN CERTIFICATE') ? key : Buffer.from(key, 'base64'));
  } catch {
    return null;
  }
}

/** The client's registered certificate whose thumbprint the assertion's header names. */
function registeredCertificate(
  client: FixtureClient,
  header: { x5t?: string; 'x5t#S256'?: string },
): X509Certificate | null {
  for (const credential of client.keyCredentials ?? []) {
    const cert = certificateOf(credential.key);
    if (!cert) continue;
    const sha1 = createHash('sha1').update(cert.raw).digest('base64url');
    const sha256 = createHash('sha256').update(cert.raw).digest('base64url');
    if (header.x5t === sha1 || header['x5t#S256'] === sha256) return cert;
  }
  return null;
}

/** null when the assertion proves `client`; otherwise Entra's refusal. */
export function clientAssertionRefusal(
  client: FixtureClient,
  form: URLSearchParams,
  tokenEndpoint: string,
  nowMs = Date.now(),
): SimResponse | null {
  const refuse = (code: number, description: string) => aadError(401, 'invalid_client', code, description);
  if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION) {
    return aadError(
      400,
      'invalid_request',
      50027,
      `Invalid client_assertion_type; expected '${JWT_BEARER_ASSERTION}'.`,
    );
  }
  const assertion = form.get('client_assertion') ?? '';
  const decoded = decodeJwt(assertion);
  if (!decoded) return refuse(50027, 'JWT token is invalid or malformed.');
  const { header, payload } = decoded;
  const cert = registeredCertificate(client, header as { x5t?: string; 'x5t#S256'?: string });
  if (!cert)
    return refuse(
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application '${client.appId}'.`,
    );
  const [h, p, s] = assertion.split('.');
  const signed = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const valid =
    header.alg === 'RS256'
      ? verify('sha256', signed, cert.publicKey, signature)
      : header.alg === 'PS256'
        ? verify(
            'sha256',
            signed,
            { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
            signature,
          )
        : false;
  if (!valid) return refuse(700027, 'Client assertion contains an invalid signature.');
  if (payload.iss !== client.appId || payload.sub !== client.appId) {
    return refuse(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
  }
  if (typeof payload.aud !== 'string' || payload.aud.toLowerCase() !== tokenEndpoint.toLowerCase()) {
    return refuse(700023, `Client assertion audience claim does not match Realm issuer. Expected '${tokenEndpoint}'.`);
  }
  const now = Math.floor(nowMs / 1000);
  if (
    typeof payload.exp !== 'number' ||
    payload.exp + CLOCK_SKEW_SECONDS <= now ||
    (typeof payload.nbf === 'number' && payload.nbf - CLOCK_SKEW_SECONDS > now)
  ) {
    return refuse(700024, 'Client assertion is not within its valid time range.');
  }
  if (typeof payload.jti !== 'string' || !payload.jti)
    return refuse(50027, 'JWT token is invalid or malformed: no jti.');
  return null;
}
