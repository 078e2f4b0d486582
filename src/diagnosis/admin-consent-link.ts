/** Link-outs an admin can use when the bot cannot (or should not) make the change itself. */
import type { Remedy } from './types';

export function adminConsentUrl(tenantId: string, appId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(appId)}`;
}

export function adminConsentRemedy(tenantId: string, appId: string): Remedy {
  return { kind: 'admin_consent_url', url: adminConsentUrl(tenantId, appId) };
}
