/**
 * The claim checks made before botbuilder verifies a channel token's signature: a token without
 * `exp` (which jsonwebtoken would accept forever), expired, not yet valid, from another issuer or
 * for another audience is refused with a reason code.
 */
import { CLOCK_SKEW_SECONDS, tokenClaimsProblem } from '../../../src/teams/bot-auth';

const NOW = 1_800_000_000;
const expected = {
  issuer: 'https://api.botframework.com',
  audience: '5c3d9726-656d-4733-adce-d2345cb2fd7f',
  nowSeconds: NOW,
};
const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const bearer = (claims: Record<string, unknown>) => `Bearer ${part({ alg: 'RS256', kid: 'k' })}.${part(claims)}.c2ln`;
const valid = { iss: expected.issuer, aud: expected.audience, nbf: NOW - 10, exp: NOW + 3600 };

describe('tokenClaimsProblem', () => {
  it('lets a well-formed token through to the signature check', () => {
    expect(tokenClaimsProblem(bearer(valid), expected)).toBeNull();
  });

  it('refuses a token without exp, or with a non-numeric one', () => {
    const { exp: _exp, ...noExp } = valid;
    expect(tokenClaimsProblem(bearer(noExp), expected)).toBe('no_exp');
    expect(tokenClaimsProblem(bearer({ ...valid, exp: String(NOW + 3600) }), expected)).toBe('no_exp');
  });

  it('refuses expired and not-yet-valid tokens beyond the clock tolerance', () => {
    expect(tokenClaimsProblem(bearer({ ...valid, exp: NOW - CLOCK_SKEW_SECONDS - 1 }), expected)).toBe('expired');
    expect(tokenClaimsProblem(bearer({ ...valid, exp: NOW - CLOCK_SKEW_SECONDS + 1 }), expected)).toBeNull();
    expect(tokenClaimsProblem(bearer({ ...valid, nbf: NOW + CLOCK_SKEW_SECONDS + 60 }), expected)).toBe(
      'not_yet_valid',
    );
  });

  it('expects the configured issuer and this bot as audience, exactly', () => {
    expect(tokenClaimsProblem(bearer({ ...valid, iss: 'https://evil.example/' }), expected)).toBe('wrong_issuer');
    expect(tokenClaimsProblem(bearer({ ...valid, aud: expected.audience.toUpperCase() }), expected)).toBe(
      'wrong_audience',
    );
  });

  it('names malformed headers', () => {
    expect(tokenClaimsProblem('', expected)).toBe('no_token');
    expect(tokenClaimsProblem('Basic abc', expected)).toBe('not_bearer');
    expect(tokenClaimsProblem('Bearer not.a.jwt', expected)).toBe('malformed_token');
    expect(tokenClaimsProblem('Bearer a.b', expected)).toBe('malformed_token');
  });
});
