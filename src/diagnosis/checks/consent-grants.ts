/**
 * What the existing delegated grants say: consent given only to someone else (typically the admin
 * who "approved" it for themselves), or consent that lacks scopes the app now asks for.
 */
import type { OAuth2PermissionGrant } from '../../graph/types';
import { selfApprovalText, selfApprovalTextFor } from '../admin-role';
import type { ConsentAnalysis } from '../consent-analysis';
import { finding, type PlainWords, requesterName, result, type CheckResult } from '../findings';
import { hasSignInError, splitScope, type FactsView } from '../facts-view';
import { friendlyResourceName } from '../resources';
import { describeScope } from '../scope-info';
import { decision, latestRequestByUser } from './consent-requests';

const CONSENT_ERRORS = [90094, 90095, 65001];

/** A consent-granting admin does not need another admin: say they may approve it themselves. */
function withRole(view: FactsView, analysis: ConsentAnalysis, plain: PlainWords): PlainWords {
  const role = analysis.userRole;
  if (!role) return plain;
  return {
    requester: `${plain.requester} ${selfApprovalText(role)}`,
    admins: `${plain.admins} ${selfApprovalTextFor(role, requesterName(view))}`,
  };
}

/** "Microsoft Graph: User.Read, offline_access; ..." */
export function describeScopesForAdmin(scopes: Record<string, string[]>): string {
  return Object.entries(scopes)
    .map(([r, list]) => `${friendlyResourceName(r)}: ${list.join(' ')}`)
    .join('; ');
}

/** Plain descriptions ("Sign you in", ...) of at most three scopes, for the end user. */
export function describeScopesForUser(view: FactsView, scopes: Record<string, string[]>): string {
  const descriptions = Object.entries(scopes).flatMap(([r, list]) =>
    list.map((s) => describeScope(view.facts.resources[r] ?? null, s).description.toLowerCase()),
  );
  const shown = [...new Set(descriptions)].slice(0, 3);
  const more = descriptions.length > shown.length ? ' and more' : '';
  return shown.length > 0 ? `${shown.join('; ')}${more}` : 'some access';
}

/** Names of people the facts show (the user, consent requesters and reviewers), by object id. */
export function knownPeople(view: FactsView): Map<string, string> {
  const names = new Map<string, string>();
  const { facts } = view;
  for (const [id, name] of Object.entries(facts.principalNames ?? {})) names.set(id.toLowerCase(), name);
  if (facts.user) names.set(facts.user.id.toLowerCase(), facts.user.displayName);
  for (const request of facts.consentRequests) {
    for (const u of request.userConsentRequests ?? []) {
      const by = u.createdBy?.user;
      if (by?.id && by.displayName) names.set(by.id.toLowerCase(), by.displayName);
      for (const stage of u.approval?.stages ?? []) {
        const reviewer = stage.reviewedBy;
        if (reviewer?.id && reviewer.displayName) names.set(reviewer.id.toLowerCase(), reviewer.displayName);
      }
    }
  }
  return names;
}

/** "Alice Admin and another person": names where the tenant gave them, never an object id. */
function peopleInWords(names: Map<string, string>, ids: readonly string[]): string {
  const named = ids.map((id) => names.get(id.toLowerCase())).filter((n): n is string => !!n);
  const unnamed = ids.length - named.length;
  const rest = unnamed === 0 ? [] : [unnamed === 1 ? 'one other person' : `${unnamed} other people`];
  return [...named, ...rest].join(' and ');
}

/** For the admin: the name, or the object id they can look up when the name was not read. */
function personForAdmin(names: Map<string, string>, id: string): string {
  return names.get(id.toLowerCase()) ?? `the user with object id ${id}`;
}

/**
 * Single-user grants of other people that hold scopes this user lacks: "approved only for <name>".
 * Holds together with a tenant-wide grant that lacks those scopes (both facts are reported).
 */
function othersWithWhatIsMissing(view: FactsView): OAuth2PermissionGrant[] {
  const { grants } = view.facts;
  if (!view.userId) return [];
  const needed = new Set(
    Object.entries(view.neededScopes).flatMap(([r, list]) => list.map((s) => `${r}|${s.toLowerCase()}`)),
  );
  const noGrantAtAll = view.applicableGrants.length === 0;
  return grants.filter(
    (g) =>
      g.consentType === 'Principal' &&
      g.principalId !== null &&
      g.principalId.toLowerCase() !== view.userId?.toLowerCase() &&
      (noGrantAtAll ||
        splitScope(g.scope).some((s) => needed.has(`${view.resourceAppIdOf(g) ?? ''}|${s.toLowerCase()}`))),
  );
}

