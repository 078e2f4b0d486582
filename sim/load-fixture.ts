/**
 * Reads a tenant fixture (docs/contracts.md#tenant-fixture) from a file or an object and normalises it:
 * missing collections become empty, unknown keys are dropped, objects get the properties Graph
 * always returns (with Graph's defaults), and built-in permission grant policies are added.
 * The input is never mutated.
 */
import { NEEDED_PERMISSIONS } from '../src/doctor/checks';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  AdminConsentRequestPolicy,
  AppRoleAssignment,
  AuthorizationPolicy,
  FixtureGroup,
  ServicePrincipal,
  User,
} from '../src/graph/types';
import { withFirstPartyPermissions } from './catalog/microsoft-resources';
import { builtInPermissionGrantPolicies } from './catalog/permission-grant-policies';
import type { FixtureApp, FixtureClient, TenantFixture } from './fixture';
import { snapshotInstant } from './fixture-dates';

export class FixtureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixtureError';
  }
}

type Raw = Record<string, unknown>;

function asArray<T>(v: unknown, name: string): T[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FixtureError(`"${name}" must be an array`);
  return structuredClone(v) as T[];
}

function asObject(v: unknown, name: string): Raw | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new FixtureError(`"${name}" must be an object`);
  return structuredClone(v) as Raw;
}

/** Entra's default for tenants created before the Microsoft-managed setting. Fixtures should say. */
const DEFAULT_USER_CONSENT_POLICY = 'ManagePermissionGrantsForSelf.microsoft-user-default-legacy';

function normaliseUser(u: User): User {
  return { mail: null, accountEnabled: true, userType: 'Member', ...u };
}

function normaliseGroup(g: FixtureGroup): FixtureGroup {
  return { securityEnabled: true, isAssignableToRole: false, ...g, members: [...(g.members ?? [])] };
}

export function normaliseServicePrincipal(sp: ServicePrincipal): ServicePrincipal {
  return {
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appRoles: [],
    oauth2PermissionScopes: [],
    appOwnerOrganizationId: null,
    servicePrincipalType: 'Application',
    tags: [],
    disabledByMicrosoftStatus: null,
    homepage: null,
    replyUrls: [],
    ...sp,
    verifiedPublisher: {
      displayName: null,
      verifiedPublisherId: null,
      addedDateTime: null,
      ...(sp.verifiedPublisher ?? {}),
    },
  };
}

function requireIds(items: Array<{ id?: unknown }>, name: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (typeof item.id !== 'string' || item.id === '') throw new FixtureError(`${name}[${i}] has no "id"`);
    if (seen.has(item.id)) throw new FixtureError(`${name} has a duplicate id "${item.id}"`);
    seen.add(item.id);
  });
}

