/**
 * Configuration, validated once at start-up.
 *
 * `loadConfig` is pure: it takes a flat variable map (files merged with the process environment,
 * see `readConfigEnvironment`) and returns a typed Config or throws a ConfigError listing every
 * problem at once, each naming the variable and what is wrong.
 *
 * Two modes:
 * - local (default when no bot credentials are set): Bot Framework auth off, loopback only,
 *   Graph = the embedded simulator, storage = Azurite started by the bot.
 * - production: bot app id, secret or certificate, and tenant id are mandatory. botbuilder turns
 *   Bot Framework authentication OFF when the app id is empty, so production never runs without one.
 */
import { Cron } from 'croner';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readEnvFiles } from './env-file';
import { envInteger, envValue, type Env } from './env-values';
import { loadWatcherSettings, type WatcherSettings } from './watchers/settings';
import { isGuid } from './guid';

export type Mode = 'local' | 'production';

export type ClientCredential =
  { kind: 'secret'; secret: string } | { kind: 'certificate'; thumbprint: string; keyFile: string };

export interface Config {
  mode: Mode;
  version: string;
  host: string;
  port: number;
  bot: {
    /** Empty only in local mode, where Bot Framework auth is deliberately off. */
    appId: string;
    /** null in local mode until the simulator's tenant is known (src/local-cloud.ts). */
    tenantId: string | null;
    credential: ClientCredential | null;
    /** Production: where Bot Framework authentication points (all null = the public Azure Bot Service). */
    endpoints: BotFrameworkEndpoints;
  };
  graph: {
    /** Production: explicit. Local: null here, filled from the simulator fixture. */
    clientId: string | null;
    credential: ClientCredential | null;
    authorityUrl: string;
    baseUrl: string;
  };
  storage: {
    connectionString: string;
    /** True when the connection string is the emulator's: the bot then runs Azurite itself. */
    startAzurite: boolean;
  };
  sim: { tenantFixture: string };
  dataDir: string;
  adminChannelId: string | null;
  approverGroupId: string | null;
  cardMacKey: string;
  digest: { cron: string; timezone: string };
  requestExpiryDays: number;
  /** APPROVAL_STALE_SECONDS: an approval stuck this long in `approving` is completed by the reconciler. */
  approvalStaleSeconds: number;
  /** How Approve writes to the directory (docs/permissions.md). */
  approvals: ApprovalWritesConfig;
  logLevel: LogLevel;
  /** Hostile-traffic limits (README "Safety"): every one has a default and an environment variable. */
  limits: Limits;
  /** Entra request watcher and sign-in help (src/watchers/settings.ts). */
  watchers: WatcherSettings;
}

/**
 * APPROVAL_WRITES: `delegated` (default): the approving admin's own token, from the Bot Service OAuth
 * connection APPROVAL_OAUTH_CONNECTION (so Entra decides what their role may grant); `app`: the bot's
 * own application permissions, the high-privilege opt-in. BOT_TOKEN_SERVICE_URL points botbuilder's
 * user-token client elsewhere than https://api.botframework.com (local mode: the simulator).
 * APPROVAL_SIGN_IN_PROMPT: how a click without a token asks to sign in: `login-request` (Teams'
 * loginRequest invoke answer) or `card` (a card with the sign-in link and a field for the code, for
 * clients that cannot show a loginRequest, such as the Agents Playground; default in local mode).
 * APPROVAL_SSO_TOKEN_EXCHANGE_URI: the connection's token exchange URL (api://.../botid) to offer Teams SSO.
 */
export interface ApprovalWritesConfig {
  writes: 'delegated' | 'app';
  connectionName: string;
  tokenServiceUrl: string | null;
  signInPrompt: 'login-request' | 'card';
  ssoTokenExchangeUri: string | null;
}

/**
 * What one person, or the whole tenant, may make the bot do. Counters live in Table storage, so
 * they hold across replicas (src/limits/).
 */
