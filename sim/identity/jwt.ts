/**
 * RS256 JSON Web Tokens with node:crypto: signing (the simulator's token endpoint) and verification
 * (every Graph call). Verification is strict about the algorithm and reports why a token fails.
 */
import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export type JwtPayload = Record<string, unknown> & {
  aud?: string;
  iss?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
  tid?: string;
};

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
  x5t?: string;
}

export class SigningKey {
  readonly kid: string;
  readonly publicKey: KeyObject;
  private readonly privateKey: KeyObject;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    const der = publicKey.export({ type: 'spki', format: 'der' });
    this.kid = createHash('sha256').update(der).digest('base64url').slice(0, 27);
  }

  /** The JWKS entry, in the shape login.microsoftonline.com publishes. */
  jwk(issuer: string): Record<string, unknown> {
    const { n, e } = this.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    return { kty: 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n, e, issuer };
  }

  sign(payload: JwtPayload): string {
    const header: JwtHeader = { typ: 'JWT', alg: 'RS256', kid: this.kid, x5t: this.kid };
    const input = `${b64(header)}.${b64(payload)}`;
    const signature = sign('sha256', Buffer.from(input), this.privateKey).toString('base64url');
    return `${input}.${signature}`;
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export class JwtError extends Error {
  constructor(
    message: string,
    readonly reason: 'malformed' | 'signature' | 'expired' | 'not_yet_valid' | 'audience' | 'issuer' | 'tenant',
  ) {
    super(message);
    this.name = 'JwtError';
  }
}

/** Decodes without verifying (for logging which tenant an invalid token claimed). */
export function decodeJwt(token: string): { header: JwtHeader; payload: JwtPayload } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as JwtHeader;
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JwtPayload;
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null) return null;
    return { header, payload };
  } catch {
    return null;
  }
}

export interface VerifyOptions {
  keys: ReadonlyArray<{ kid: string; publicKey: KeyObject }>;
  audiences: readonly string[];
  /** Accepts the issuer for the token's own tid. */
  issuerFor: (tid: string) => string;
  now?: number;
  /** Seconds of clock skew tolerated; Graph allows about five minutes. */
  clockSkewSeconds?: number;
}

export function verifyJwt(token: string, opts: VerifyOptions): JwtPayload {
  const decoded = decodeJwt(token);
  if (!decoded)
    throw new JwtError(
      'IDX14100: JWT is not well formed, there are no dots (.) or the parts cannot be decoded.',
      'malformed',
    );
  const { header, payload } = decoded;
  if (header.alg !== 'RS256')
    throw new JwtError('Access token validation failure: unsupported signing algorithm.', 'signature');
  const key = opts.keys.find((k) => k.kid === header.kid);
  if (!key) throw new JwtError('Access token validation failure: signing key not found.', 'signature');
  const [h, p, s] = token.split('.');
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), key.publicKey, Buffer.from(s, 'base64url'));
  if (!ok) throw new JwtError('Access token validation failure: signature validation failed.', 'signature');
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const skew = opts.clockSkewSeconds ?? 0;
  if (typeof payload.exp !== 'number' || payload.exp + skew <= now) {
    throw new JwtError('Lifetime validation failed, the token is expired.', 'expired');
  }
  if (typeof payload.nbf === 'number' && payload.nbf - skew > now) {
    throw new JwtError('Lifetime validation failed, the token is not yet valid.', 'not_yet_valid');
  }
  if (
    typeof payload.aud !== 'string' ||
    !opts.audiences.some((a) => a.toLowerCase() === String(payload.aud).toLowerCase())
  ) {
    throw new JwtError('Access token validation failure. Invalid audience.', 'audience');
  }
  if (typeof payload.tid !== 'string') throw new JwtError('Access token validation failure: no tenant.', 'tenant');
  if (payload.iss !== opts.issuerFor(payload.tid))
    throw new JwtError('Access token validation failure. Invalid issuer.', 'issuer');
  return payload;
}