export function normaliseFixture(input: unknown): TenantFixture {
  const raw = asObject(input, 'fixture');
  if (!raw) throw new FixtureError('A tenant fixture must be a JSON object');
  const tenant = asObject(raw.tenant, 'tenant');
  if (!tenant || typeof tenant.id !== 'string' || tenant.id === '') throw new FixtureError('"tenant.id" is required');
  const tenantId = tenant.id;

  const users = asArray<User>(raw.users, 'users').map(normaliseUser);
  const groups = asArray<FixtureGroup>(raw.groups, 'groups').map(normaliseGroup);
  // A Microsoft resource named by appId alone gets its published permissions (sim/README.md, "First-party resources").
  const servicePrincipals = asArray<ServicePrincipal>(raw.servicePrincipals, 'servicePrincipals').map((sp) =>
    normaliseServicePrincipal(withFirstPartyPermissions(sp)),
  );
  requireIds(users, 'users');
  requireIds(groups, 'groups');
  requireIds(servicePrincipals, 'servicePrincipals');

  const displayNames = new Map<string, { name: string; type: 'User' | 'Group' | 'ServicePrincipal' }>();
  users.forEach((u) => displayNames.set(u.id, { name: u.displayName, type: 'User' }));
  groups.forEach((g) => displayNames.set(g.id, { name: g.displayName, type: 'Group' }));
  servicePrincipals.forEach((s) => displayNames.set(s.id, { name: s.displayName, type: 'ServicePrincipal' }));

  const appRoleAssignments = asArray<AppRoleAssignment>(raw.appRoleAssignments, 'appRoleAssignments').map((a) => ({
    principalType: displayNames.get(a.principalId)?.type,
    principalDisplayName: displayNames.get(a.principalId)?.name,
    resourceDisplayName: displayNames.get(a.resourceId)?.name,
    createdDateTime: '2024-01-01T00:00:00Z',
    ...a,
  }));
  requireIds(appRoleAssignments, 'appRoleAssignments');

  const oauth2PermissionGrants = asArray<TenantFixture['oauth2PermissionGrants'][number]>(
    raw.oauth2PermissionGrants,
    'oauth2PermissionGrants',
  ).map((g) => ({ ...g, principalId: g.principalId ?? null }));
  requireIds(oauth2PermissionGrants, 'oauth2PermissionGrants');

  const authorizationPolicy = (asObject(raw.authorizationPolicy, 'authorizationPolicy') ??
    {}) as Partial<AuthorizationPolicy>;
  const defaultPerms = (authorizationPolicy.defaultUserRolePermissions ?? {}) as Partial<
    AuthorizationPolicy['defaultUserRolePermissions']
  >;

  const customPolicies = asArray<TenantFixture['permissionGrantPolicies'][number]>(
    raw.permissionGrantPolicies,
    'permissionGrantPolicies',
  ).map((p) => ({
    ...p,
    includes: p.includes ?? [],
    excludes: p.excludes ?? [],
  }));
  const customIds = new Set(customPolicies.map((p) => p.id.toLowerCase()));
  const permissionGrantPolicies = [
    ...builtInPermissionGrantPolicies(tenantId).filter((p) => !customIds.has(p.id.toLowerCase())),
    ...customPolicies,
  ];

  const adminConsentRequestPolicy: AdminConsentRequestPolicy = {
    isEnabled: false,
    notifyReviewers: false,
    remindersEnabled: false,
    requestDurationInDays: 0,
    reviewers: [],
    version: 0,
    ...((asObject(raw.adminConsentRequestPolicy, 'adminConsentRequestPolicy') ??
      {}) as Partial<AdminConsentRequestPolicy>),
  };

  const classifications = (asObject(raw.delegatedPermissionClassifications, 'delegatedPermissionClassifications') ??
    {}) as TenantFixture['delegatedPermissionClassifications'];

  const appConsentRequests = asArray<TenantFixture['appConsentRequests'][number]>(
    raw.appConsentRequests,
    'appConsentRequests',
  ).map((r) => ({
    consentType: 'Dynamic',
    ...r,
    pendingScopes: r.pendingScopes ?? [],
    userConsentRequests: r.userConsentRequests ?? [],
  }));

  const fixture: TenantFixture = {
    tenant: {
      id: tenantId,
      displayName: typeof tenant.displayName === 'string' ? tenant.displayName : tenantId,
      premium: tenant.premium === true,
      ...(typeof tenant.defaultDomain === 'string' ? { defaultDomain: tenant.defaultDomain } : {}),
    },
    users,
    groups,
    servicePrincipals,
    oauth2PermissionGrants,
    appRoleAssignments,
    authorizationPolicy: {
      id: 'authorizationPolicy',
      displayName: 'Authorization Policy',
      ...authorizationPolicy,
      defaultUserRolePermissions: {
        allowedToCreateApps: true,
        ...defaultPerms,
        permissionGrantPoliciesAssigned: defaultPerms.permissionGrantPoliciesAssigned ?? [DEFAULT_USER_CONSENT_POLICY],
      },
    },
    permissionGrantPolicies,
    delegatedPermissionClassifications: classifications,
    adminConsentRequestPolicy,
    appConsentRequests,
    signIns: asArray(raw.signIns, 'signIns'),
    roleAssignments: asArray(raw.roleAssignments, 'roleAssignments'),
    apps: asArray<FixtureApp>(raw.apps, 'apps').map((a) => ({ ...a, requestedScopes: a.requestedScopes ?? {} })),
    // docs/contracts.md#tenant-fixture: without `clients` the bot's own app is registered with the permissions
    // docs/permissions.md documents, so a tenant snapshot or a bug report runs as it is.
    clients:
      raw.clients === undefined
        ? [defaultBotClient()]
        : asArray<FixtureClient>(raw.clients, 'clients').map((c) => ({ ...c, roles: c.roles ?? [] })),
  };
  const faults = asObject(raw.faults, 'faults');
  if (faults) fixture.faults = faults as TenantFixture['faults'];
  const caseNow = (asObject(raw._case, '_case') ?? {}).now;
  fixture.datesAsOf = snapshotInstant(fixture, raw.datesAsOf ?? caseNow);
  if (raw.datesLive === true) fixture.datesLive = true;
  return fixture;
}

/** The bot's app identity when a fixture registers none (fixed values: the simulator is local only). */
export const DEFAULT_BOT_CLIENT = {
  appId: 'c0a5e17d-0c70-4d0c-b07f-5ec0de0b0b07',
  secret: 'simulator-default-bot-secret-not-real',
  displayName: 'Consent Doctor',
} as const;

function defaultBotClient(): FixtureClient {
  return { ...DEFAULT_BOT_CLIENT, roles: NEEDED_PERMISSIONS.map((p) => p.name) };
}

/** Loads a fixture from a JSON file path or an object and normalises it. */
export function loadFixture(pathOrObject: string | unknown): TenantFixture {
  if (typeof pathOrObject === 'string') {
    const file = path.resolve(pathOrObject);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new FixtureError(`Cannot read tenant fixture ${file}: ${(err as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new FixtureError(`Tenant fixture ${file} is not valid JSON: ${(err as Error).message}`);
    }
    return normaliseFixture(parsed);
  }
  return normaliseFixture(pathOrObject);
}

export function loadFixtures(items: ReadonlyArray<string | unknown>): TenantFixture[] {
  return items.map((item) => loadFixture(item));
}