export function checkConsentOnlyForAnotherUser(view: FactsView, analysis: ConsentAnalysis): CheckResult {
  const others = othersWithWhatIsMissing(view);
  if (others.length === 0 || !analysis.consentNeeded) return result();
  const otherScopes = new Set(others.flatMap((g) => splitScope(g.scope).map((s) => s.toLowerCase())));
  const missingEvenThere = Object.values(view.facts.requested.delegated)
    .flat()
    .filter((s) => !otherScopes.has(s.toLowerCase()));
  const principals = [...new Set(others.map((g) => g.principalId as string))];
  const names = knownPeople(view);
  const who = peopleInWords(names, principals);
  const whoForAdmin = principals.map((id) => personForAdmin(names, id));
  const alsoMissing = missingEvenThere.length > 0 ? ` Even those grants lack: ${missingEvenThere.join(' ')}.` : '';
  const tenantWide = view.facts.grants.filter((g) => g.consentType === 'AllPrincipals');
  const lacks =
    tenantWide.length > 0
      ? ` The tenant-wide grant lacks: ${describeScopesForAdmin(view.neededScopes)}.`
      : ' There is no tenant-wide (AllPrincipals) grant.';
  // When the person may consent to every missing scope themselves, this explains why they see a
  // consent screen (not "Need admin approval"); it only blocks when an admin is needed.
  return result([
    finding(
      'CONSENT_ONLY_FOR_ANOTHER_USER',
      analysis.adminNeeded ? 'blocker' : 'warning',
      true,
      withRole(view, analysis, {
        requester: `The app was approved, but only for ${who}, not for you or for everyone.`,
        admins: `The app was approved, but only for ${who}, not for ${requesterName(view)} or for everyone.`,
      }),
      `${view.facts.servicePrincipal?.displayName ?? view.facts.appId} was approved only for ${whoForAdmin.join(', ')} ` +
        `(single-user Principal grants) and not for ${view.facts.user?.userPrincipalName ?? view.userId}.${lacks}${alsoMissing}`,
      {
        principalIds: principals,
        principalNames: whoForAdmin,
        grantIds: others.map((g) => g.id),
        missingFromThoseGrants: missingEvenThere,
        signInErrorCodes: hasSignInError(view, CONSENT_ERRORS).map(String),
      },
    ),
  ]);
}

export function checkConsentMissingScopes(
  view: FactsView,
  analysis: ConsentAnalysis,
  explainedElsewhere: boolean,
): CheckResult {
  if (!analysis.scopesKnown || Object.keys(view.neededScopes).length === 0) return result();
  const partial = view.applicableGrants.length > 0;
  // The person's own Entra request was approved, yet no grant holds it now: the approval was removed later.
  const request = latestRequestByUser(view);
  const revoked =
    !partial && request !== null && request.status.toLowerCase() === 'completed' && decision(request) === 'approved';
  // Without any grant the prompt is explained by the policy findings, unless nothing else explains it.
  if (!partial && !revoked && (explainedElsewhere || !analysis.adminNeeded)) return result();
  const needed = view.neededScopes;
  const name = requesterName(view);
  const summary: PlainWords = partial
    ? {
        requester: `Your IT team approved this app before, but it now asks for more than was approved: ${describeScopesForUser(view, needed)}.`,
        admins: `This app was approved before, but it now asks for more than was approved, so ${name} is stopped: ${describeScopesForAdmin(needed)}.`,
      }
    : revoked
      ? {
          requester:
            'An administrator approved your earlier request, but that approval is no longer in place: the access it gave has been removed since.',
          admins: `An administrator approved ${name}'s earlier request, but that approval is no longer in place: the access it gave has been removed since.`,
        }
      : {
          requester:
            "Nobody has approved this app's access for you yet, and this app does not let people approve it themselves.",
          admins: `Nobody has approved this app's access for ${name} yet, and this app does not let people approve it themselves.`,
        };
  const revokedWhy = revoked
    ? ` userConsentRequest ${request.id} was approved, yet no grant covers these scopes now (revoked later).`
    : '';
  const why = analysis.assignmentForbidsUserConsent
    ? ' The app requires assignment, so users can never consent to it themselves.'
    : '';
  return result([
    finding(
      'CONSENT_MISSING_SCOPES',
      analysis.adminNeeded ? 'blocker' : 'warning',
      true,
      withRole(view, analysis, summary),
      `Requested delegated scopes not covered by any AllPrincipals grant or ${view.facts.user?.userPrincipalName ?? 'the user'}'s ` +
        `Principal grant: ${describeScopesForAdmin(needed)}.${why}${revokedWhy}`,
      {
        missingScopes: Object.entries(needed).flatMap(([r, list]) => list.map((s) => `${r}/${s}`)),
        existingGrantIds: view.applicableGrants.map((g) => g.id),
        signInErrorCodes: hasSignInError(view, CONSENT_ERRORS).map(String),
      },
    ),
  ]);
}