export interface Limits {
  /** MAX_ACTIVITY_BYTES: largest /api/messages body after decoding (only identity encoding is accepted). */
  maxActivityBytes: number;
  /** LIMIT_MESSAGES_PER_USER_PER_MINUTE / LIMIT_MESSAGES_PER_TENANT_PER_MINUTE: chat messages handled. */
  messagesPerUserPerMinute: number;
  messagesPerTenantPerMinute: number;
  /** LIMIT_DIAGNOSES_PER_USER_PER_HOUR / LIMIT_DIAGNOSES_PER_TENANT_PER_HOUR: diagnoses run (each reads Graph). */
  diagnosesPerUserPerHour: number;
  diagnosesPerTenantPerHour: number;
  /** LIMIT_NEW_REQUESTS_PER_USER_PER_DAY / LIMIT_NEW_REQUESTS_PER_TENANT_PER_DAY: new approval requests. */
  newRequestsPerUserPerDay: number;
  newRequestsPerTenantPerDay: number;
  /** LIMIT_PENDING_REQUESTS_PER_USER: open requests one person may have at once. */
  pendingRequestsPerUser: number;
  /** GRAPH_BUDGET_PER_MESSAGE: Graph reads one message may cause (writes are never cut off). */
  graphReadsPerMessage: number;
  /** TENANT_READ_CACHE_SECONDS: how long tenant-wide reads (policies, resource permissions) are shared (0 = off, at most 60). */
  tenantReadCacheSeconds: number;
  /** LOG_REFUSALS_PER_MINUTE: log lines per refusal reason per minute before sampling. */
  logRefusalsPerMinute: number;
}

/**
 * Overrides for Bot Framework authentication, each only used when set (src/teams/bot-auth.ts):
 * BOT_OPENID_METADATA_URL, BOT_TOKEN_ISSUER (channel → bot tokens), BOT_LOGIN_URL, BOT_OAUTH_SCOPE
 * (bot → connector tokens) and BOT_AUTHORITY_URL (the msal authority issuing them).
 */
export interface BotFrameworkEndpoints {
  openIdMetadataUrl: string | null;
  tokenIssuer: string | null;
  loginUrl: string | null;
  oauthScope: string | null;
  authorityUrl: string | null;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEV_STORAGE = 'UseDevelopmentStorage=true';
export const DEFAULT_FIXTURE = 'test/fixtures/tenants/demo-contoso.json';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);
const MIN_MAC_KEY_LENGTH = 32;
/** 128 bits: the strength of the HMAC key must not be the weak point of a card signature. */
const MIN_MAC_KEY_BITS = 128;

/**
 * Pure: a rough upper bound of a key's randomness, from its characters' frequencies (Shannon entropy
 * per character times the length). 32 identical characters give 0; 32 random base64 characters
 * about 150; a word repeated gives little. Only an upper bound: it catches lazy keys, not every weak one.
 */
export function estimatedKeyBits(key: string): number {
  const counts = new Map<string, number>();
  for (const ch of key) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const length = [...key].length;
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / length) * Math.log2(n / length);
  // A repeated chunk ("abcdabcd...") has many distinct characters but little more randomness than one chunk.
  const period = shortestPeriod(key);
  return perChar * Math.min(length, period);
}

function shortestPeriod(s: string): number {
  for (let p = 1; p <= s.length / 2; p++) {
    let repeats = true;
    for (let i = p; i < s.length && repeats; i++) if (s[i] !== s[i - p]) repeats = false;
    if (repeats) return p;
  }
  return s.length;
}

/**
 * Pure: the Azure Storage emulator's connection string in any spelling (keys and values are
 * case-insensitive, spaces and a trailing ";" allowed), so it is never taken for a real account.
 */
export function isEmulatorConnectionString(connectionString: string): boolean {
  return connectionString.split(';').some((pair) => {
    const [key, ...rest] = pair.split('=');
    return key.trim().toLowerCase() === 'usedevelopmentstorage' && rest.join('=').trim().toLowerCase() === 'true';
  });
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(['Configuration is invalid:', ...problems.map((p) => `  - ${p.variable}: ${p.message}`)].join('\n'));
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** package.json version, reported by /healthz. */
  version?: string;
  /** Project root for relative paths (fixture, .data). */
  root?: string;
  /** Local mode only, when CARD_MAC_KEY is unset: supplies a persisted generated key. */
  localCardMacKey?: () => string;
}

const get = envValue;
const parseInteger = envInteger;

