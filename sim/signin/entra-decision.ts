/**
 * What Entra ID shows a user who opens an app's sign-in link now — the oracle the diagnosis is
 * checked against. Pure: tenant state and request in, outcome out. Written from Entra's documented
 * behaviour (docs/entra-semantics.md, learn.microsoft.com: reference-error-codes, "Unexpected consent
 * prompt", "Configure how users consent", "Admin consent workflow"), never from src/diagnosis.
 *
 * Order, as Entra evaluates a sign-in:
 *   1. client_id present; the user (login_hint) exists in the tenant (50034 member domain /
 *      50020 other domain) and is enabled (50057);
 *   2. the app: known in the tenant, or a multi-tenant app consent would instantiate (else 700016);
 *      disabled service principal (7000112);
 *   3. prompt=admin_consent by an admin: the admin consent page (before assignment: consent is
 *      not a sign-in to the app);
 *   4. assignment required and the user not assigned directly or through a group they are a
 *      *direct* member of (50105);
 *   5. every requested resource exists in the tenant (650052) and publishes the scope (650053);
 *   6. consent: requested scopes covered by the tenant-wide grant plus the user's own grant, and
 *      prompt is not consent/admin_consent -> signed in;
 *   7. otherwise someone must consent: an admin (Global, Privileged Role, Cloud Application or
 *      Application Administrator) sees the consent page with "Consent on behalf of your
 *      organization"; a user sees it only when the app is not assignment-required, no scope is of
 *      type Admin and the user consent policy allows every missing scope; a risky app is never
 *      user-consentable (900941 / 900981);
 *   8. else "Approval required" when the admin consent workflow is on (90095), else "Need admin
 *      approval" (90094); prompt=none turns any page into AADSTS65001 (consent_required).
 * Conditional Access is not modelled (the fixture format has no policies).
 */
import type { FixtureApp, TenantFixture } from '../fixture';
import type { PermissionScope, ServicePrincipal, User } from '../../src/graph/types';
import { OIDC_SCOPES, parseScopeParameter, type RequestedScope } from './scopes';
import { userMayConsent, type PolicyContext } from './user-consent-policy';

export interface AuthorizeParams {
  clientId: string | null;
  /** The raw scope parameter (null: absent, the app's own request is used). */
  scope: string | null;
  prompt: string | null;
  /** UPN or object id of the signed-in user (null: nobody picked yet). */
  loginHint: string | null;
  redirectUri: string | null;
}

export interface DecisionInput {
  tenant: TenantFixture;
  params: AuthorizeParams;
  /** The app as a new tenant would get it, when it exists anywhere (multi-tenant); null otherwise. */
  appElsewhere: ServicePrincipal | null;
}

export interface ShownScope extends RequestedScope {
  displayName: string;
  adminOnly: boolean;
}

interface OutcomeBase {
  user: User | null;
  app: {
    appId: string;
    displayName: string;
    servicePrincipal: ServicePrincipal | null;
    verifiedPublisher: string | null;
  } | null;
  /** Every scope the request asks for. */
  requested: RequestedScope[];
  /** Why, in one sentence (the page's "details" section; not something Entra words this way). */
  reason: string;
  /** The effective prompt (the request's, else the one the app always sends). */
  prompt: string | null;
}

export type SignInOutcome = OutcomeBase &
  (
    | { kind: 'pick_account' }
    | { kind: 'signed_in' }
    | { kind: 'consent'; scopes: ShownScope[]; admin: boolean; forOrganization: boolean }
    | { kind: 'approval_required'; code: 90095 | 900981; alreadyRequested: boolean; scopes: ShownScope[] }
    | { kind: 'need_admin_approval'; code: 90094 | 900941; scopes: ShownScope[] }
    | { kind: 'error'; code: number; error: string; description: string }
  );

/** The user must get someone else's help: the state the diagnosis must find a fix for. */
export function isBlocked(outcome: SignInOutcome): boolean {
  return outcome.kind === 'error' || outcome.kind === 'approval_required' || outcome.kind === 'need_admin_approval';
}

