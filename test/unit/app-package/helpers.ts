import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

/** Values for every placeholder of appPackage/manifest.json, shaped like real ones. */
export const FILLED_VARS: Record<string, string> = {
  TEAMS_APP_ID: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  BOT_ID: '0a1b2c3d-4e5f-4061-8273-a4b5c6d7e8f9',
  BOT_DOMAIN: 'consent-doctor.azurewebsites.net',
  DEVELOPER_NAME: 'Contoso IT',
  DEVELOPER_WEBSITE_URL: 'https://it.contoso.com/consent-doctor',
  DEVELOPER_PRIVACY_URL: 'https://it.contoso.com/privacy',
  DEVELOPER_TERMS_URL: 'https://it.contoso.com/terms',
};