export function resolveMode(env: Env): { mode: Mode } | { problem: ConfigProblem } {
  const explicit = get(env, 'CONSENT_DOCTOR_MODE');
  if (explicit !== undefined) {
    if (explicit === 'local' || explicit === 'production') return { mode: explicit };
    return {
      problem: { variable: 'CONSENT_DOCTOR_MODE', message: `must be "local" or "production", got "${explicit}"` },
    };
  }
  if (get(env, 'NODE_ENV') === 'production') return { mode: 'production' };
  const hasBotCredentials = ['BOT_ID', 'BOT_PASSWORD', 'BOT_CERT_THUMBPRINT'].some((n) => get(env, n) !== undefined);
  return { mode: hasBotCredentials ? 'production' : 'local' };
}

export function loadConfig(env: Env, opts: LoadConfigOptions = {}): Config {
  const problems: ConfigProblem[] = [];
  const problem = (variable: string, message: string): void => {
    problems.push({ variable, message });
  };
  const root = opts.root ?? process.cwd();

  const modeResult = resolveMode(env);
  if ('problem' in modeResult) throw new ConfigError([modeResult.problem]);
  const mode = modeResult.mode;
  const production = mode === 'production';

  const port = parseInteger(env, 'PORT', 3978, 0, 65535, problem);
  const host = get(env, 'HOST') ?? (production ? '0.0.0.0' : '127.0.0.1');
  if (!production && !LOOPBACK_HOSTS.has(host)) {
    problem(
      'HOST',
      `local mode has Bot Framework authentication off, so it only listens on loopback (127.0.0.1, ::1 or localhost), got "${host}"`,
    );
  }

  // Bot identity.
  const appId = get(env, 'BOT_ID') ?? '';
  const tenantId = get(env, 'BOT_TENANT_ID') ?? get(env, 'TENANT_ID') ?? null;
  let botCredential: ClientCredential | null = null;
  if (production) {
    if (!appId)
      problem(
        'BOT_ID',
        'required in production mode (an empty app id silently turns Bot Framework authentication off)',
      );
    else if (!isGuid(appId)) problem('BOT_ID', `must be the bot's Entra app (client) id, a GUID; got "${appId}"`);
    botCredential = readCredential(
      env,
      'BOT_PASSWORD',
      'BOT_CERT_THUMBPRINT',
      'BOT_CERT_KEY_FILE',
      root,
      problem,
      true,
    );
    if (!tenantId)
      problem(
        'BOT_TENANT_ID',
        'required in production mode (also accepted as TENANT_ID): activities from other tenants are refused',
      );
  }
  // Keys, issuer and login all decide who may talk to the bot: only https, so nobody on the path can swap them.
  const botEndpoints: BotFrameworkEndpoints = {
    openIdMetadataUrl: optionalUrl(env, 'BOT_OPENID_METADATA_URL', ['https:'], problem),
    tokenIssuer: optionalUrl(env, 'BOT_TOKEN_ISSUER', ['https:'], problem, false),
    loginUrl: optionalUrl(env, 'BOT_LOGIN_URL', ['https:'], problem),
    oauthScope: get(env, 'BOT_OAUTH_SCOPE') ?? null,
    // msal refuses non-https authorities.
    authorityUrl: optionalUrl(env, 'BOT_AUTHORITY_URL', ['https:'], problem),
  };
  if (tenantId && !isGuid(tenantId))
    problem(get(env, 'BOT_TENANT_ID') ? 'BOT_TENANT_ID' : 'TENANT_ID', `must be a tenant id GUID; got "${tenantId}"`);

  // Graph: production defaults to the bot's own identity; local uses the simulator (src/local-cloud.ts).
  let graphClientId: string | null = null;
  let graphCredential: ClientCredential | null = null;
  let authorityUrl = 'https://login.microsoftonline.com';
  let baseUrl = 'https://graph.microsoft.com';
  if (production) {
    const ownGraphClient = get(env, 'GRAPH_CLIENT_ID');
    graphClientId = ownGraphClient ?? (appId || null);
    // The default (BOT_ID) is validated above; report only an explicitly set bad value here.
    if (ownGraphClient && !isGuid(ownGraphClient))
      problem('GRAPH_CLIENT_ID', `must be an app (client) id GUID; got "${ownGraphClient}"`);
    const ownGraphSecret = get(env, 'GRAPH_CLIENT_SECRET');
    graphCredential = ownGraphSecret ? { kind: 'secret', secret: ownGraphSecret } : botCredential;
    authorityUrl = parseHttpsUrl(env, 'GRAPH_AUTHORITY_URL', authorityUrl, problem);
    baseUrl = parseHttpsUrl(env, 'GRAPH_BASE_URL', baseUrl, problem);
  }

  // Storage.
  const connectionString = get(env, 'STORAGE_CONNECTION_STRING') ?? (production ? '' : DEV_STORAGE);
  const startAzurite = isEmulatorConnectionString(connectionString);
  if (production && !connectionString) {
    problem('STORAGE_CONNECTION_STRING', 'required in production mode (an Azure Storage account connection string)');
  } else if (production && startAzurite) {
    problem(
      'STORAGE_CONNECTION_STRING',
      `"${DEV_STORAGE}" is the local emulator; production needs a real storage account`,
    );
  }

  // Card MAC key: shared by every replica in production; generated and kept in .data/ locally.
  let cardMacKey = get(env, 'CARD_MAC_KEY') ?? '';
  if (!cardMacKey) {
    if (production)
      problem(
        'CARD_MAC_KEY',
        `required in production mode (a random secret of at least ${MIN_MAC_KEY_LENGTH} characters, the same on every replica)`,
      );
    else if (opts.localCardMacKey) cardMacKey = opts.localCardMacKey();
  } else if (cardMacKey.length < MIN_MAC_KEY_LENGTH) {
    problem('CARD_MAC_KEY', `must be at least ${MIN_MAC_KEY_LENGTH} characters, got ${cardMacKey.length}`);
  } else if (estimatedKeyBits(cardMacKey) < MIN_MAC_KEY_BITS) {
    problem(
      'CARD_MAC_KEY',
      `looks guessable (about ${Math.floor(estimatedKeyBits(cardMacKey))} bits of randomness, at least ${MIN_MAC_KEY_BITS} needed): use a random secret, e.g. \`openssl rand -base64 48\``,
    );
  }

  const adminChannelId = get(env, 'ADMIN_CHANNEL_ID') ?? null;
  const approverGroupId = get(env, 'APPROVER_GROUP_ID') ?? null;
  if (approverGroupId && !isGuid(approverGroupId))
    problem('APPROVER_GROUP_ID', `must be an Entra group object id GUID; got "${approverGroupId}"`);

  const cron = get(env, 'DIGEST_CRON') ?? '0 9 * * 1-5';
  try {
    new Cron(cron, { paused: true }).stop();
  } catch (err) {
    problem('DIGEST_CRON', `not a valid cron pattern "${cron}" (${(err as Error).message})`);
  }
  const timezone = get(env, 'DIGEST_TIMEZONE') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    problem('DIGEST_TIMEZONE', `unknown IANA time zone "${timezone}" (e.g. Europe/Berlin)`);
  }
  const requestExpiryDays = parseInteger(env, 'REQUEST_EXPIRY_DAYS', 30, 1, 3650, problem);
  // How long an approval may sit in `approving` before another replica (or a restart) completes it.
  const approvalStaleSeconds = parseInteger(env, 'APPROVAL_STALE_SECONDS', 600, 1, 86400, problem);

  const approvals = readApprovalWrites(env, production, problem);

  const logLevelRaw = get(env, 'LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw) ? (logLevelRaw as LogLevel) : 'info';
  if (logLevel !== logLevelRaw) problem('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}; got "${logLevelRaw}"`);

  const int = (name: string, fallback: number, min: number, max: number): number =>
    parseInteger(env, name, fallback, min, max, problem);
  const limits: Limits = {
    // Teams caps a bot message at about 100 KB (learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages);
    // an incoming activity adds entities and channel data around it: 256 KB leaves room without letting anyone park megabytes.
    maxActivityBytes: int('MAX_ACTIVITY_BYTES', 256 * 1024, 16 * 1024, 4 * 1024 * 1024),
    messagesPerUserPerMinute: int('LIMIT_MESSAGES_PER_USER_PER_MINUTE', 20, 1, 100_000),
    messagesPerTenantPerMinute: int('LIMIT_MESSAGES_PER_TENANT_PER_MINUTE', 1200, 1, 1_000_000),
    diagnosesPerUserPerHour: int('LIMIT_DIAGNOSES_PER_USER_PER_HOUR', 60, 1, 100_000),
    diagnosesPerTenantPerHour: int('LIMIT_DIAGNOSES_PER_TENANT_PER_HOUR', 6000, 1, 1_000_000),
    newRequestsPerUserPerDay: int('LIMIT_NEW_REQUESTS_PER_USER_PER_DAY', 10, 1, 100_000),
    newRequestsPerTenantPerDay: int('LIMIT_NEW_REQUESTS_PER_TENANT_PER_DAY', 500, 1, 1_000_000),
    pendingRequestsPerUser: int('LIMIT_PENDING_REQUESTS_PER_USER', 5, 1, 1000),
    graphReadsPerMessage: int('GRAPH_BUDGET_PER_MESSAGE', 150, 10, 100_000),
    tenantReadCacheSeconds: int('TENANT_READ_CACHE_SECONDS', 30, 0, 60),
    logRefusalsPerMinute: int('LOG_REFUSALS_PER_MINUTE', 20, 1, 100_000),
  };

  const watchers = loadWatcherSettings(env, production, problem);

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode,
    version: opts.version ?? '0.0.0',
    host,
    port,
    bot: { appId, tenantId, credential: botCredential, endpoints: botEndpoints },
    graph: { clientId: graphClientId, credential: graphCredential, authorityUrl, baseUrl },
    storage: { connectionString, startAzurite },
    sim: { tenantFixture: resolve(root, get(env, 'SIM_TENANT_FIXTURE') ?? DEFAULT_FIXTURE) },
    dataDir: resolve(root, get(env, 'CONSENT_DOCTOR_DATA_DIR') ?? '.data'),
    adminChannelId,
    approverGroupId,
    cardMacKey,
    digest: { cron, timezone },
    requestExpiryDays,
    approvalStaleSeconds,
    approvals,
    logLevel,
    limits,
    watchers,
  };
}

