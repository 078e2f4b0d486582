/**
 * The tenant fixture (docs/contracts.md#tenant-fixture): a tenant described as Graph returns it.
 * Unknown keys are ignored; missing collections are empty.
 */
import type {
  AdminConsentRequestPolicy,
  AppRoleAssignment,
  FixtureAppConsentRequest,
  AuthorizationPolicy,
  DelegatedPermissionClassification,
  FixtureGroup,
  OAuth2PermissionGrant,
  PermissionGrantPolicy,
  ServicePrincipal,
  SignIn,
  UnifiedRoleAssignment,
  User,
} from '../src/graph/types';

/** What the vendor's app asks for at sign-in; Graph itself cannot tell this. */
export interface FixtureApp {
  appId: string;
  displayName?: string;
  /** resource appId -> scope values */
  requestedScopes: Record<string, string[]>;
  /** Application permissions (app role values) the app requests, per resource appId. */
  requestedAppRoles?: Record<string, string[]>;
  /** The app always sends prompt=consent / prompt=admin_consent. */
  forcesPrompt?: 'consent' | 'admin_consent' | null;
  /** Entra's risky-app detection flags this app (AADSTS900941). */
  risky?: boolean;
}

/** Client-credential apps the simulator issues tokens to (the bot itself, test clients). */
export interface FixtureClient {
  appId: string;
  secret: string;
  displayName?: string;
  /** Graph application permissions granted to this client, e.g. "Application.Read.All". */
  roles: string[];
  /**
   * Certificates the client may sign a client assertion with, as application.keyCredentials:
   * `customKeyIdentifier` the SHA-1 thumbprint (hex), `key` the certificate (base64 DER or PEM).
   */
  keyCredentials?: Array<{ customKeyIdentifier?: string; key: string }>;
}

export interface FixtureFaults {
  /** Extra latency per Graph request, ms. */
  latencyMs?: number;
  /** Answer this fraction of requests (0..1) or the next N requests with 429. */
  throttle?: { count?: number; rate?: number; retryAfterSeconds?: number; pathPattern?: string };
  /** Answer the next N requests (matching pathPattern) with 503 (optionally with Retry-After). */
  unavailable?: { count?: number; pathPattern?: string; retryAfterSeconds?: number };
  /**
   * Close the connection of the next N Graph requests (matching pathPattern) without answering, as a
   * network drop or a server closing an idle keep-alive connection the client was about to reuse.
   */
  connectionDrop?: { count?: number; pathPattern?: string };
  /** Grant listings lag behind writes by this many ms (replication). */
  grantReplicationLagMs?: number;
  /**
   * How a duplicate oAuth2PermissionGrant POST is refused: "badRequest" (default: 400
   * Request_BadRequest "Permission entry already exists.") or "conflict" (409
   * Request_MultipleObjectsWithSameKeyValue). Both have been seen from Graph.
   */
  duplicateGrantAnswer?: 'badRequest' | 'conflict';
}

/** A stored service principal: a fixture may carry beta's publisherName, which only /beta serves. */
export type StoredServicePrincipal = ServicePrincipal & { publisherName?: string | null };

export interface TenantFixture {
  tenant: { id: string; displayName: string; premium: boolean; defaultDomain?: string };
  users: User[];
  groups: FixtureGroup[];
  servicePrincipals: StoredServicePrincipal[];
  oauth2PermissionGrants: OAuth2PermissionGrant[];
  appRoleAssignments: AppRoleAssignment[];
  authorizationPolicy: AuthorizationPolicy;
  permissionGrantPolicies: PermissionGrantPolicy[];
  delegatedPermissionClassifications: Record<string, DelegatedPermissionClassification[]>;
  adminConsentRequestPolicy: AdminConsentRequestPolicy;
  appConsentRequests: FixtureAppConsentRequest[];
  signIns: SignIn[];
  roleAssignments: UnifiedRoleAssignment[];
  apps: FixtureApp[];
  clients: FixtureClient[];
  faults?: FixtureFaults;
  /**
   * The instant the fixture's dates describe (optional in the file: default the newest sign-in or
   * consent request). Sign-in retention (30 days) is judged against it unless `datesLive`.
   */
  datesAsOf?: string | null;
  /** Set when the dates were moved to the present (local mode): the tenant's clock is the real one. */
  datesLive?: boolean;
}

export { loadFixture, loadFixtures } from './load-fixture';
