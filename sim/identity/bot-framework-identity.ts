/**
 * The Bot Framework's identity, as the simulator plays it:
 *  - the "Bot Framework channel" issuer (https://api.botframework.com) and its own signing key,
 *    which signs channel → bot tokens (what Teams puts in the Authorization header of every
 *    activity): aud = the bot's app id, serviceurl = the activity's serviceUrl;
 *  - the botframework.com Entra tenant that issues bot → connector tokens
 *    (aud https://api.botframework.com) to registered bots by client credentials.
 * One identity per simulator (keyed by its core), created on first use.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { SimulatorCore } from '../core';
import { SigningKey, type JwtPayload } from './jwt';

/** Issuer of channel → bot tokens (AuthenticationConstants.ToBotFromChannelTokenIssuer). */
export const BOT_FRAMEWORK_CHANNEL_ISSUER = 'https://api.botframework.com';
/** The resource bot → connector tokens are for (AuthenticationConstants.ToChannelFromBotOAuthScope). */
export const BOT_FRAMEWORK_RESOURCE = 'https://api.botframework.com';
/** The botframework.com tenant (login.microsoftonline.com/botframework.com). */
export const BOT_FRAMEWORK_TENANT_ID = 'd6d49420-f39b-4df7-a1dc-d59a935871db';
export const BOT_FRAMEWORK_TENANT_NAME = 'botframework.com';
/** Channels the channel signing key is endorsed for (checked against activity.channelId). */
export const BOT_FRAMEWORK_ENDORSEMENTS = ['msteams'];

/** Path prefix of the channel issuer's metadata on the simulator's origin (login.botframework.com). */
export const CHANNEL_METADATA_PATH = '/botframework/v1/.well-known/openidconfiguration';
export const CHANNEL_KEYS_PATH = '/botframework/v1/.well-known/keys';

/** How a minted channel token is signed. */
export type ChannelSigner = 'channel' | 'foreign' | 'foreign-same-kid' | 'entra';

export interface ChannelTokenOptions {
  /** The bot's app id (aud). */
  audience: string;
  /** The activity's serviceUrl (serviceurl claim); omitted when null. */
  serviceUrl: string | null;
  /** Default 3600; negative = already expired (by that many seconds). */
  lifetimeSeconds?: number;
  /** Default the channel issuer. */
  issuer?: string;
  /** Default 'channel' (valid). */
  signer?: ChannelSigner;
  /** Leave the exp claim out (a token that never expires, which a bot must refuse). */
  withoutExp?: boolean;
}

class ForeignKey {
  readonly privateKey: KeyObject;
  readonly kid: string;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.kid = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64url')
      .slice(0, 27);
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signWith(privateKey: KeyObject, kid: string, payload: JwtPayload): string {
  const input = `${b64({ typ: 'JWT', alg: 'RS256', kid, x5t: kid })}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export class BotFrameworkIdentity {
  readonly channelKey = new SigningKey();
  private foreignKey: ForeignKey | null = null;

  constructor(private readonly core: SimulatorCore) {}

  /** login.botframework.com/v1/.well-known/openidconfiguration, on the simulator's origin. */
  channelOpenIdConfiguration(): Record<string, unknown> {
    return {
      issuer: BOT_FRAMEWORK_CHANNEL_ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${this.core.baseUrl}${CHANNEL_KEYS_PATH}`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    };
  }

  channelKeys(): Record<string, unknown> {
    const jwk = this.channelKey.jwk(BOT_FRAMEWORK_CHANNEL_ISSUER);
    delete jwk.issuer;
    return { keys: [{ ...jwk, endorsements: BOT_FRAMEWORK_ENDORSEMENTS }] };
  }

  /** A channel → bot token, valid or deliberately wrong in one respect. */
  channelToken(opts: ChannelTokenOptions): { token: string; payload: JwtPayload } {
    const now = Math.floor(Date.now() / 1000);
    const lifetime = opts.lifetimeSeconds ?? 3600;
    // An expired token was valid once: issued an hour before it expired.
    const issuedAt = lifetime > 0 ? now : now + lifetime - 3600;
    const payload: JwtPayload = {
      ...(opts.serviceUrl !== null ? { serviceurl: opts.serviceUrl } : {}),
      nbf: issuedAt,
      ...(opts.withoutExp ? {} : { exp: now + lifetime }),
      iss: opts.issuer ?? BOT_FRAMEWORK_CHANNEL_ISSUER,
      aud: opts.audience,
    };
    const signer = opts.signer ?? 'channel';
    if (signer === 'channel') return { token: this.channelKey.sign(payload), payload };
    if (signer === 'entra') return { token: this.core.signingKey.sign(payload), payload };
    this.foreignKey ??= new ForeignKey();
    const kid = signer === 'foreign-same-kid' ? this.channelKey.kid : this.foreignKey.kid;
    return { token: signWith(this.foreignKey.privateKey, kid, payload), payload };
  }

  /** A bot → connector access token from the botframework.com tenant (Entra v1 shape). */
  connectorToken(appId: string, lifetimeSeconds: number): { token: string; payload: JwtPayload } {
    const now = Math.floor(Date.now() / 1000);
    const payload: JwtPayload = {
      aud: BOT_FRAMEWORK_RESOURCE,
      iss: this.connectorIssuer(),
      iat: now,
      nbf: now,
      exp: now + lifetimeSeconds,
      appid: appId,
      appidacr: '1',
      idp: this.connectorIssuer(),
      tid: BOT_FRAMEWORK_TENANT_ID,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
    };
    return { token: this.core.signingKey.sign(payload), payload };
  }

  connectorIssuer(): string {
    return `https://sts.windows.net/${BOT_FRAMEWORK_TENANT_ID}/`;
  }
}

const identities = new WeakMap<SimulatorCore, BotFrameworkIdentity>();

export function botFrameworkIdentity(core: SimulatorCore): BotFrameworkIdentity {
  let identity = identities.get(core);
  if (!identity) {
    identity = new BotFrameworkIdentity(core);
    identities.set(core, identity);
  }
  return identity;
}
