/**
 * Configuration validation: every problem is reported at once, naming the variable.
 */
import { ConfigError, loadConfig, resolveMode, describeConfig, DEV_STORAGE } from '../../src/config';

const APP_ID = '5c3d9726-656d-4733-adce-d2345cb2fd7f';
const TENANT = 'e6c3fbc6-0a2a-4424-bd0f-0ab1bdd37b0b';
const MAC = 'Jm3q9ZtX7vR2pL8wK4nC6yB1dF5hS0gA'; // random-looking: a repeated character is refused

const PRODUCTION = {
  NODE_ENV: 'production',
  BOT_ID: APP_ID,
  BOT_PASSWORD: 'bot-secret-value',
  BOT_TENANT_ID: TENANT,
  STORAGE_CONNECTION_STRING:
    'DefaultEndpointsProtocol=https;AccountName=cdprod;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net',
  CARD_MAC_KEY: MAC,
};

function problems(env: Record<string, string | undefined>): Array<{ variable: string; message: string }> {
  try {
    loadConfig(env, { root: '/app' });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('mode', () => {
  it('defaults to local without bot credentials', () => {
    expect(resolveMode({})).toEqual({ mode: 'local' });
  });
  it('is production under NODE_ENV=production or when bot credentials are present', () => {
    expect(resolveMode({ NODE_ENV: 'production' })).toEqual({ mode: 'production' });
    expect(resolveMode({ BOT_ID: APP_ID })).toEqual({ mode: 'production' });
    expect(resolveMode({ BOT_PASSWORD: 'x' })).toEqual({ mode: 'production' });
  });
  it('honours CONSENT_DOCTOR_MODE and rejects unknown values', () => {
    expect(resolveMode({ CONSENT_DOCTOR_MODE: 'local', NODE_ENV: 'production' })).toEqual({ mode: 'local' });
    expect(problems({ CONSENT_DOCTOR_MODE: 'staging' })).toEqual([
      { variable: 'CONSENT_DOCTOR_MODE', message: expect.stringContaining('"staging"') },
    ]);
  });
  it('treats empty strings as unset', () => {
    expect(resolveMode({ BOT_ID: '', BOT_PASSWORD: '  ' })).toEqual({ mode: 'local' });
  });
});

describe('local mode', () => {
  it('has safe defaults: loopback, auth off, dev storage, simulator fixture', () => {
    const config = loadConfig({}, { root: '/app', version: '1.2.3', localCardMacKey: () => MAC });
    expect(config).toMatchObject({
      mode: 'local',
      version: '1.2.3',
      host: '127.0.0.1',
      port: 3978,
      bot: { appId: '', tenantId: null, credential: null },
      storage: { connectionString: DEV_STORAGE, startAzurite: true },
      sim: { tenantFixture: '/app/test/fixtures/tenants/demo-contoso.json' },
      dataDir: '/app/.data',
      cardMacKey: MAC,
      digest: { cron: '0 9 * * 1-5', timezone: 'UTC' },
      requestExpiryDays: 30,
      logLevel: 'info',
    });
  });
  it('refuses a non-loopback HOST because authentication is off', () => {
    expect(problems({ HOST: '0.0.0.0' })).toEqual([{ variable: 'HOST', message: expect.stringContaining('loopback') }]);
  });
  it('uses an explicit storage connection string without starting Azurite', () => {
    const config = loadConfig({
      STORAGE_CONNECTION_STRING:
        'DefaultEndpointsProtocol=http;AccountName=x;AccountKey=eA==;TableEndpoint=http://127.0.0.1:1/x',
    });
    expect(config.storage.startAzurite).toBe(false);
  });
});

describe('production mode', () => {
  it('accepts a complete secret-based configuration', () => {
    const config = loadConfig(PRODUCTION, { root: '/app' });
    expect(config).toMatchObject({
      mode: 'production',
      host: '0.0.0.0',
      bot: { appId: APP_ID, tenantId: TENANT, credential: { kind: 'secret', secret: 'bot-secret-value' } },
      graph: {
        clientId: APP_ID,
        credential: { kind: 'secret', secret: 'bot-secret-value' },
        authorityUrl: 'https://login.microsoftonline.com',
        baseUrl: 'https://graph.microsoft.com',
      },
      storage: { startAzurite: false },
    });
  });

  it('names every missing variable at once when nothing is configured', () => {
    const found = problems({ NODE_ENV: 'production' });
    expect(found.map((p) => p.variable)).toEqual([
      'BOT_ID',
      'BOT_PASSWORD',
      'BOT_TENANT_ID',
      'STORAGE_CONNECTION_STRING',
      'CARD_MAC_KEY',
    ]);
    const error = new ConfigError(found);
    expect(error.message).toContain('BOT_ID: required in production mode');
    expect(error.message).toContain('Bot Framework authentication off');
  });

  it.each([
    ['BOT_ID', 'required in production mode'],
    ['BOT_PASSWORD', 'BOT_CERT_THUMBPRINT'],
    ['BOT_TENANT_ID', 'required in production mode'],
    ['STORAGE_CONNECTION_STRING', 'required in production mode'],
    ['CARD_MAC_KEY', 'required in production mode'],
  ])('reports a missing %s alone, with a message that says what to do', (variable, text) => {
    const env: Record<string, string | undefined> = { ...PRODUCTION, [variable]: undefined };
    expect(problems(env)).toEqual([{ variable, message: expect.stringContaining(text) }]);
  });

  it('treats an empty BOT_ID as missing (it would turn authentication off)', () => {
    expect(problems({ ...PRODUCTION, BOT_ID: '' })).toEqual([
      { variable: 'BOT_ID', message: expect.stringContaining('authentication off') },
    ]);
  });

  it('accepts TENANT_ID as the tenant', () => {
    const { BOT_TENANT_ID: _t, ...rest } = PRODUCTION;
    expect(loadConfig({ ...rest, TENANT_ID: TENANT }).bot.tenantId).toBe(TENANT);
  });

  it('accepts a certificate instead of a secret, and wants both halves', () => {
    const { BOT_PASSWORD: _p, ...rest } = PRODUCTION;
    const config = loadConfig(
      { ...rest, BOT_CERT_THUMBPRINT: 'ABCDEF', BOT_CERT_KEY_FILE: 'certs/bot.pem' },
      { root: '/app' },
    );
    expect(config.bot.credential).toEqual({ kind: 'certificate', thumbprint: 'ABCDEF', keyFile: '/app/certs/bot.pem' });
    expect(config.graph.credential).toEqual(config.bot.credential);
    expect(problems({ ...rest, BOT_CERT_THUMBPRINT: 'ABCDEF' })).toEqual([
      { variable: 'BOT_CERT_KEY_FILE', message: expect.any(String) },
    ]);
    expect(problems({ ...rest, BOT_CERT_KEY_FILE: 'k.pem' })).toEqual([
      { variable: 'BOT_CERT_THUMBPRINT', message: expect.any(String) },
    ]);
  });

  it('lets Graph use its own app registration', () => {
    const other = '0b8a1c57-3e1f-4d5c-9a5e-6f7d8e9fa0b1';
    const config = loadConfig({ ...PRODUCTION, GRAPH_CLIENT_ID: other, GRAPH_CLIENT_SECRET: 'graph-secret' });
    expect(config.graph).toMatchObject({ clientId: other, credential: { kind: 'secret', secret: 'graph-secret' } });
  });

  it('refuses the storage emulator', () => {
    expect(problems({ ...PRODUCTION, STORAGE_CONNECTION_STRING: DEV_STORAGE })).toEqual([
      { variable: 'STORAGE_CONNECTION_STRING', message: expect.stringContaining('emulator') },
    ]);
  });

  it('validates formats and names the variable', () => {
    const found = problems({
      ...PRODUCTION,
      BOT_ID: 'not-a-guid',
      BOT_TENANT_ID: 'contoso',
      PORT: '99999',
      CARD_MAC_KEY: 'short',
      GRAPH_BASE_URL: 'http://graph.local',
      GRAPH_AUTHORITY_URL: '::nope',
      DIGEST_CRON: 'every day',
      DIGEST_TIMEZONE: 'Mars/Olympus',
      REQUEST_EXPIRY_DAYS: '0',
      LOG_LEVEL: 'loud',
      APPROVER_GROUP_ID: 'admins',
    });
    expect(found.map((p) => p.variable).sort()).toEqual([
      'APPROVER_GROUP_ID',
      'BOT_ID',
      'BOT_TENANT_ID',
      'CARD_MAC_KEY',
      'DIGEST_CRON',
      'DIGEST_TIMEZONE',
      'GRAPH_AUTHORITY_URL',
      'GRAPH_BASE_URL',
      'LOG_LEVEL',
      'PORT',
      'REQUEST_EXPIRY_DAYS',
    ]);
  });
});

describe('describeConfig', () => {
  it('never includes a secret', () => {
    const text = JSON.stringify(describeConfig(loadConfig({ ...PRODUCTION, GRAPH_CLIENT_SECRET: 'graph-secret' })));
    for (const secret of ['bot-secret-value', 'graph-secret', MAC, 'c2VjcmV0']) expect(text).not.toContain(secret);
    expect(text).toContain('account cdprod');
  });
});
