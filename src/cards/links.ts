/**
 * Links placed on cards. Every URL is either built here from validated ids or checked by
 * `safeHttpsUrl`, so a card can never carry a javascript:, http: or template-bearing URL.
 */
import { adminConsentUrl } from '../diagnosis/admin-consent-link';
import { isGuid } from '../guid';

const MAX_URL_LENGTH = 2048;

export const ENTRA_CONSENT_REQUESTS_URL =
  'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests';

/** The URL itself when it is an absolute https URL without credentials; otherwise null. */
export function safeHttpsUrl(url: string | null | undefined): string | null {
  if (!url || url.length > MAX_URL_LENGTH || url.includes('${')) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return null;
  return parsed.toString();
}

/** Entra portal page of an enterprise app (its service principal). */
export function entraEnterpriseAppUrl(servicePrincipalId: string | null, appId: string | null): string | null {
  if (!isGuid(servicePrincipalId) || !isGuid(appId)) return null;
  return `https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/${servicePrincipalId}/appId/${appId}`;
}

/** Tenant-wide admin consent, done by the admin in the browser instead of by the bot; null unless both ids are GUIDs. */
export function adminConsentLink(tenantId: string, appId: string): string | null {
  return isGuid(tenantId) && isGuid(appId) ? adminConsentUrl(tenantId, appId) : null;
}

/**
 * Deep link to a channel message (the admin card's thread). The conversation id of a channel thread
 * is "<channelId>;messageid=<rootId>"; the link needs the channel id and the root message id.
 */
export function teamsMessageUrl(conversationId: string, activityId: string, tenantId: string): string | null {
  const channelId = conversationId.split(';')[0] ?? '';
  if (!/^19:[A-Za-z0-9_@.-]+$/.test(channelId) || !/^\d{1,20}$/.test(activityId) || !isGuid(tenantId)) return null;
  const query = new URLSearchParams({ tenantId, parentMessageId: activityId });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(channelId)}/${activityId}?${query.toString()}`;
}
