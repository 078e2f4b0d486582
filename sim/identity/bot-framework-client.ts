/**
 * For tests and benchmarks: the Bot Framework settings that point a production-mode bot at the
 * simulator, and channel → bot tokens minted by it (valid, or wrong in exactly one respect).
 *
 *   const env = botFrameworkEnv(sim.url);              // BOT_OPENID_METADATA_URL, BOT_TOKEN_ISSUER, ...
 *   const token = await mintChannelToken(sim.url, { audience: botAppId, serviceUrl });
 */
import {
  BOT_FRAMEWORK_CHANNEL_ISSUER,
  BOT_FRAMEWORK_RESOURCE,
  BOT_FRAMEWORK_TENANT_NAME,
  CHANNEL_METADATA_PATH,
  type ChannelSigner,
} from './bot-framework-identity';
import { MINT_PATH } from './bot-framework';

export { BOT_FRAMEWORK_CHANNEL_ISSUER, BOT_FRAMEWORK_RESOURCE, type ChannelSigner } from './bot-framework-identity';

/** The configuration variables (src/config.ts) that make a bot trust this simulator's Bot Framework. */
export function botFrameworkEnv(simUrl: string): Record<string, string> {
  const base = simUrl.replace(/\/+$/, '');
  return {
    BOT_OPENID_METADATA_URL: `${base}${CHANNEL_METADATA_PATH}`,
    BOT_TOKEN_ISSUER: BOT_FRAMEWORK_CHANNEL_ISSUER,
    BOT_LOGIN_URL: `${base}/${BOT_FRAMEWORK_TENANT_NAME}`,
    BOT_OAUTH_SCOPE: BOT_FRAMEWORK_RESOURCE,
    BOT_AUTHORITY_URL: `${base}/${BOT_FRAMEWORK_TENANT_NAME}`,
  };
}

export interface MintChannelTokenOptions {
  /** The bot app id the token is for (aud). */
  audience: string;
  /** serviceurl claim; null leaves it out. */
  serviceUrl: string | null;
  /** Negative = expired that many seconds ago. */
  lifetimeSeconds?: number;
  issuer?: string;
  /** channel (valid) | foreign (unknown key) | foreign-same-kid (unknown key, real kid) | entra (a tenant key). */
  signer?: ChannelSigner;
  /** Leave the exp claim out. */
  withoutExp?: boolean;
}

export async function mintChannelToken(simUrl: string, opts: MintChannelTokenOptions): Promise<string> {
  const res = await fetch(`${simUrl.replace(/\/+$/, '')}${MINT_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(opts),
  });
  const body = (await res.json()) as { access_token?: string; error?: { message?: string } };
  if (!res.ok || typeof body.access_token !== 'string')
    throw new Error(`could not mint a channel token: ${res.status} ${body.error?.message ?? ''}`);
  return body.access_token;
}
