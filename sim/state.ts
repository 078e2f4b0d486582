/**
 * One tenant's live, in-memory state: the normalised fixture (mutated by Graph writes), its faults,
 * its request log and the bookkeeping for replication lag on grant listings.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FixtureGroup, OAuth2PermissionGrant, ServicePrincipal, User } from '../src/graph/types';
import { FaultState } from './faults';
import type { TenantFixture } from './fixture';

/** The live tenant, in the fixture's shape. */
export type TenantState = TenantFixture;

export interface RequestLogEntry {
  at: string;
  method: string;
  /** Path with query, e.g. "/v1.0/servicePrincipals?$filter=appId eq '...'" (decoded). */
  path: string;
  status: number;
  tenantId: string | null;
  clientId: string | null;
  /** Graph calls with a delegated token: the signed-in user's object id (null or absent: app-only). */
  userId?: string | null;
  /** "graph" for Graph round trips, "identity" for token/metadata requests. */
  kind: 'graph' | 'identity';
  batch?: Array<{ id: string; method: string; url: string; status: number }>;
}

interface GrantChange {
  at: number;
  id: string;
  /** The grant as listings showed it before the change (null: it did not exist). */
  before: OAuth2PermissionGrant | null;
}

export type DirectoryObject =
  | { type: 'user'; object: User }
  | { type: 'group'; object: FixtureGroup }
  | { type: 'servicePrincipal'; object: ServicePrincipal };

export class TenantRuntime {
  readonly faults: FaultState;
  readonly log: RequestLogEntry[] = [];
  private grantChanges: GrantChange[] = [];

  constructor(
    readonly data: TenantState,
    private readonly now: () => number = Date.now,
  ) {
    this.faults = new FaultState(data.faults);
  }

  /** The tenant's "now": the snapshot instant of a fixture with fixed dates, else the real clock. */
  clock(): number {
    const asOf = this.data.datesAsOf ? Date.parse(this.data.datesAsOf) : NaN;
    return this.data.datesLive || !Number.isFinite(asOf) ? this.now() : Math.max(asOf, 0);
  }

  get id(): string {
    return this.data.tenant.id;
  }

  /** Matches the tenant id or its default domain (login.microsoftonline.com accepts both). */
  matches(idOrDomain: string): boolean {
    const key = idOrDomain.toLowerCase();
    return this.id.toLowerCase() === key || (this.data.tenant.defaultDomain ?? '').toLowerCase() === key;
  }

  user(idOrUpn: string): User | undefined {
    const key = idOrUpn.toLowerCase();
    return this.data.users.find((u) => u.id.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key);
  }

  group(id: string): FixtureGroup | undefined {
    const key = id.toLowerCase();
    return this.data.groups.find((g) => g.id.toLowerCase() === key);
  }

  servicePrincipal(id: string): ServicePrincipal | undefined {
    const key = id.toLowerCase();
    return this.data.servicePrincipals.find((s) => s.id.toLowerCase() === key);
  }

  servicePrincipalByAppId(appId: string): ServicePrincipal | undefined {
    const key = appId.toLowerCase();
    return this.data.servicePrincipals.find((s) => s.appId.toLowerCase() === key);
  }

  directoryObject(id: string): DirectoryObject | undefined {
    const key = id.toLowerCase();
    const user = this.data.users.find((u) => u.id.toLowerCase() === key);
    if (user) return { type: 'user', object: user };
    const group = this.group(id);
    if (group) return { type: 'group', object: group };
    const sp = this.servicePrincipal(id);
    if (sp) return { type: 'servicePrincipal', object: sp };
    return undefined;
  }

  /** Groups that list `id` as a direct member. */
  directGroupsOf(id: string): FixtureGroup[] {
    const key = id.toLowerCase();
    return this.data.groups.filter((g) => g.members.some((m) => m.toLowerCase() === key));
  }

  /** All groups `id` belongs to, directly or through nested groups (cycle-safe). */
  transitiveGroupsOf(id: string): FixtureGroup[] {
    const out: FixtureGroup[] = [];
    const seen = new Set<string>();
    const queue = [id];
    while (queue.length > 0) {
      const current = queue.shift() as string;
      for (const g of this.directGroupsOf(current)) {
        if (seen.has(g.id)) continue;
        seen.add(g.id);
        out.push(g);
        queue.push(g.id);
      }
    }
    return out;
  }

  /** All members of a group, through nested groups (groups included), cycle-safe. */
  transitiveMembersOf(groupId: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>([groupId.toLowerCase()]);
    const queue = [groupId];
    while (queue.length > 0) {
      const g = this.group(queue.shift() as string);
      for (const m of g?.members ?? []) {
        if (seen.has(m.toLowerCase())) continue;
        seen.add(m.toLowerCase());
        out.push(m);
        if (this.group(m)) queue.push(m);
      }
    }
    return out;
  }

  // ---- delegated permission grants and replication lag -------------------------------------

  grant(id: string): OAuth2PermissionGrant | undefined {
    return this.data.oauth2PermissionGrants.find((g) => g.id === id);
  }

  /** Records a write so that listings keep showing `before` until the replication lag has passed. */
  recordGrantChange(id: string, before: OAuth2PermissionGrant | null): void {
    if (this.faults.grantReplicationLagMs <= 0) return;
    this.grantChanges.push({ at: this.now(), id, before: before ? structuredClone(before) : null });
  }

  /** The grants as a listing sees them: recent writes are not visible yet under replication lag. */
  listedGrants(): OAuth2PermissionGrant[] {
    const lag = this.faults.grantReplicationLagMs;
    const cutoff = this.now() - lag;
    this.grantChanges = this.grantChanges.filter((c) => c.at > cutoff);
    if (lag <= 0 || this.grantChanges.length === 0) return this.data.oauth2PermissionGrants;
    const view = new Map<string, OAuth2PermissionGrant>(this.data.oauth2PermissionGrants.map((g) => [g.id, g]));
    for (const change of [...this.grantChanges].reverse()) {
      if (change.before) view.set(change.id, change.before);
      else view.delete(change.id);
    }
    return [...view.values()];
  }
}

/**
 * Graph's oAuth2PermissionGrant ids are base64url of the client and resource object ids (and the
 * principal's for Principal grants); the simulator builds them the same way.
 */
export function grantId(clientId: string, resourceId: string, principalId: string | null): string {
  const bytes = (guid: string): Buffer => {
    const hex = guid.replace(/-/g, '');
    return /^[0-9a-f]{32}$/i.test(hex)
      ? Buffer.from(hex, 'hex')
      : createHash('sha256').update(guid).digest().subarray(0, 16);
  };
  const parts = [bytes(clientId), bytes(resourceId)];
  if (principalId) parts.push(bytes(principalId));
  return Buffer.concat(parts).toString('base64url');
}

/** appRoleAssignment ids look like base64url of 32 bytes (43 characters). */
export function assignmentId(): string {
  return randomBytes(32).toString('base64url');
}

export function newObjectId(): string {
  return randomUUID();
}
