/**
 * Who and what gets a turn. Every mode: an activity without the shape every turn relies on (type,
 * an http(s) serviceUrl, conversation, sender, recipient) is answered 400 before any turn, and no
 * other failure is answered with the library's error message (botbuilder puts it in the 500 body).
 * Production Bot Framework authentication, both directions:
 *  - inbound: every activity must carry a channel token (JWT) signed by a key from the channel's
 *    OpenID metadata, issued by the channel issuer, for this bot's app id (aud), naming the
 *    activity's serviceUrl. Anything else is answered 401 before a turn starts.
 *  - outbound: replies carry a bearer token from msal-node (client credentials) for the connector.
 * Defaults are the public Azure Bot Service; BOT_OPENID_METADATA_URL, BOT_TOKEN_ISSUER,
 * BOT_LOGIN_URL, BOT_OAUTH_SCOPE and BOT_AUTHORITY_URL point it elsewhere (the simulator in tests).
 */
import { readFileSync } from 'node:fs';
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
// Deep imports: the package index also loads teams-ai's AI stack (openai, tokenizers, ~36 MB)
// that this bot never uses.
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import {
  CallerIdConstants,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  MsalServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
} from 'botframework-connector';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { refusalLogFor, shortId, type RefusalLog } from '../limits/refusal-log';
import { quietly } from '../limits/quiet-console';

/** Hosts msal knows natively; any other authority host must be declared a known authority. */
const MICROSOFT_LOGIN_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.windows.net',
  'login.microsoft.com',
]);
const UNAUTHORIZED = 401;
const BAD_REQUEST = 400;
const SERVER_ERROR = 500;

function hasStringId(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string' &&
    (value as { id: string }).id !== ''
  );
}

/**
 * Pure: why this activity cannot be processed safely, or null. A missing serviceUrl would make
 * botbuilder answer at api.botframework.com; a missing id or recipient fails inside the libraries.
 */
export function activityShapeProblem(activity: Partial<Activity>): string | null {
  if (typeof activity.type !== 'string' || activity.type === '') return 'type';
  if (typeof activity.serviceUrl !== 'string') return 'serviceUrl';
  try {
    const url = new URL(activity.serviceUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'serviceUrl';
  } catch {
    return 'serviceUrl';
  }
  if (!hasStringId(activity.conversation)) return 'conversation.id';
  if (!hasStringId(activity.from)) return 'from.id';
  if (!hasStringId(activity.recipient)) return 'recipient.id';
  if (activity.text !== undefined && activity.text !== null && typeof activity.text !== 'string') return 'text';
  return null;
}

/** botbuilder's own clock tolerance for channel tokens (5 minutes). */
export const CLOCK_SKEW_SECONDS = 300;

export type TokenRefusal =
  | 'no_token'
  | 'not_bearer'
  | 'malformed_token'
  | 'no_exp'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience';

function decodeJwtPart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Pure, before any signature check: the reason this Authorization header cannot be a valid channel
 * token, or null. Refuses what botbuilder would let through (a token without `exp` never expires
 * for jsonwebtoken) and answers the cheap cases without the library's stack traces. The signature,
 * key and endorsements are still checked by botbuilder afterwards.
 */
export function tokenClaimsProblem(
  authHeader: string,
  expected: { issuer: string; audience: string; nowSeconds: number },
): TokenRefusal | null {
  if (!authHeader) return 'no_token';
  const match = /^Bearer\s+(\S+)$/.exec(authHeader.trim());
  if (!match) return 'not_bearer';
  const parts = match[1].split('.');
  if (parts.length !== 3) return 'malformed_token';
  const header = decodeJwtPart(parts[0]);
  const claims = decodeJwtPart(parts[1]);
  if (!header || !claims) return 'malformed_token';
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return 'no_exp';
  if (claims.exp + CLOCK_SKEW_SECONDS < expected.nowSeconds) return 'expired';
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_SECONDS > expected.nowSeconds) return 'not_yet_valid';
  if (claims.iss !== expected.issuer) return 'wrong_issuer';
  if (claims.aud !== expected.audience) return 'wrong_audience';
  return null;
}

/** Malformed activities get 400; any failure outside the turn (which onTurnError handles) a bare 500. */
export class GuardedTeamsAdapter extends TeamsAdapter {
  protected readonly logger: Logger;
  protected readonly refusals: RefusalLog;

  constructor(logger: Logger, ...args: ConstructorParameters<typeof TeamsAdapter>) {
    super(...args);
    this.logger = logger;
    this.refusals = refusalLogFor(logger);
  }

  protected override async processActivity(
    auth: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    try {
      const admitted = await this.admit(auth, activity);
      const problem = activityShapeProblem(activity);
      if (problem) {
        this.refusals.refused(
          'bad_activity',
          { activityId: shortId(activity.id), activityType: shortId(activity.type), field: problem },
          'refused a malformed activity',
        );
        return { status: BAD_REQUEST, body: { error: 'bad_activity' } };
      }
      return await super.processActivity(admitted, activity, logic);
    } catch (err) {
      // Answered here rather than thrown: botbuilder prints every thrown error's stack to stderr.
      if (err instanceof AuthenticationError) return { status: UNAUTHORIZED, body: { error: 'unauthorized' } };
      this.logger.error(
        { err, activityId: activity.id, activityType: activity.type },
        'could not process the activity',
      );
      return { status: SERVER_ERROR };
    }
  }