function readApprovalWrites(
  env: Env,
  production: boolean,
  problem: (v: string, m: string) => void,
): ApprovalWritesConfig {
  const writes = get(env, 'APPROVAL_WRITES') ?? 'delegated';
  if (writes !== 'delegated' && writes !== 'app')
    problem(
      'APPROVAL_WRITES',
      `must be "delegated" (the approver's own token) or "app" (the bot's application permissions); got "${writes}"`,
    );
  const prompt = get(env, 'APPROVAL_SIGN_IN_PROMPT') ?? (production ? 'login-request' : 'card');
  if (prompt !== 'login-request' && prompt !== 'card')
    problem('APPROVAL_SIGN_IN_PROMPT', `must be "login-request" or "card"; got "${prompt}"`);
  const connectionName = get(env, 'APPROVAL_OAUTH_CONNECTION') ?? 'graph-approvals';
  if (!/^[A-Za-z0-9 _.-]{1,80}$/.test(connectionName))
    problem(
      'APPROVAL_OAUTH_CONNECTION',
      `must be the OAuth connection's name (letters, digits, space, _ . -); got "${connectionName}"`,
    );
  return {
    writes: writes === 'app' ? 'app' : 'delegated',
    connectionName,
    tokenServiceUrl: optionalUrl(env, 'BOT_TOKEN_SERVICE_URL', ['https:'], problem),
    signInPrompt: prompt === 'login-request' ? 'login-request' : 'card',
    ssoTokenExchangeUri: get(env, 'APPROVAL_SSO_TOKEN_EXCHANGE_URI') ?? null,
  };
}

