/**
 * Consent Doctor acts on one tenant's directory. An activity from any other tenant (a guest's
 * home tenant, a cross-tenant shared channel, a forged request in local mode) is refused before
 * any state is loaded or Graph is called.
 */
import type { Activity } from 'botbuilder';

type TenantCarrier = Pick<Partial<Activity>, 'conversation' | 'channelData'>;

/** The tenant Teams says the activity belongs to: conversation.tenantId, else channelData.tenant.id. */
export function activityTenantId(activity: TenantCarrier): string | null {
  const fromConversation = activity.conversation?.tenantId;
  if (typeof fromConversation === 'string' && fromConversation) return fromConversation;
  const channelData: unknown = activity.channelData;
  if (channelData && typeof channelData === 'object' && 'tenant' in channelData) {
    const tenant: unknown = (channelData as { tenant: unknown }).tenant;
    if (tenant && typeof tenant === 'object' && 'id' in tenant) {
      const id: unknown = (tenant as { id: unknown }).id;
      if (typeof id === 'string' && id) return id;
    }
  }
  return null;
}

/**
 * True only when every tenant id the activity carries equals the configured one (GUIDs compare
 * case-insensitively). Missing tenant = refused; disagreeing conversation/channelData = refused.
 */
export function isFromConfiguredTenant(activity: TenantCarrier, tenantId: string): boolean {
  const expected = tenantId.toLowerCase();
  const conv = activity.conversation?.tenantId;
  const channelData: unknown = activity.channelData;
  const fromChannelData = activityTenantId({ channelData });
  const seen = [conv, fromChannelData].filter((t): t is string => typeof t === 'string' && t !== '');
  return seen.length > 0 && seen.every((t) => t.toLowerCase() === expected);
}
