/**
 * Small programmatic tenants for simulator tests that need something sim-basic.json does not have
 * (many users for paging, one client per permission, a non-premium tenant...).
 */
import { randomUUID } from 'node:crypto';
import { microsoftGraphServicePrincipal } from '../../../sim/catalog/microsoft-resources';
import type { FixtureClient, TenantFixture } from '../../../sim/fixture';
import { loadFixture } from '../../../sim/load-fixture';
import { SIM_BASIC_FIXTURE } from '../../helpers/sim';

export function client(roles: string[], appId: string = randomUUID()): FixtureClient {
  return { appId, secret: `secret-${appId.slice(0, 8)}`, displayName: `client ${roles.join('+') || 'none'}`, roles };
}

/** A tenant with `userCount` users named "User 001"..., the Graph SP, and the given clients. */
export function bulkTenant(opts: {
  userCount?: number;
  clients: FixtureClient[];
  premium?: boolean;
  tenantId?: string;
}): TenantFixture {
  const tenantId = opts.tenantId ?? randomUUID();
  const users = Array.from({ length: opts.userCount ?? 5 }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return {
      id: `00000000-0000-4000-8000-000000000${n}`,
      displayName: `User ${n}`,
      userPrincipalName: `user${n}@bulk.example`,
      mail: `user${n}@bulk.example`,
      accountEnabled: i % 5 !== 4,
      userType: 'Member' as const,
    };
  });
  return loadFixture({
    tenant: { id: tenantId, displayName: 'Bulk tenant', premium: opts.premium ?? true },
    users,
    servicePrincipals: [microsoftGraphServicePrincipal(randomUUID())],
    clients: opts.clients,
  });
}

/** sim-basic.json with changes (deep copy). */
export function simBasicWith(change: (f: TenantFixture) => void): TenantFixture {
  const f = loadFixture(SIM_BASIC_FIXTURE);
  change(f);
  return f;
}