  /** Local mode: Bot Framework authentication is off; botbuilder's own (anonymous) result. */
  protected async admit(
    auth: string | AuthenticateRequestResult,
    activity: Activity,
  ): Promise<AuthenticateRequestResult> {
    return typeof auth === 'string' ? this.botFrameworkAuthentication.authenticateRequest(activity, auth) : auth;
  }
}

export interface BotAuthSettings {
  appId: string;
  /** Issuer every channel token must carry. */
  channelIssuer: string;
  options: ConfigurationBotFrameworkAuthenticationOptions;
  msal: Configuration;
}

/** Pure: the settings for both directions from the configuration. */
export function botAuthSettings(
  config: Config,
  readKey: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): BotAuthSettings {
  const { appId, tenantId, credential, endpoints } = config.bot;
  if (!appId || !credential) throw new Error('production mode requires a bot app id and credential');
  const metadataUrl = endpoints.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
  const channelIssuer = endpoints.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer;
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: appId,
    MicrosoftAppTenantId: tenantId ?? undefined,
    MicrosoftAppType: 'SingleTenant',
    // Once one endpoint is given botbuilder uses none of its defaults, so every one is set.
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    // Teams never sends Emulator tokens; pointing this at the channel keys means such a token can
    // only pass signature checks with a channel key, and the issuer check below refuses it anyway.
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    ToBotFromChannelTokenIssuer: channelIssuer,
    ToChannelFromBotLoginUrl: endpoints.loginUrl ?? AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: endpoints.oauthScope ?? AuthenticationConstants.ToChannelFromBotOAuthScope,
    // The user-token API for approvals written with the approver's own token (BOT_TOKEN_SERVICE_URL).
    OAuthUrl: config.approvals.tokenServiceUrl ?? AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
  const authority = (
    endpoints.authorityUrl ?? `https://login.microsoftonline.com/${tenantId ?? 'botframework.com'}`
  ).replace(/\/+$/, '');
  const host = new URL(authority).host;
  const msal: Configuration = {
    auth: {
      clientId: appId,
      authority,
      ...(credential.kind === 'secret'
        ? { clientSecret: credential.secret }
        : { clientCertificate: { thumbprint: credential.thumbprint, privateKey: readKey(credential.keyFile) } }),
      ...(MICROSOFT_LOGIN_HOSTS.has(new URL(authority).hostname) ? {} : { knownAuthorities: [host] }),
    },
    system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } },
  };
  return { appId, channelIssuer, options, msal };
}

/**
 * TeamsAdapter that authenticates before the turn and answers every failure with 401: botbuilder
 * itself lets some (a bad signature under a known key id, an unreachable metadata document) through
 * as a 500 carrying the library's message. Only channel-issued tokens are accepted.
 */
export class AuthenticatingTeamsAdapter extends GuardedTeamsAdapter {
  private readonly channelIssuer: string;
  private readonly appId: string;

  constructor(settings: BotAuthSettings, logger: Logger) {
    super(
      logger,
      settings.options,
      new MsalServiceClientCredentialsFactory(settings.appId, new ConfidentialClientApplication(settings.msal)),
    );
    this.channelIssuer = settings.channelIssuer;
    this.appId = settings.appId;
  }

  protected override async admit(
    auth: string | AuthenticateRequestResult,
    activity: Activity,
  ): Promise<AuthenticateRequestResult> {
    return typeof auth === 'string' ? this.authenticate(auth, activity) : auth;
  }

  private async authenticate(authHeader: string, activity: Activity): Promise<AuthenticateRequestResult> {
    const early = tokenClaimsProblem(authHeader, {
      issuer: this.channelIssuer,
      audience: this.appId,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (early) throw this.refuse(activity, early);
    let result: AuthenticateRequestResult;
    try {
      // botbuilder prints a failed signature check to stderr itself; our refusal line replaces it.
      result = await quietly(() => this.botFrameworkAuthentication.authenticateRequest(activity, authHeader));
    } catch (err) {
      throw this.refuse(activity, 'invalid_token', err instanceof Error ? err.message : 'authentication failed');
    }
    const issuer = result.claimsIdentity.getClaimValue(AuthenticationConstants.IssuerClaim);
    if (issuer !== this.channelIssuer) throw this.refuse(activity, 'wrong_issuer');
    return result;
  }

  /** One short line per refusal (sampled when repeated), never a stack trace. */
  private refuse(activity: Activity, reason: string, detail?: string): AuthenticationError {
    this.refusals.refused(
      reason,
      {
        activityId: shortId(activity.id),
        activityType: shortId(activity.type),
        channelId: shortId(activity.channelId),
        serviceUrl: shortId(activity.serviceUrl),
        ...(detail ? { detail: detail.split('\n', 1)[0].slice(0, 200) } : {}),
      },
      'refused an unauthenticated request',
    );
    return new AuthenticationError('Unauthorized.', UNAUTHORIZED);
  }
}

/** Local mode: no app id, so botbuilder authenticates nobody (loopback only, config.ts). */
export function createLocalAdapter(logger: Logger): TeamsAdapter {
  return new GuardedTeamsAdapter(logger, {});
}

export function createProductionAdapter(config: Config, logger: Logger): TeamsAdapter {
  return new AuthenticatingTeamsAdapter(botAuthSettings(config), logger);
}
