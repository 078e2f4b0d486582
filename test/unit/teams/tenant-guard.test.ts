import { activityTenantId, isFromConfiguredTenant } from '../../../src/teams/tenant-guard';

const TENANT = 'e6c3fbc6-0a2a-4424-bd0f-0ab1bdd37b0b';
const OTHER = '11111111-2222-3333-4444-555555555555';
const conv = (tenantId?: string) => ({
  id: 'c',
  isGroup: false,
  name: '',
  conversationType: 'personal',
  ...(tenantId ? { tenantId } : {}),
});

describe('tenant guard', () => {
  it('accepts the configured tenant from conversation.tenantId and/or channelData.tenant.id, case-insensitively', () => {
    expect(isFromConfiguredTenant({ conversation: conv(TENANT) }, TENANT)).toBe(true);
    expect(isFromConfiguredTenant({ channelData: { tenant: { id: TENANT.toUpperCase() } } }, TENANT)).toBe(true);
    expect(
      isFromConfiguredTenant({ conversation: conv(TENANT), channelData: { tenant: { id: TENANT } } }, TENANT),
    ).toBe(true);
  });
  it('refuses another tenant, a missing tenant and disagreeing tenant ids', () => {
    expect(isFromConfiguredTenant({ conversation: conv(OTHER) }, TENANT)).toBe(false);
    expect(isFromConfiguredTenant({ conversation: conv() }, TENANT)).toBe(false);
    expect(isFromConfiguredTenant({}, TENANT)).toBe(false);
    expect(isFromConfiguredTenant({ conversation: conv(TENANT), channelData: { tenant: { id: OTHER } } }, TENANT)).toBe(
      false,
    );
    expect(isFromConfiguredTenant({ channelData: { tenant: { id: 42 } } }, TENANT)).toBe(false);
    expect(isFromConfiguredTenant({ channelData: 'junk' }, TENANT)).toBe(false);
  });
  it('reports which tenant an activity claims', () => {
    expect(activityTenantId({ conversation: conv(OTHER) })).toBe(OTHER);
    expect(activityTenantId({ channelData: { tenant: { id: TENANT } } })).toBe(TENANT);
    expect(activityTenantId({})).toBeNull();
  });
});