function readCredential(
  env: Env,
  secretVar: string,
  thumbVar: string,
  keyVar: string,
  root: string,
  problem: (v: string, m: string) => void,
  required: boolean,
): ClientCredential | null {
  const secret = get(env, secretVar);
  const thumbprint = get(env, thumbVar);
  const keyFile = get(env, keyVar);
  if (secret) return { kind: 'secret', secret };
  if (thumbprint && keyFile) return { kind: 'certificate', thumbprint, keyFile: resolve(root, keyFile) };
  if (thumbprint) problem(keyVar, `required with ${thumbVar} (path to the certificate's PEM private key)`);
  else if (keyFile) problem(thumbVar, `required with ${keyVar} (the certificate's SHA-1 thumbprint)`);
  else if (required)
    problem(
      secretVar,
      `required in production mode: set ${secretVar} (client secret) or ${thumbVar} and ${keyVar} (certificate)`,
    );
  return null;
}

function parseHttpsUrl(env: Env, name: string, fallback: string, problem: (v: string, m: string) => void): string {
  const raw = get(env, name);
  if (raw === undefined) return fallback;
  try {
    const url = new URL(raw);
    // msal refuses non-https authorities and the Graph client strips tokens for non-https hosts.
    if (url.protocol !== 'https:') problem(name, `must be an https:// URL; got "${raw}"`);
  } catch {
    problem(name, `not a valid URL: "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function optionalUrl(
  env: Env,
  name: string,
  protocols: string[],
  problem: (v: string, m: string) => void,
  trimSlash = true,
): string | null {
  const raw = get(env, name);
  if (raw === undefined) return null;
  // An issuer is compared exactly, trailing slash included.
  if (!trimSlash) {
    try {
      if (!protocols.includes(new URL(raw).protocol))
        problem(name, `must be an ${protocols.map((p) => `${p}//`).join(' or ')} URL; got "${raw}"`);
    } catch {
      problem(name, `not a valid URL: "${raw}"`);
    }
    return raw;
  }
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol))
      problem(name, `must be an ${protocols.map((p) => `${p}//`).join(' or ')} URL; got "${raw}"`);
  } catch {
    problem(name, `not a valid URL: "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

/**
 * Which env files to read: Teams Toolkit's TEAMSFX_ENV names the environment; otherwise "dev" under
 * NODE_ENV=production and "local" otherwise. `<name>.user` (git-ignored) holds secrets.
 */
export function envFilesFor(env: Env, root: string): string[] {
  const name = get(env, 'TEAMSFX_ENV') ?? (get(env, 'NODE_ENV') === 'production' ? 'dev' : 'local');
  return [join(root, 'env', `.env.${name}`), join(root, 'env', `.env.${name}.user`)];
}

/** Files first, process environment wins. */
export function readConfigEnvironment(processEnv: Env, root: string): Env {
  return { ...readEnvFiles(envFilesFor(processEnv, root)), ...definedOnly(processEnv) };
}

function definedOnly(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}

/** Redacted view for the start-up log line: never a secret. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    mode: config.mode,
    version: config.version,
    listen: `${config.host}:${config.port}`,
    botAppId: config.bot.appId || '(none: Bot Framework auth off)',
    botCredential: config.bot.credential?.kind ?? 'none',
    ...(Object.values(config.bot.endpoints).some((v) => v !== null)
      ? { botFrameworkEndpoints: config.bot.endpoints }
      : {}),
    tenantId: config.bot.tenantId,
    graph:
      config.mode === 'local'
        ? { simulator: config.sim.tenantFixture }
        : {
            clientId: config.graph.clientId,
            credential: config.graph.credential?.kind ?? 'none',
            baseUrl: config.graph.baseUrl,
          },
    storage: config.storage.startAzurite ? DEV_STORAGE : storageAccountName(config.storage.connectionString),
    adminChannelId: config.adminChannelId,
    digest: config.digest,
    approvalWrites:
      config.approvals.writes === 'app'
        ? "app (the bot's own application permissions: high privilege)"
        : `delegated (the approver's token, OAuth connection "${config.approvals.connectionName}")`,
    watchers: {
      entraRequests: config.watchers.entraRequests,
      signIns: config.watchers.signIns,
      intervalSeconds: config.watchers.intervalSeconds,
    },
  };
}

function storageAccountName(connectionString: string): string {
  const match = /AccountName=([^;]+)/i.exec(connectionString);
  return match ? `account ${match[1]}` : '(custom)';
}

/** The I/O wrapper used by src/index.ts: env files + process env + package.json + .data/card-mac-key. */
export function loadConfigFromProcess(processEnv: Env = process.env, root = process.cwd()): Config {
  const env = readConfigEnvironment(processEnv, root);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  const dataDir = resolve(root, get(env, 'CONSENT_DOCTOR_DATA_DIR') ?? '.data');
  return loadConfig(env, {
    version: pkg.version,
    root,
    localCardMacKey: () => persistedLocalKey(join(dataDir, 'card-mac-key')),
  });
}

/** Local mode keeps its generated card key across restarts so cards posted earlier stay valid. */
function persistedLocalKey(path: string): string {
  if (existsSync(path)) {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= MIN_MAC_KEY_LENGTH) return existing;
  }
  mkdirSync(resolve(path, '..'), { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(path, key + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return key;
}
