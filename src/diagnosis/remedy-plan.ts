/**
 * The minimal changes that remove the blockers, as two plans: "Approve for everyone" and
 * "Approve for this user only".
 *
 * grant_delegated.scopes is the COMPLETE target scope string for that grant (existing grant's
 * scopes ∪ evidenced scopes), not a delta: Graph's PATCH replaces the scope string, so the
 * executor either POSTs a new grant with this set or PATCHes the existing one with it. It is
 * exactly what one click writes. `confirm` holds high-privilege scopes that only the requester's
 * pasted URL supports: written only when the approver confirms each one. `refused` lists scopes
 * asked for that no click writes (unresolved, not published by the resource). `sources` says where
 * each scope of `scopes` and `confirm` was seen.
 *
 * Order: create_service_principal, assign_user, grant_delegated, then admin_consent_url / manual.
 */
import type { ConsentAnalysis } from './consent-analysis';
import type { AssignmentAnalysis } from './checks/assignment';
import { splitScope, unionScopes, type FactsView } from './facts-view';
import type { RefusedScope, Remedy, RemedyKind, ScopeEvidenceSource } from './types';
import { isHighPrivilege } from './scope-risk';
import { isFirstPartyApp, OIDC_SCOPES } from './resources';

type GrantParts = {
  scopes: string[];
  sources: Record<string, ScopeEvidenceSource[]>;
  confirm: string[];
  refused: RefusedScope[];
};

/**
 * One grant's content: what it holds already plus the evidenced scopes this user lacks on the
 * resource. A high-privilege scope whose only source is the requester's URL goes to `confirm`.
 * Null when the click would change nothing and there is nothing to confirm.
 */
function grantFor(view: FactsView, resourceAppId: string, existing: string[]): GrantParts | null {
  const { facts } = view;
  const evidence = (facts.requested.evidence ?? []).filter((e) => e.resourceAppId === resourceAppId);
  const sourcesOf = (scope: string): ScopeEvidenceSource[] =>
    evidence.find((e) => e.scope.toLowerCase() === scope.toLowerCase())?.sources ?? ['existing_grant'];
  const resource = facts.resources[resourceAppId] ?? null;
  const classifications = facts.classifications[resourceAppId] ?? [];
  const held = new Set(existing.map((s) => s.toLowerCase()));
  const added: string[] = [];
  const confirm: string[] = [];
  for (const scope of view.neededScopes[resourceAppId] ?? []) {
    if (held.has(scope.toLowerCase())) continue;
    const onlyTyped = sourcesOf(scope).every((src) => src === 'consent_url');
    if (onlyTyped && isHighPrivilege(resourceAppId, scope, resource, classifications)) confirm.push(scope);
    else added.push(scope);
  }
  if (added.length === 0 && confirm.length === 0) return null;
  // ".default" is satisfied by a real grant, never by the OpenID scopes alone: that would stop the
  // prompt yet leave the app without what its registration needs (the admin-consent link is the fix).
  if (
    facts.requested.usesDefault &&
    confirm.length === 0 &&
    existing.length === 0 &&
    added.every((s) => OIDC_SCOPES.has(s.toLowerCase()))
  )
    return null;
  const scopes = unionScopes(existing, added);
  const sources: Record<string, ScopeEvidenceSource[]> = {};
  for (const scope of [...scopes, ...confirm])
    sources[scope] =
      held.has(scope.toLowerCase()) && !evidence.some((e) => e.scope.toLowerCase() === scope.toLowerCase())
        ? ['existing_grant']
        : sourcesOf(scope);
  const refused = (facts.requested.refused ?? []).filter(
    (r) => r.resourceAppId === resourceAppId || r.resourceAppId === null,
  );
  return { scopes, sources, confirm, refused };
}

export interface RemedyPlan {
  remedies: Remedy[];
  userOnlyRemedies: Remedy[];
}

const KIND_ORDER: RemedyKind[] = [
  'create_service_principal',
  'assign_user',
  'grant_delegated',
  'admin_consent_url',
  'manual',
];

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
  view: FactsView,
  consent: ConsentAnalysis,
  assignment: AssignmentAnalysis,
  linkOuts: readonly Remedy[],
): RemedyPlan {
  const { facts } = view;
  const user = facts.user;
  const appId = facts.appId;
  // No change to the app helps a person who cannot sign in at all.
  if (!user || user.accountEnabled === false || !appId) return { remedies: [], userOnlyRemedies: [] };

  const shared: Remedy[] = [];
  // An app the tenant does not have: Entra's own consent screen (the admin-consent link, planned by
  // checkApp) shows the admin what it asks for; the bot never creates and grants it in one click.
  if (!facts.servicePrincipal)
    return {
      remedies: ordered([...linkOuts]),
      userOnlyRemedies: ordered(linkOuts.filter((r) => r.kind !== 'admin_consent_url')),
    };
  // Microsoft's own APIs named missing by a sign-in error are added the documented way (POST /servicePrincipals).
  const hinted = (facts.resourceHints ?? []).filter((id) => isFirstPartyApp({ appId: id }));
  const requestedResources = [
    ...Object.keys(facts.requested.delegated),
    ...Object.keys(facts.requested.application),
    ...hinted,
  ];
  for (const resourceAppId of new Set(requestedResources)) {
    if (resourceAppId in facts.resources && facts.resources[resourceAppId] === null) {
      shared.push({ kind: 'create_service_principal', appId: resourceAppId });
    }
  }
  if (assignment.status === 'none' || assignment.status === 'nested_only') {
    shared.push({
      kind: 'assign_user',
      appId,
      userId: user.id,
      appRoleId: assignment.appRoleId,
      ...(assignment.roleChoices ? { roleChoices: assignment.roleChoices } : {}),
    });
  }

  const everyone: Remedy[] = [...shared];
  const userOnly: Remedy[] = [...shared];
  if (consent.scopesKnown) {
    for (const resourceAppId of Object.keys(view.neededScopes)) {
      const forEveryone = grantFor(view, resourceAppId, splitScope(view.allPrincipalsGrant(resourceAppId)?.scope));
      if (forEveryone)
        everyone.push({
          kind: 'grant_delegated',
          clientAppId: appId,
          resourceAppId,
          consentType: 'AllPrincipals',
          ...forEveryone,
        });
      const forUser = grantFor(view, resourceAppId, splitScope(view.userGrant(resourceAppId)?.scope));
      if (forUser) {
        userOnly.push({
          kind: 'grant_delegated',
          clientAppId: appId,
          resourceAppId,
          consentType: 'Principal',
          principalId: user.id,
          ...forUser,
        });
      }
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
