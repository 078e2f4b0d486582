/** The simulator's certificate credential: what Entra checks on a client assertion, each refusal with its AADSTS code. */
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { clientAssertionRefusal, JWT_BEARER_ASSERTION } from '../../../sim/identity/client-assertion';
import type { FixtureClient } from '../../../sim/fixture';
import { makeClientCertificate } from '../../helpers/client-certificate';

const TOKEN_URL = 'https://localhost:8443/tenant-id/oauth2/v2.0/token';
const cert = makeClientCertificate();
const client: FixtureClient = {
  appId: 'c0a5e17d-0c70-4d0c-b07f-5ec0de0b0b07',
  secret: 'unused',
  roles: [],
  keyCredentials: [cert.keyCredential],
};

function assertion(
  claims: Record<string, unknown> = {},
  key = cert.privateKeyPem,
  thumbprint = cert.thumbprint,
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', x5t: Buffer.from(thumbprint, 'hex').toString('base64url') };
  const payload = {
    aud: TOKEN_URL,
    iss: client.appId,
    sub: client.appId,
    jti: randomUUID(),
    nbf: now,
    exp: now + 600,
    ...claims,
  };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(key)).toString('base64url')}`;
}

const form = (jwt: string, type = JWT_BEARER_ASSERTION) =>
  new URLSearchParams({ client_assertion: jwt, client_assertion_type: type });
const codeOf = (jwt: string, type?: string) =>
  (clientAssertionRefusal(client, form(jwt, type), TOKEN_URL)?.body as { error_codes?: number[] } | undefined)
    ?.error_codes?.[0] ?? null;

describe('client assertion (certificate credential)', () => {
  it('accepts an assertion signed with the registered certificate', () => {
    expect(codeOf(assertion())).toBeNull();
  });

  it('refuses another certificate, a bad signature, wrong issuer, audience or time, and a wrong assertion type', () => {
    const other = makeClientCertificate('other');
    expect(codeOf(assertion({}, other.privateKeyPem, other.thumbprint))).toBe(700027);
    expect(codeOf(assertion({}, other.privateKeyPem, cert.thumbprint))).toBe(700027);
    expect(codeOf(assertion({ iss: 'someone-else' }))).toBe(700021);
    expect(codeOf(assertion({ aud: 'https://login.microsoftonline.com/other/oauth2/v2.0/token' }))).toBe(700023);
    expect(codeOf(assertion({ exp: Math.floor(Date.now() / 1000) - 3600 }))).toBe(700024);
    expect(codeOf(assertion(), 'urn:other')).toBe(50027);
  });
});
