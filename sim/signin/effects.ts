/**
 * What a sign-in changes in the tenant, as Entra does it:
 *  - every attempt leaves a sign-in log entry (status.errorCode, failureReason, the app and the
 *    resource). A signIn has no field for the requested permissions
 *    (learn.microsoft.com/graph/api/resources/signin, signinstatus), so none is written;
 *  - accepting the consent page instantiates a multi-tenant app's service principal if needed and
 *    creates or extends the delegated grant: the user's own (Principal), or tenant-wide
 *    (AllPrincipals) when an admin ticks "Consent on behalf of your organization";
 *  - "Request approval" creates or extends the app's consent request with an InProgress
 *    userConsentRequest for this user (the admin consent workflow).
 */
import { randomUUID } from 'node:crypto';
import type { OAuth2PermissionGrant, ServicePrincipal, SignIn } from '../../src/graph/types';
import { normaliseServicePrincipal } from '../load-fixture';
import { grantId, newObjectId, type TenantRuntime } from '../state';
import { recordedErrorCode, type SignInOutcome } from './entra-decision';

const FAILURE_REASONS: Record<number, string> = {
  65001: 'The user or administrator has not consented to use the application.',
  65004: 'User declined to consent to access the app.',
  90094: 'Admin consent is required for the permissions requested by this application.',
  90095:
    'Admin consent is required for the permissions requested by this application. An admin consent request may be sent to the admin.',
  900941: 'Admin consent is required. App is considered risky.',
  900981: 'An admin consent request was received for a risky app.',
  50105: 'The signed in user is not assigned to a role for the application.',
  50057: 'User account is disabled.',
  50034: 'The user account does not exist in the directory.',
  50020: 'User account from identity provider does not exist in tenant and cannot access the application.',
  50058: 'Session information is not sufficient for single-sign-on.',
  700016: 'Application with identifier was not found in the directory.',
  7000112: 'Application is disabled.',
  650052: 'The app needs access to a service that your organization has not subscribed to or enabled.',
  650053: 'The application asked for scope that does not exist on the resource.',
  500011: 'The resource principal was not found in the tenant.',
  900144: 'The request body must contain the client_id parameter.',
};

const NO_USER = '00000000-0000-0000-0000-000000000000';

export function recordSignIn(
  tenant: TenantRuntime,
  outcome: SignInOutcome,
  opts: { now: Date; loginHint: string | null; appId: string | null; errorCode?: number },
): SignIn | null {
  const code = opts.errorCode ?? recordedErrorCode(outcome);
  if (code === null) return null;
  const resource = outcome.requested[0]?.resourceAppId ?? null;
  const resourceSp = resource ? tenant.servicePrincipalByAppId(resource) : undefined;
  const entry: SignIn = {
    id: randomUUID(),
    createdDateTime: opts.now.toISOString(),
    userId: outcome.user?.id ?? NO_USER,
    userPrincipalName: outcome.user?.userPrincipalName ?? opts.loginHint ?? '',
    userDisplayName: outcome.user?.displayName ?? '',
    appId: outcome.app?.appId ?? opts.appId ?? '',
    appDisplayName: outcome.app?.displayName ?? '',
    resourceId: resource,
    resourceDisplayName: resourceSp?.displayName ?? null,
    correlationId: randomUUID(),
    conditionalAccessStatus: 'notApplied',
    status: {
      errorCode: code,
      failureReason:
        code === 0 ? null : (FAILURE_REASONS[code] ?? (outcome.kind === 'error' ? outcome.description : null)),
      additionalDetails: null,
    },
  };
  tenant.data.signIns.push(entry);
  return entry;
}

/** The app's service principal in this tenant, created from its definition when missing. */
function ensureClient(tenant: TenantRuntime, appId: string, definition: ServicePrincipal | null): ServicePrincipal {
  const existing = tenant.servicePrincipalByAppId(appId);
  if (existing) return existing;
  if (!definition) throw new Error(`no definition for app ${appId}`);
  const sp = normaliseServicePrincipal({
    ...structuredClone(definition),
    id: newObjectId(),
    accountEnabled: true,
    appRoleAssignmentRequired: false,
  });
  tenant.data.servicePrincipals.push(sp);
  return sp;
}

export function acceptConsent(
  tenant: TenantRuntime,
  outcome: Extract<SignInOutcome, { kind: 'consent' }>,
  opts: { forOrganization: boolean; appDefinition: ServicePrincipal | null },
): void {
  if (!outcome.app || !outcome.user) return;
  const client = ensureClient(tenant, outcome.app.appId, outcome.app.servicePrincipal ?? opts.appDefinition);
  const consentType: OAuth2PermissionGrant['consentType'] =
    opts.forOrganization && outcome.admin ? 'AllPrincipals' : 'Principal';
  const principalId = consentType === 'Principal' ? outcome.user.id : null;
  const byResource = new Map<string, string[]>();
  for (const s of outcome.scopes)
    byResource.set(s.resourceAppId, [...(byResource.get(s.resourceAppId) ?? []), s.value]);
  for (const [resourceAppId, values] of byResource) {
    const resource = tenant.servicePrincipalByAppId(resourceAppId);
    if (!resource) continue;
    const grants = tenant.data.oauth2PermissionGrants;
    const index = grants.findIndex(
      (g) =>
        g.clientId === client.id &&
        g.resourceId === resource.id &&
        g.consentType === consentType &&
        (g.principalId ?? '').toLowerCase() === (principalId ?? '').toLowerCase(),
    );
    if (index >= 0) {
      const before = grants[index];
      const merged = [...before.scope.split(/\s+/).filter(Boolean)];
      for (const v of values) if (!merged.some((m) => m.toLowerCase() === v.toLowerCase())) merged.push(v);
      tenant.recordGrantChange(before.id, before);
      grants[index] = { ...before, scope: merged.join(' ') };
    } else {
      const grant: OAuth2PermissionGrant = {
        id: grantId(client.id, resource.id, principalId),
        clientId: client.id,
        consentType,
        principalId,
        resourceId: resource.id,
        scope: values.join(' '),
      };
      tenant.recordGrantChange(grant.id, null);
      grants.push(grant);
    }
  }
}

export function requestApproval(
  tenant: TenantRuntime,
  outcome: Extract<SignInOutcome, { kind: 'approval_required' }>,
  justification: string,
  now: Date,
): void {
  if (!outcome.app || !outcome.user || outcome.alreadyRequested) return;
  const appId = outcome.app.appId;
  let request = tenant.data.appConsentRequests.find((r) => r.appId.toLowerCase() === appId.toLowerCase());
  if (!request) {
    request = {
      id: randomUUID(),
      appId,
      appDisplayName: outcome.app.displayName,
      consentType: 'Dynamic',
      pendingScopes: [],
      userConsentRequests: [],
    };
    tenant.data.appConsentRequests.push(request);
  }
  for (const s of outcome.scopes) {
    if (!request.pendingScopes.some((p) => p.displayName.toLowerCase() === s.value.toLowerCase()))
      request.pendingScopes.push({ displayName: s.value });
  }
  const user = outcome.user;
  request.userConsentRequests.push({
    id: randomUUID(),
    status: 'InProgress',
    createdDateTime: now.toISOString(),
    createdBy: { user: { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName } },
    reason: justification.slice(0, 1000),
    approval: {
      stages: [
        { reviewResult: null, status: 'InProgress', justification: null, reviewedBy: null, reviewedDateTime: null },
      ],
    },
  });
}