/** The error code Entra's sign-in log records for this outcome (0 = success). */
export function recordedErrorCode(outcome: SignInOutcome): number | null {
  switch (outcome.kind) {
    case 'pick_account':
      return null;
    case 'signed_in':
      return 0;
    case 'consent':
      return 65001;
    default:
      return outcome.code;
  }
}

export const CONSENTING_ADMIN_ROLES = new Set([
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
  'e8611ab8-c189-46e8-94e1-60213ab1f814', // Privileged Role Administrator
  '158c047a-c907-4556-b7ef-446551a6b5f7', // Cloud Application Administrator
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', // Application Administrator
]);

const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
  typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

function findUser(t: TenantFixture, hint: string): User | undefined {
  return t.users.find((u) => same(u.id, hint) || same(u.userPrincipalName, hint));
}

function directGroupIds(t: TenantFixture, principalId: string): string[] {
  return t.groups.filter((g) => g.members.some((m) => same(m, principalId))).map((g) => g.id);
}

function isConsentingAdmin(t: TenantFixture, user: User): boolean {
  const principals = [user.id, ...directGroupIds(t, user.id)];
  return t.roleAssignments.some(
    (r) =>
      CONSENTING_ADMIN_ROLES.has(r.roleDefinitionId.toLowerCase()) && principals.some((p) => same(p, r.principalId)),
  );
}

function isAssigned(t: TenantFixture, sp: ServicePrincipal, user: User): boolean {
  const principals = [user.id, ...directGroupIds(t, user.id)];
  return t.appRoleAssignments.some((a) => same(a.resourceId, sp.id) && principals.some((p) => same(p, a.principalId)));
}

function grantedScopes(
  t: TenantFixture,
  client: ServicePrincipal | null,
  resource: ServicePrincipal,
  user: User,
): Set<string> {
  const out = new Set<string>();
  if (!client) return out;
  for (const g of t.oauth2PermissionGrants) {
    if (!same(g.clientId, client.id) || !same(g.resourceId, resource.id)) continue;
    if (g.consentType === 'Principal' && !same(g.principalId, user.id)) continue;
    g.scope
      .split(/\s+/)
      .filter(Boolean)
      .forEach((s) => out.add(s.toLowerCase()));
  }
  return out;
}

function scopeDefinition(resource: ServicePrincipal, value: string): PermissionScope | null {
  return (resource.oauth2PermissionScopes ?? []).find((s) => same(s.value, value) && s.isEnabled !== false) ?? null;
}

/** The resource's definition of a requested scope; OIDC scopes are user-type even when a fixture omits them. */
function definitionOf(resources: Map<string, ServicePrincipal>, s: RequestedScope): PermissionScope | null {
  const resource = resources.get(s.resourceAppId);
  const def = resource ? scopeDefinition(resource, s.value) : null;
  if (def) return def;
  return OIDC_SCOPES.has(s.value.toLowerCase())
    ? { id: `oidc-${s.value.toLowerCase()}`, value: s.value, type: 'User', isEnabled: true }
    : null;
}

function shown(resources: Map<string, ServicePrincipal>, scopes: RequestedScope[]): ShownScope[] {
  return scopes.map((s) => {
    const def = definitionOf(resources, s);
    return {
      ...s,
      displayName: def?.adminConsentDisplayName ?? def?.userConsentDisplayName ?? s.value,
      adminOnly: def?.type === 'Admin',
    };
  });
}

function error(base: OutcomeBase, code: number, err: string, description: string): SignInOutcome {
  return { ...base, kind: 'error', code, error: err, description };
}

const CONSENT_PROMPTS = new Set(['consent', 'admin_consent']);

