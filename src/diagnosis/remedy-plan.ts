/**
 * The minimal changes that remove the blockers, as two plans: "Approve for everyone" and
 * "Approve for this user only".
 *
 * grant_delegated.scopes is the COMPLETE target scope string for that grant (existing grant's
 * scopes ∪ requested scopes), not a delta: Graph's PATCH replaces the scope string, so the
 * executor either POSTs a new grant with this set or PATCHes the existing one with it.
 *
 * Order: create_service_principal, assign_user, grant_delegated, then admin_consent_url / manual.
 */
import type { ConsentAnalysis } from './consent-analysis';
import type { AssignmentAnalysis } from './checks/assignment';
import { splitScope, unionScopes, type FactsView } from './facts-view';
import type { Remedy, RemedyKind } from './types';

export interface RemedyPlan {
  remedies: Remedy[];
  userOnlyRemedies: Remedy[];
}

const KIND_ORDER: RemedyKind[] = ['create_service_principal', 'assign_user', 'grant_delegated', 'admin_consent_url', 'manual'];

function ordered(remedies: readonly Remedy[]): Remedy[] {
  const seen = new Set<string>();
  const unique = remedies.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Array.prototype.sort is stable, so remedies of one kind keep the order they were planned in.
  return unique.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

export function planRemedies(
  view: FactsView, consent: ConsentAnalysis, assignment: AssignmentAnalysis, linkOuts: readonly Remedy[],
): RemedyPlan {
  const { facts } = view;
  const user = facts.user;
  const appId = facts.appId;
  // No change to the app helps a person who cannot sign in at all.
  if (!user || user.accountEnabled === false || !appId) return { remedies: [], userOnlyRemedies: [] };

  const shared: Remedy[] = [];
  if (!facts.servicePrincipal) shared.push({ kind: 'create_service_principal', appId });
  const requestedResources = [...Object.keys(facts.requested.delegated), ...Object.keys(facts.requested.application)];
  for (const resourceAppId of new Set(requestedResources)) {
    if (resourceAppId in facts.resources && facts.resources[resourceAppId] === null) {
      shared.push({ kind: 'create_service_principal', appId: resourceAppId });
    }
  }
  if (assignment.status === 'none' || assignment.status === 'nested_only') {
    shared.push({ kind: 'assign_user', appId, userId: user.id, appRoleId: assignment.appRoleId, ...(assignment.roleChoices ? { roleChoices: assignment.roleChoices } : {}) });
  }

  const everyone: Remedy[] = [...shared];
  const userOnly: Remedy[] = [...shared];
  if (consent.scopesKnown) {
    for (const resourceAppId of Object.keys(view.neededScopes)) {
      const requested = facts.requested.delegated[resourceAppId] ?? [];
      everyone.push({
        kind: 'grant_delegated', clientAppId: appId, resourceAppId, consentType: 'AllPrincipals',
        scopes: unionScopes(splitScope(view.allPrincipalsGrant(resourceAppId)?.scope), requested),
      });
      userOnly.push({
        kind: 'grant_delegated', clientAppId: appId, resourceAppId, consentType: 'Principal', principalId: user.id,
        scopes: unionScopes(splitScope(view.userGrant(resourceAppId)?.scope), requested),
      });
    }
  } else if (consent.consentNeeded) {
    userOnly.push({
      kind: 'manual',
      title: 'Find out which permissions the app asks for',
      steps: [
        'A grant for one user needs the exact scopes, and they are unknown.',
        'Ask the user to paste the address of the "Need admin approval" page, or use "Approve for everyone" (admin consent link).',
      ],
    });
  }
  // Admin consent is tenant-wide by nature, so its link belongs to the "everyone" plan only.
  everyone.push(...linkOuts);
  userOnly.push(...linkOuts.filter((r) => r.kind !== 'admin_consent_url'));
  return { remedies: ordered(everyone), userOnlyRemedies: ordered(userOnly) };
}
