/**
 * The consent picture for one user and one app, computed once and shared by the consent checks
 * and the remedy planner.
 */
import type { ServicePrincipal } from '../graph/types';
import { consentRoleOf, type ConsentRole } from './admin-role';
import { clientLevelConsentBlock, evaluateUserConsent, type ScopeConsentVerdict, type UserConsentReason } from './consent-policy';
import type { FactsView } from './facts-view';
import type { FindingCode } from './types';

export interface ConsentAnalysis {
  /** Requested delegated scopes are known (from some source). */
  scopesKnown: boolean;
  /** The user lacks consent for something: needed scopes, or no grant at all when scopes are unknown. */
  consentNeeded: boolean;
  /** Verdicts for the needed scopes (user consent evaluated per assigned policy). */
  neededVerdicts: ScopeConsentVerdict[];
  /** Verdicts for every requested scope, needed or not (prompt=consent re-asks for all of them). */
  allVerdicts: ScopeConsentVerdict[];
  /** With unknown scopes: a refusal that follows from the policy and the app alone. */
  clientBlock: { reason: UserConsentReason; findingCode: FindingCode; policyId: string | null } | null;
  /** appRoleAssignmentRequired: Entra never lets users consent to such an app. */
  assignmentForbidsUserConsent: boolean;
  /** The user holds a role that may grant consent for the organisation (then no other admin is needed). */
  userRole: ConsentRole | null;
  /** The user cannot consent to what is missing by themselves: an admin must grant it. */
  adminNeeded: boolean;
}

function verdictsFor(view: FactsView, client: ServicePrincipal | null, scopes: Record<string, string[]>): ScopeConsentVerdict[] {
  const { facts } = view;
  const policy = facts.authorizationPolicy;
  if (!policy) return [];
  return Object.entries(scopes).flatMap(([resourceAppId, values]) => {
    const resource = facts.resources[resourceAppId] ?? null;
    // A missing resource service principal is its own finding; policy verdicts about it would be guesses.
    if (resource === null) return [];
    return evaluateUserConsent({
      tenantId: facts.tenantId,
      authorizationPolicy: policy,
      permissionGrantPolicies: facts.permissionGrantPolicies,
      client,
      resourceAppId,
      resource,
      classifications: facts.classifications[resourceAppId] ?? [],
    }, values);
  });
}

export function analyseConsent(view: FactsView): ConsentAnalysis {
  const { facts } = view;
  const client = facts.servicePrincipal;
  const scopesKnown = facts.requested.source !== null && Object.keys(facts.requested.delegated).length > 0;
  const neededCount = Object.values(view.neededScopes).reduce((n, list) => n + list.length, 0);
  const consentNeeded = scopesKnown ? neededCount > 0 : view.applicableGrants.length === 0;
  const neededVerdicts = verdictsFor(view, client, view.neededScopes);
  const allVerdicts = verdictsFor(view, client, facts.requested.delegated);
  const clientBlock = !scopesKnown && consentNeeded && facts.authorizationPolicy
    ? clientLevelConsentBlock({
        tenantId: facts.tenantId,
        authorizationPolicy: facts.authorizationPolicy,
        permissionGrantPolicies: facts.permissionGrantPolicies,
        client,
      })
    : null;
  const assignmentForbidsUserConsent = client?.appRoleAssignmentRequired === true;
  const userRole = consentRoleOf(facts);
  // A consent-granting admin sees "Consent on behalf of your organization" instead of "Need admin approval".
  const adminNeeded = consentNeeded && userRole === null && (
    assignmentForbidsUserConsent || clientBlock !== null || neededVerdicts.some((v) => !v.allowed));
  return { scopesKnown, consentNeeded, neededVerdicts, allVerdicts, clientBlock, assignmentForbidsUserConsent, userRole, adminNeeded };
}
