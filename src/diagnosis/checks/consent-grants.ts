/**
 * What the existing delegated grants say: consent given only to someone else (typically the admin
 * who "approved" it for themselves), or consent that lacks scopes the app now asks for.
 */
import type { OAuth2PermissionGrant } from '../../graph/types';
import { selfApprovalText } from '../admin-role';
import type { ConsentAnalysis } from '../consent-analysis';
import { finding, result, type CheckResult } from '../findings';
import { hasSignInError, splitScope, type FactsView } from '../facts-view';
import { friendlyResourceName } from '../resources';
import { describeScope } from '../scope-info';

const CONSENT_ERRORS = [90094, 90095, 65001];

/** A consent-granting admin does not need another admin: say they may approve it themselves. */
function withRole(analysis: ConsentAnalysis, summary: string): string {
  return analysis.userRole ? `${summary} ${selfApprovalText(analysis.userRole)}` : summary;
}

/** "Microsoft Graph: User.Read, offline_access; ..." */
export function describeScopesForAdmin(scopes: Record<string, string[]>): string {
  return Object.entries(scopes).map(([r, list]) => `${friendlyResourceName(r)}: ${list.join(' ')}`).join('; ');
}

/** Plain descriptions ("Sign you in", ...) of at most three scopes, for the end user. */
export function describeScopesForUser(view: FactsView, scopes: Record<string, string[]>): string {
  const descriptions = Object.entries(scopes).flatMap(([r, list]) =>
    list.map((s) => describeScope(view.facts.resources[r] ?? null, s).description.toLowerCase()));
  const shown = [...new Set(descriptions)].slice(0, 3);
  const more = descriptions.length > shown.length ? ' and more' : '';
  return shown.length > 0 ? `${shown.join('; ')}${more}` : 'some access';
}

function othersOnly(view: FactsView): OAuth2PermissionGrant[] {
  const { grants } = view.facts;
  if (!view.userId || grants.some((g) => g.consentType === 'AllPrincipals')) return [];
  if (view.applicableGrants.length > 0) return [];
  return grants.filter((g) => g.consentType === 'Principal' && g.principalId !== null);
}

export function checkConsentOnlyForAnotherUser(view: FactsView, analysis: ConsentAnalysis): CheckResult {
  const others = othersOnly(view);
  if (others.length === 0 || !analysis.consentNeeded) return result();
  const otherScopes = new Set(others.flatMap((g) => splitScope(g.scope).map((s) => s.toLowerCase())));
  const missingEvenThere = Object.values(view.facts.requested.delegated).flat().filter((s) => !otherScopes.has(s.toLowerCase()));
  const principals = [...new Set(others.map((g) => g.principalId as string))];
  const alsoMissing = missingEvenThere.length > 0 ? ` Even those grants lack: ${missingEvenThere.join(' ')}.` : '';
  // When the person may consent to every missing scope themselves, this explains why they see a
  // consent screen (not "Need admin approval"); it only blocks when an admin is needed.
  return result([finding('CONSENT_ONLY_FOR_ANOTHER_USER', analysis.adminNeeded ? 'blocker' : 'warning', true,
    withRole(analysis, 'The app was approved, but only for the person who approved it (for example the administrator), not for you or for everyone.'),
    `${view.facts.servicePrincipal?.displayName ?? view.facts.appId} has only Principal (single-user) grants, for principal(s) ` +
    `${principals.join(', ')}; no AllPrincipals grant and none for ${view.facts.user?.userPrincipalName ?? view.userId}.${alsoMissing}`,
    { principalIds: principals, grantIds: others.map((g) => g.id), missingFromThoseGrants: missingEvenThere,
      signInErrorCodes: hasSignInError(view, CONSENT_ERRORS).map(String) })]);
}

export function checkConsentMissingScopes(view: FactsView, analysis: ConsentAnalysis, explainedElsewhere: boolean): CheckResult {
  if (!analysis.scopesKnown || Object.keys(view.neededScopes).length === 0) return result();
  const partial = view.applicableGrants.length > 0;
  // Without any grant the prompt is explained by the policy findings, unless nothing else explains it.
  if (!partial && (explainedElsewhere || !analysis.adminNeeded)) return result();
  const needed = view.neededScopes;
  const summary = partial
    ? `Your IT team approved this app before, but it now asks for more than was approved: ${describeScopesForUser(view, needed)}.`
    : 'Nobody has approved this app\'s access for you yet, and this app does not let people approve it themselves.';
  const why = analysis.assignmentForbidsUserConsent ? ' The app requires assignment, so users can never consent to it themselves.' : '';
  return result([finding('CONSENT_MISSING_SCOPES', analysis.adminNeeded ? 'blocker' : 'warning', true,
    withRole(analysis, summary),
    `Requested delegated scopes not covered by any AllPrincipals grant or ${view.facts.user?.userPrincipalName ?? 'the user'}'s ` +
    `Principal grant: ${describeScopesForAdmin(needed)}.${why}`,
    { missingScopes: Object.entries(needed).flatMap(([r, list]) => list.map((s) => `${r}/${s}`)),
      existingGrantIds: view.applicableGrants.map((g) => g.id),
      signInErrorCodes: hasSignInError(view, CONSENT_ERRORS).map(String) })]);
}