export function decideSignIn(input: DecisionInput): SignInOutcome {
  const t = input.tenant;
  const p = input.params;
  const fixtureApp: FixtureApp | undefined = p.clientId ? t.apps.find((a) => same(a.appId, p.clientId)) : undefined;
  const prompt = p.prompt?.toLowerCase() ?? (p.scope === null ? (fixtureApp?.forcesPrompt ?? null) : null);
  const { scopes: requested, unknownResources } = parseScopeParameter(p.scope, fixtureApp);
  const base: OutcomeBase = { user: null, app: null, requested, reason: '', prompt };
  const tenantName = t.tenant.displayName;

  if (!p.clientId) {
    return error(
      { ...base, reason: 'The sign-in link has no client_id.' },
      900144,
      'invalid_request',
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  const sp = t.servicePrincipals.find((s) => same(s.appId, p.clientId)) ?? null;
  const definition = sp ?? input.appElsewhere;
  const app = definition
    ? {
        appId: definition.appId,
        displayName: fixtureApp?.displayName ?? definition.displayName,
        servicePrincipal: sp,
        verifiedPublisher: definition.verifiedPublisher?.verifiedPublisherId
          ? (definition.verifiedPublisher.displayName ?? 'verified')
          : null,
      }
    : null;
  if (!p.loginHint) {
    if (prompt === 'none')
      return error(
        { ...base, reason: 'prompt=none and nobody is signed in.' },
        50058,
        'login_required',
        'A silent sign-in request was sent but no user is signed in.',
      );
    return { ...base, app, kind: 'pick_account', reason: 'Pick the account to sign in with.' };
  }

  const user = findUser(t, p.loginHint);
  if (!user) {
    const domain = (t.tenant.defaultDomain ?? '').toLowerCase();
    const member = domain !== '' && p.loginHint.toLowerCase().endsWith(`@${domain}`);
    return member
      ? error(
          { ...base, reason: 'This account is not a user of the tenant.' },
          50034,
          'invalid_grant',
          `The user account ${p.loginHint} does not exist in the ${tenantName} directory. To sign into this application, the account must be added to the directory.`,
        )
      : error(
          { ...base, reason: 'This account belongs to another organisation and was never invited as a guest.' },
          50020,
          'invalid_request',
          `User account '${p.loginHint}' from identity provider does not exist in tenant '${tenantName}' and cannot access the application '${p.clientId}' in that tenant. The account needs to be added as an external user in the tenant first.`,
        );
  }
  const withUser: OutcomeBase = { ...base, user };
  if (user.accountEnabled === false) {
    return error(
      { ...withUser, reason: 'The account is disabled.' },
      50057,
      'invalid_grant',
      'The user account is disabled.',
    );
  }

  if (!definition || !app) {
    return error(
      { ...withUser, reason: 'No application with this id exists in this tenant or anywhere else.' },
      700016,
      'unauthorized_client',
      `Application with identifier '${p.clientId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const withApp: OutcomeBase = { ...withUser, app };
  if (sp && sp.accountEnabled === false) {
    return error(
      {
        ...withApp,
        reason: 'An admin disabled sign-in for this enterprise app (or blocked it in the consent workflow).',
      },
      7000112,
      'unauthorized_client',
      `Application '${app.appId}'(${app.displayName}) is disabled.`,
    );
  }
  if (unknownResources.length > 0) {
    return error(
      { ...withApp, reason: 'A requested scope names a resource Entra does not know.' },
      500011,
      'invalid_resource',
      `The resource principal named ${unknownResources[0]} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    );
  }

  const admin = isConsentingAdmin(t, user);
  const assignmentRequired = sp?.appRoleAssignmentRequired === true;
  if (!(prompt === 'admin_consent' && admin) && sp && assignmentRequired && !isAssigned(t, sp, user)) {
    return error(
      {
        ...withApp,
        reason: `Assignment is required for this app and ${user.displayName} is not assigned, directly or through a group they are a direct member of (assignments do not cascade to nested groups).`,
      },
      50105,
      'invalid_grant',
      `Your administrator has configured the application ${app.displayName} ('${app.appId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user '${user.userPrincipalName}' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.`,
    );
  }

  // Resources and scope definitions.
  const resources = new Map<string, ServicePrincipal>();
  for (const s of requested) {
    const resource = t.servicePrincipals.find((r) => same(r.appId, s.resourceAppId));
    if (!resource) {
      return error(
        {
          ...withApp,
          reason: `The app asks for a permission of ${s.resourceAppId}, which has no service principal in this tenant.`,
        },
        650052,
        'invalid_client',
        `The app is trying to access a service '${s.resourceAppId}' that your organization '${t.tenant.id}' lacks a service principal for. Contact your IT Admin to review the configuration of your service subscriptions or consent to the application in order to create the required service principal.`,
      );
    }
    resources.set(s.resourceAppId, resource);
    if (!OIDC_SCOPES.has(s.value.toLowerCase()) && !scopeDefinition(resource, s.value)) {
      return error(
        { ...withApp, reason: `The resource does not publish a permission named ${s.value}.` },
        650053,
        'invalid_client',
        `The application '${app.displayName}' asked for scope '${s.value}' that doesn't exist on the resource '${s.resourceAppId}'. Contact the app vendor.`,
      );
    }
  }

  const missing = requested.filter(
    (s) => !grantedScopes(t, sp, resources.get(s.resourceAppId) as ServicePrincipal, user).has(s.value.toLowerCase()),
  );
  const forced = prompt !== null && CONSENT_PROMPTS.has(prompt);
  if (missing.length === 0 && !forced) {
    return {
      ...withApp,
      kind: 'signed_in',
      reason: 'Every requested permission is consented for this user (tenant-wide or for themselves).',
    };
  }
  // prompt=consent/admin_consent asks again for everything, even what is already granted.
  const toConsent = shown(resources, forced ? requested : missing);
  const consentScopes = toConsent.map((s) => s.value).join(' ');

  const interactive = (outcome: SignInOutcome): SignInOutcome =>
    prompt === 'none'
      ? error(
          outcome,
          65001,
          'consent_required',
          `The user or administrator has not consented to use the application with ID '${app.appId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
        )
      : outcome;

  if (admin) {
    return interactive({
      ...withApp,
      kind: 'consent',
      scopes: toConsent,
      admin: true,
      forOrganization: prompt === 'admin_consent',
      reason: `${user.displayName} holds an admin role that may grant consent, for themselves or for the whole organisation (${consentScopes}).`,
    });
  }

  const risky = fixtureApp?.risky === true;
  const client = sp ?? definition;
  const policy: PolicyContext = {
    assignedPolicyIds: t.authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned ?? [],
    policies: t.permissionGrantPolicies,
    classifications: t.delegatedPermissionClassifications,
    client,
  };
  const refused = toConsent.filter(
    (s) => !userMayConsent(policy, { resourceAppId: s.resourceAppId, definition: definitionOf(resources, s) }),
  );
  const userMay = prompt !== 'admin_consent' && !assignmentRequired && refused.length === 0 && !risky;
  if (userMay) {
    return interactive({
      ...withApp,
      kind: 'consent',
      scopes: toConsent,
      admin: false,
      forOrganization: false,
      reason: forced
        ? `The app sends prompt=${prompt}, so Entra asks for consent on every sign-in.`
        : `The tenant lets users consent to these permissions for themselves (${consentScopes}).`,
    });
  }

  const why =
    prompt === 'admin_consent'
      ? 'The app asks for admin consent (prompt=admin_consent) and the user is not an admin.'
      : risky
        ? "Entra's risky-app detection flagged this app: user consent is blocked."
        : assignmentRequired
          ? 'Assignment is required for this app, so only an admin can consent for it.'
          : `The user may not consent to: ${refused.map((s) => s.value).join(', ')} (user consent settings or admin-only permissions).`;
  if (t.adminConsentRequestPolicy.isEnabled) {
    const alreadyRequested = t.appConsentRequests.some(
      (r) =>
        same(r.appId, app.appId) &&
        r.userConsentRequests.some((u) => same(u.createdBy?.user?.id, user.id) && u.status === 'InProgress'),
    );
    return interactive({
      ...withApp,
      kind: 'approval_required',
      code: risky ? 900981 : 90095,
      alreadyRequested,
      scopes: toConsent,
      reason: `${why} The admin consent workflow is on, so the user can request approval.`,
    });
  }
  return interactive({
    ...withApp,
    kind: 'need_admin_approval',
    code: risky ? 900941 : 90094,
    scopes: toConsent,
    reason: `${why} The admin consent workflow is off.`,
  });
}
