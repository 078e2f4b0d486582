/**
 * The simulator's shared state: loaded tenants, the token signing key, URLs and settings, and the
 * "global application registry" (which multi-tenant apps exist anywhere, so that
 * POST /servicePrincipals {appId} can instantiate them in a tenant).
 */
import type { ServicePrincipal } from '../src/graph/types';
import { MICROSOFT_RESOURCE_APPS } from './catalog/microsoft-resources';
import type { TenantFixture } from './fixture';
import { SigningKey } from './identity/jwt';
import { normaliseServicePrincipal } from './load-fixture';
import { TenantRuntime, type RequestLogEntry } from './state';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_AUDIENCES = [GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID];

export interface SimulatorSettings {
  /** Page size when the request has no $top (Graph: 100). */
  pageSize: number;
  /** Largest page the server returns whatever $top says (Graph: 999; tests lower it to exercise paging). */
  maxPageSize: number;
  tokenLifetimeSeconds: number;
}

export class SimulatorCore {
  readonly tenants = new Map<string, TenantRuntime>();
  readonly signingKey = new SigningKey();
  /** Every round trip, across tenants (entries for unknown tenants only live here). */
  readonly globalLog: RequestLogEntry[] = [];
  baseUrl = 'https://localhost';

  constructor(readonly settings: SimulatorSettings) {}

  addTenant(fixture: TenantFixture): TenantRuntime {
    const runtime = new TenantRuntime(fixture);
    this.tenants.set(fixture.tenant.id.toLowerCase(), runtime);
    return runtime;
  }

  /** By tenant id or default domain. */
  findTenant(idOrDomain: string): TenantRuntime | undefined {
    const direct = this.tenants.get(idOrDomain.toLowerCase());
    if (direct) return direct;
    for (const t of this.tenants.values()) if (t.matches(idOrDomain)) return t;
    return undefined;
  }

  issuer(tenantId: string): string {
    return `${this.baseUrl}/${tenantId}/v2.0`;
  }

  record(tenant: TenantRuntime | undefined, entry: RequestLogEntry): void {
    this.globalLog.push(entry);
    tenant?.log.push(entry);
  }

  /**
   * A service principal definition for `appId`, as a new tenant would get it: copied from the app's
   * service principal in any loaded tenant (its "home"), else from a fixture's `apps`/`clients`
   * entry, else from Microsoft's first-party catalog. Undefined when no such application exists.
   */
  appDefinition(appId: string, newObjectId: string): ServicePrincipal | undefined {
    const key = appId.toLowerCase();
    for (const t of this.tenants.values()) {
      const sp = t.servicePrincipalByAppId(appId);
      if (sp) {
        const copy = structuredClone(sp);
        return normaliseServicePrincipal({
          ...copy,
          id: newObjectId,
          accountEnabled: true,
          appRoleAssignmentRequired: false,
        });
      }
    }
    for (const t of this.tenants.values()) {
      const app =
        t.data.apps.find((a) => a.appId.toLowerCase() === key) ??
        t.data.clients.find((c) => c.appId.toLowerCase() === key);
      if (app) {
        return normaliseServicePrincipal({
          id: newObjectId,
          appId: app.appId,
          displayName: app.displayName ?? app.appId,
          tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
        });
      }
    }
    const firstParty = MICROSOFT_RESOURCE_APPS.find((a) => a.appId.toLowerCase() === key);
    return firstParty ? firstParty.create(newObjectId) : undefined;
  }
}
