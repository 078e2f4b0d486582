/**
 * Strict production configuration: a guessable card key, http:// Bot Framework
 * endpoints, a non-URL issuer and the storage emulator in any spelling are refused; limits have
 * defaults and are validated.
 */
import { ConfigError, estimatedKeyBits, isEmulatorConnectionString, loadConfig } from '../../src/config';

const PRODUCTION = {
  NODE_ENV: 'production',
  BOT_ID: '5c3d9726-656d-4733-adce-d2345cb2fd7f',
  BOT_PASSWORD: 'bot-secret-value',
  BOT_TENANT_ID: 'e6c3fbc6-0a2a-4424-bd0f-0ab1bdd37b0b',
  STORAGE_CONNECTION_STRING:
    'DefaultEndpointsProtocol=https;AccountName=cdprod;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net',
  CARD_MAC_KEY: 'Jm3q9ZtX7vR2pL8wK4nC6yB1dF5hS0gA',
};

function problems(env: Record<string, string>): Array<{ variable: string; message: string }> {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('CARD_MAC_KEY strength', () => {
  it('refuses 32 identical characters, and a short word repeated', () => {
    expect(problems({ ...PRODUCTION, CARD_MAC_KEY: 'a'.repeat(32) })).toEqual([
      { variable: 'CARD_MAC_KEY', message: expect.stringContaining('guessable') },
    ]);
    expect(problems({ ...PRODUCTION, CARD_MAC_KEY: 'password'.repeat(5) })).toEqual([
      { variable: 'CARD_MAC_KEY', message: expect.stringContaining('guessable') },
    ]);
    expect(problems({ ...PRODUCTION, CARD_MAC_KEY: 'ab'.repeat(40) })).toEqual([
      { variable: 'CARD_MAC_KEY', message: expect.stringContaining('guessable') },
    ]);
  });

  it('accepts random keys (base64 and hex) and still refuses short ones', () => {
    expect(problems({ ...PRODUCTION, CARD_MAC_KEY: 'xJ8v0Qm4TzR7yLc2Wn5aPd9Ek3Hs6Bf1Ug_Ko-Ni' })).toEqual([]);
    expect(
      problems({ ...PRODUCTION, CARD_MAC_KEY: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }),
    ).toEqual([]);
    expect(problems({ ...PRODUCTION, CARD_MAC_KEY: 'Zq7' })).toEqual([
      { variable: 'CARD_MAC_KEY', message: expect.stringContaining('at least 32') },
    ]);
  });

  it('estimates no randomness in a repeated character and plenty in a random key', () => {
    expect(estimatedKeyBits('k'.repeat(40))).toBe(0);
    expect(estimatedKeyBits('Jm3q9ZtX7vR2pL8wK4nC6yB1dF5hS0gA')).toBeGreaterThanOrEqual(128);
  });
});

describe('Bot Framework endpoints', () => {
  it('refuses http:// metadata and login URLs', () => {
    expect(
      problems({
        ...PRODUCTION,
        BOT_OPENID_METADATA_URL: 'http://login.botframework.com/v1/.well-known/openidconfiguration',
      }),
    ).toEqual([{ variable: 'BOT_OPENID_METADATA_URL', message: expect.stringContaining('https://') }]);
    expect(problems({ ...PRODUCTION, BOT_LOGIN_URL: 'http://login.microsoftonline.com/botframework.com' })).toEqual([
      { variable: 'BOT_LOGIN_URL', message: expect.stringContaining('https://') },
    ]);
  });

  it('expects the token issuer as an https URL, kept exactly as given', () => {
    expect(problems({ ...PRODUCTION, BOT_TOKEN_ISSUER: 'anyone' })).toEqual([
      { variable: 'BOT_TOKEN_ISSUER', message: expect.stringContaining('not a valid URL') },
    ]);
    expect(problems({ ...PRODUCTION, BOT_TOKEN_ISSUER: 'http://api.botframework.com' })).toEqual([
      { variable: 'BOT_TOKEN_ISSUER', message: expect.stringContaining('https://') },
    ]);
    expect(
      loadConfig({ ...PRODUCTION, BOT_TOKEN_ISSUER: 'https://api.botframework.com/' }).bot.endpoints.tokenIssuer,
    ).toBe('https://api.botframework.com/');
  });
});

describe('the storage emulator in any spelling', () => {
  it.each([
    'UseDevelopmentStorage=true',
    'usedevelopmentstorage=true',
    'USEDEVELOPMENTSTORAGE=TRUE;',
    ' UseDevelopmentStorage = True ',
    'UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://127.0.0.1',
  ])('refuses %j as production storage', (connectionString) => {
    expect(isEmulatorConnectionString(connectionString)).toBe(true);
    expect(problems({ ...PRODUCTION, STORAGE_CONNECTION_STRING: connectionString })).toEqual([
      { variable: 'STORAGE_CONNECTION_STRING', message: expect.stringContaining('emulator') },
    ]);
  });

  it('local mode starts Azurite for it in any spelling', () => {
    expect(loadConfig({ STORAGE_CONNECTION_STRING: 'usedevelopmentstorage=TRUE' }).storage.startAzurite).toBe(true);
    expect(isEmulatorConnectionString(PRODUCTION.STORAGE_CONNECTION_STRING)).toBe(false);
  });
});

describe('limits', () => {
  it('have defaults', () => {
    expect(loadConfig({}).limits).toEqual({
      maxActivityBytes: 262144,
      messagesPerUserPerMinute: 20,
      messagesPerTenantPerMinute: 1200,
      diagnosesPerUserPerHour: 60,
      diagnosesPerTenantPerHour: 6000,
      newRequestsPerUserPerDay: 10,
      newRequestsPerTenantPerDay: 500,
      pendingRequestsPerUser: 5,
      graphReadsPerMessage: 150,
      tenantReadCacheSeconds: 30,
      logRefusalsPerMinute: 20,
    });
  });

  it('are validated (the cache is never longer than a minute)', () => {
    expect(problems({ TENANT_READ_CACHE_SECONDS: '600' })).toEqual([
      { variable: 'TENANT_READ_CACHE_SECONDS', message: expect.stringContaining('0 to 60') },
    ]);
    expect(problems({ MAX_ACTIVITY_BYTES: 'lots' })).toEqual([
      { variable: 'MAX_ACTIVITY_BYTES', message: expect.stringContaining('integer') },
    ]);
    expect(loadConfig({ LIMIT_PENDING_REQUESTS_PER_USER: '2' }).limits.pendingRequestsPerUser).toBe(2);
  });
});
