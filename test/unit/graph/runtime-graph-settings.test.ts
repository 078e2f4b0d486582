import { graphSettingsFromConfig, GraphSettingsError } from '../../../src/graph/connect';
import { loadConfig } from '../../../src/config';

const PRODUCTION = {
  CONSENT_DOCTOR_MODE: 'production',
  BOT_ID: '11111111-1111-4111-8111-111111111111',
  BOT_TENANT_ID: '22222222-2222-4222-8222-222222222222',
  STORAGE_CONNECTION_STRING:
    'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net',
  CARD_MAC_KEY: 'Jm3q9ZtX7vR2pL8wK4nC6yB1dF5hS0gA',
};

describe('graphSettingsFromConfig', () => {
  it('uses the bot secret for Graph by default', () => {
    const settings = graphSettingsFromConfig(loadConfig({ ...PRODUCTION, BOT_PASSWORD: 's3cret' }));
    expect(settings).toMatchObject({
      clientId: PRODUCTION.BOT_ID,
      clientSecret: 's3cret',
      baseUrl: 'https://graph.microsoft.com',
    });
    expect(settings.clientCertificate).toBeUndefined();
  });

  it('uses the bot certificate, reading its private key', () => {
    const config = loadConfig({ ...PRODUCTION, BOT_CERT_THUMBPRINT: 'ABCDEF', BOT_CERT_KEY_FILE: '/secrets/bot.pem' });
    const settings = graphSettingsFromConfig(config, (path) => `KEY(${path})`);
    expect(settings.clientCertificate).toEqual({ thumbprint: 'ABCDEF', privateKey: 'KEY(/secrets/bot.pem)' });
    expect(settings.clientSecret).toBeUndefined();
  });

  it('names the key file when it cannot be read', () => {
    const config = loadConfig({ ...PRODUCTION, BOT_CERT_THUMBPRINT: 'ABCDEF', BOT_CERT_KEY_FILE: '/nope/bot.pem' });
    expect(() =>
      graphSettingsFromConfig(config, () => {
        throw new Error('ENOENT');
      }),
    ).toThrow(GraphSettingsError);
    expect(() =>
      graphSettingsFromConfig(config, () => {
        throw new Error('ENOENT');
      }),
    ).toThrow(/BOT_CERT_KEY_FILE.*\/nope\/bot.pem/);
  });
});
