/**
 * The consent picture for one user and one app, computed once and shared by the consent checks
 * and the remedy planner.
 */
import type { ServicePrincipal } from '../graph/types';
import { consentRoleOf, type ConsentRole } from './admin-role';
import {
  clientLevelConsentBlock,
  evaluateUserConsent,
  type ScopeConsentVerdict,
  type UserConsentReason,
} from './consent-policy';
import { splitScope, type FactsView } from './facts-view';
import { OIDC_SCOPES } from './resources';
import type { FindingCode } from './types';

export interface ConsentAnalysis {
  /** Some requested delegated scopes are known (from some source). */
  scopesKnown: boolean;
  /**
   * What the app asks for is not entirely known: a scope stayed unresolved (ambiguous bare name,
   * unknown host), ".default" without a grant that satisfies it, or the only evidence is existing
   * grants that already cover everything while Entra still reports missing consent.
   */
  scopesIncomplete: boolean;
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

function verdictsFor(
  view: FactsView,
  client: ServicePrincipal | null,
  scopes: Record<string, string[]>,
): ScopeConsentVerdict[] {
  const { facts } = view;
  const policy = facts.authorizationPolicy;
  if (!policy) return [];
  return Object.entries(scopes).flatMap(([resourceAppId, values]) => {
    const resource = facts.resources[resourceAppId] ?? null;
    // A missing resource service principal is its own finding; policy verdicts about it would be guesses.
    if (resource === null) return [];
    return evaluateUserConsent(
      {
        tenantId: facts.tenantId,
        authorizationPolicy: policy,
        permissionGrantPolicies: facts.permissionGrantPolicies,
        client,
        resourceAppId,
        resource,
        classifications: facts.classifications[resourceAppId] ?? [],
      },
      values,
    );
  });
}

/** Sign-in errors in which Entra itself says consent is missing (reference-error-codes). */
const CONSENT_MISSING_ERRORS = [65001, 90094, 90095];

function isIncomplete(view: FactsView, neededCount: number): boolean {
  const { requested } = view.facts;
  const held = new Set(view.applicableGrants.flatMap((g) => splitScope(g.scope).map((s) => s.toLowerCase())));
  // An unresolved name some grant of this user already holds (under whichever resource) is no longer missing.
  const uncoveredUnresolved = (requested.evidence ?? []).some(
    (e) => e.resourceAppId === null && !held.has(e.scope.toLowerCase()),
  );
  // ".default" prompts only while no delegated grant exists; a grant of the OpenID scopes alone does not satisfy it.
  const defaultUnsatisfied = requested.usesDefault === true && ![...held].some((s) => !OIDC_SCOPES.has(s));
  const sources = new Set((requested.evidence ?? []).flatMap((e) => e.sources));
  const onlyGrants = sources.size > 0 && [...sources].every((s) => s === 'existing_grant');
  const entraSaysMissing = view.recentFailures.some((s) => CONSENT_MISSING_ERRORS.includes(s.status.errorCode));
  // A resource a sign-in error names as missing, with no evidence of what the app asks of it.
  const unknownForHinted = (view.facts.resourceHints ?? []).some(
    (r) => !(requested.evidence ?? []).some((e) => e.resourceAppId === r),
  );
  return (
    uncoveredUnresolved ||
    defaultUnsatisfied ||
    unknownForHinted ||
    (onlyGrants && neededCount === 0 && entraSaysMissing)
  );
}

export function analyseConsent(view: FactsView): ConsentAnalysis {
  const { facts } = view;
  const client = facts.servicePrincipal;
  const scopesKnown = facts.requested.source !== null && Object.keys(facts.requested.delegated).length > 0;
  const neededCount = Object.values(view.neededScopes).reduce((n, list) => n + list.length, 0);
  const scopesIncomplete = isIncomplete(view, neededCount);
  const consentNeeded = scopesIncomplete || (scopesKnown ? neededCount > 0 : view.applicableGrants.length === 0);
  const neededVerdicts = verdictsFor(view, client, view.neededScopes);
  const allVerdicts = verdictsFor(view, client, facts.requested.delegated);
  const clientBlock =
    (!scopesKnown || scopesIncomplete) && consentNeeded && facts.authorizationPolicy
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
  const adminNeeded =
    consentNeeded &&
    userRole === null &&
    (assignmentForbidsUserConsent || clientBlock !== null || neededVerdicts.some((v) => !v.allowed));
  return {
    scopesKnown,
    scopesIncomplete,
    consentNeeded,
    neededVerdicts,
    allVerdicts,
    clientBlock,
    assignmentForbidsUserConsent,
    userRole,
    adminNeeded,
  };
}
