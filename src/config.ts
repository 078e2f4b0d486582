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

export type Mode = 'local' | 'production';

export type ClientCredential =
  | { kind: 'secret'; secret: string }
  | { kind: 'certificate'; thumbprint: string; keyFile: string };

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
  logLevel: LogLevel;
}

/**
 * Overrides for Bot Framework authentication, each only used when set (src/bot-auth.ts):
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
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);
const MIN_MAC_KEY_LENGTH = 32;

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

type Env = Record<string, string | undefined>;

/** Empty strings count as unset: an empty BOT_ID must never look like a configured one. */
function get(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

export function resolveMode(env: Env): { mode: Mode } | { problem: ConfigProblem } {
  const explicit = get(env, 'CONSENT_DOCTOR_MODE');
  if (explicit !== undefined) {
    if (explicit === 'local' || explicit === 'production') return { mode: explicit };
    return { problem: { variable: 'CONSENT_DOCTOR_MODE', message: `must be "local" or "production", got "${explicit}"` } };
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
    problem('HOST', `local mode has Bot Framework authentication off, so it only listens on loopback (127.0.0.1, ::1 or localhost), got "${host}"`);
  }

  // Bot identity.
  const appId = get(env, 'BOT_ID') ?? '';
  const tenantId = get(env, 'BOT_TENANT_ID') ?? get(env, 'TENANT_ID') ?? null;
  let botCredential: ClientCredential | null = null;
  if (production) {
    if (!appId) problem('BOT_ID', 'required in production mode (an empty app id silently turns Bot Framework authentication off)');
    else if (!GUID.test(appId)) problem('BOT_ID', `must be the bot's Entra app (client) id, a GUID; got "${appId}"`);
    botCredential = readCredential(env, 'BOT_PASSWORD', 'BOT_CERT_THUMBPRINT', 'BOT_CERT_KEY_FILE', root, problem, true);
    if (!tenantId) problem('BOT_TENANT_ID', 'required in production mode (also accepted as TENANT_ID): activities from other tenants are refused');
  }
  const botEndpoints: BotFrameworkEndpoints = {
    openIdMetadataUrl: optionalUrl(env, 'BOT_OPENID_METADATA_URL', ['https:', 'http:'], problem),
    tokenIssuer: get(env, 'BOT_TOKEN_ISSUER') ?? null,
    loginUrl: optionalUrl(env, 'BOT_LOGIN_URL', ['https:', 'http:'], problem),
    oauthScope: get(env, 'BOT_OAUTH_SCOPE') ?? null,
    // msal refuses non-https authorities.
    authorityUrl: optionalUrl(env, 'BOT_AUTHORITY_URL', ['https:'], problem),
  };
  if (tenantId && !GUID.test(tenantId)) problem(get(env, 'BOT_TENANT_ID') ? 'BOT_TENANT_ID' : 'TENANT_ID', `must be a tenant id GUID; got "${tenantId}"`);

  // Graph: production defaults to the bot's own identity; local uses the simulator (src/local-cloud.ts).
  let graphClientId: string | null = null;
  let graphCredential: ClientCredential | null = null;
  let authorityUrl = 'https://login.microsoftonline.com';
  let baseUrl = 'https://graph.microsoft.com';
  if (production) {
    const ownGraphClient = get(env, 'GRAPH_CLIENT_ID');
    graphClientId = ownGraphClient ?? (appId || null);
    // The default (BOT_ID) is validated above; report only an explicitly set bad value here.
    if (ownGraphClient && !GUID.test(ownGraphClient)) problem('GRAPH_CLIENT_ID', `must be an app (client) id GUID; got "${ownGraphClient}"`);
    const ownGraphSecret = get(env, 'GRAPH_CLIENT_SECRET');
    graphCredential = ownGraphSecret ? { kind: 'secret', secret: ownGraphSecret } : botCredential;
    authorityUrl = parseHttpsUrl(env, 'GRAPH_AUTHORITY_URL', authorityUrl, problem);
    baseUrl = parseHttpsUrl(env, 'GRAPH_BASE_URL', baseUrl, problem);
  }

  // Storage.
  const connectionString = get(env, 'STORAGE_CONNECTION_STRING') ?? (production ? '' : DEV_STORAGE);
  const startAzurite = connectionString.replace(/;$/, '') === DEV_STORAGE;
  if (production && !connectionString) {
    problem('STORAGE_CONNECTION_STRING', 'required in production mode (an Azure Storage account connection string)');
  } else if (production && startAzurite) {
    problem('STORAGE_CONNECTION_STRING', `"${DEV_STORAGE}" is the local emulator; production needs a real storage account`);
  }

  // Card MAC key: shared by every replica in production; generated and kept in .data/ locally.
  let cardMacKey = get(env, 'CARD_MAC_KEY') ?? '';
  if (!cardMacKey) {
    if (production) problem('CARD_MAC_KEY', `required in production mode (a random secret of at least ${MIN_MAC_KEY_LENGTH} characters, the same on every replica)`);
    else if (opts.localCardMacKey) cardMacKey = opts.localCardMacKey();
  } else if (cardMacKey.length < MIN_MAC_KEY_LENGTH) {
    problem('CARD_MAC_KEY', `must be at least ${MIN_MAC_KEY_LENGTH} characters, got ${cardMacKey.length}`);
  }

  const adminChannelId = get(env, 'ADMIN_CHANNEL_ID') ?? null;
  const approverGroupId = get(env, 'APPROVER_GROUP_ID') ?? null;
  if (approverGroupId && !GUID.test(approverGroupId)) problem('APPROVER_GROUP_ID', `must be an Entra group object id GUID; got "${approverGroupId}"`);

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

  const logLevelRaw = get(env, 'LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw) ? (logLevelRaw as LogLevel) : 'info';
  if (logLevel !== logLevelRaw) problem('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}; got "${logLevelRaw}"`);

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
    logLevel,
  };
}

function readCredential(
  env: Env, secretVar: string, thumbVar: string, keyVar: string, root: string,
  problem: (v: string, m: string) => void, required: boolean,
): ClientCredential | null {
  const secret = get(env, secretVar);
  const thumbprint = get(env, thumbVar);
  const keyFile = get(env, keyVar);
  if (secret) return { kind: 'secret', secret };
  if (thumbprint && keyFile) return { kind: 'certificate', thumbprint, keyFile: resolve(root, keyFile) };
  if (thumbprint) problem(keyVar, `required with ${thumbVar} (path to the certificate's PEM private key)`);
  else if (keyFile) problem(thumbVar, `required with ${keyVar} (the certificate's SHA-1 thumbprint)`);
  else if (required) problem(secretVar, `required in production mode: set ${secretVar} (client secret) or ${thumbVar} and ${keyVar} (certificate)`);
  return null;
}

function parseInteger(
  env: Env, name: string, fallback: number, min: number, max: number, problem: (v: string, m: string) => void,
): number {
  const raw = get(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    problem(name, `must be an integer from ${min} to ${max}; got "${raw}"`);
    return fallback;
  }
  return n;
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

function optionalUrl(env: Env, name: string, protocols: string[], problem: (v: string, m: string) => void): string | null {
  const raw = get(env, name);
  if (raw === undefined) return null;
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol)) problem(name, `must be an ${protocols.map((p) => `${p}//`).join(' or ')} URL; got "${raw}"`);
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
    ...(Object.values(config.bot.endpoints).some((v) => v !== null) ? { botFrameworkEndpoints: config.bot.endpoints } : {}),
    tenantId: config.bot.tenantId,
    graph: config.mode === 'local'
      ? { simulator: config.sim.tenantFixture }
      : { clientId: config.graph.clientId, credential: config.graph.credential?.kind ?? 'none', baseUrl: config.graph.baseUrl },
    storage: config.storage.startAzurite ? DEV_STORAGE : storageAccountName(config.storage.connectionString),
    adminChannelId: config.adminChannelId,
    digest: config.digest,
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
  return loadConfig(env, { version: pkg.version, root, localCardMacKey: () => persistedLocalKey(join(dataDir, 'card-mac-key')) });
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
