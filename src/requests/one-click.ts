/**
 * What one click may write, enforced on the approval side whatever produced the plan (an older
 * stored diagnosis, or a plan that missed something): in a delegated grant,
 *  - a scope the resource does not publish is never written: it moves to `refused`;
 *  - a high-impact scope whose only evidence is what the requester typed (a pasted consent URL)
 *    is never part of one click: it moves to `confirm`, written only when the approver ticks it.
 * Evidence comes from the remedy's own `sources`, else the diagnosis' per-scope evidence, else (older
 * diagnoses) the request's single source. Pure.
 */
import type { ScopeEvidenceSource } from '../diagnosis/evidence-types';
import { isHighImpact } from '../diagnosis/high-impact-permissions';
import type { Diagnosis, Remedy } from '../diagnosis/types';
import type { PermissionScope } from '../graph/types';

type Grant = Extract<Remedy, { kind: 'grant_delegated' }>;

const lower = (s: string): string => s.toLowerCase();

/** Where a scope of this grant was seen; null when nothing says. */
export function sourcesOf(
  grant: Grant,
  scope: string,
  diagnosis: Pick<Diagnosis, 'requested'>,
): ScopeEvidenceSource[] | null {
  const own = grant.sources && Object.entries(grant.sources).find(([s]) => lower(s) === lower(scope))?.[1];
  if (own && own.length > 0) return own;
  const evidence = diagnosis.requested.evidence?.find(
    (e) =>
      lower(e.scope) === lower(scope) &&
      (e.resourceAppId === null || lower(e.resourceAppId) === lower(grant.resourceAppId)),
  );
  if (evidence) return evidence.sources;
  return diagnosis.requested.source === 'url' ? ['consent_url'] : null;
}

/** True when the only evidence for the scope is what the requester typed. */
function requesterTypedOnly(sources: readonly ScopeEvidenceSource[] | null): boolean {
  return sources !== null && sources.length > 0 && sources.every((s) => s === 'consent_url');
}

/** What the guard reads: the request's evidence and the stored facts of the resources. */
export interface OneClickFacts {
  requested: Diagnosis['requested'];
  context?: { resources?: Record<string, { oauth2PermissionScopes?: PermissionScope[] } | null> } | null;
}

/** true/false from the stored resource facts; null when they were not stored. */
function published(diagnosis: OneClickFacts, resourceAppId: string, scope: string): boolean | null {
  const resources = diagnosis.context?.resources;
  if (!resources || !(resourceAppId in resources)) return null;
  const sp = resources[resourceAppId];
  if (!sp) return false;
  if (!sp.oauth2PermissionScopes) return null;
  return sp.oauth2PermissionScopes.some((p) => lower(p.value) === lower(scope) && p.isEnabled !== false);
}

/** The grant as one click may write it (see the file comment); other remedies unchanged. */
export function oneClickRemedy(remedy: Remedy, diagnosis: OneClickFacts): Remedy {
  if (remedy.kind !== 'grant_delegated') return remedy;
  const refused = [...(remedy.refused ?? [])];
  const isRefused = (s: string) => refused.some((r) => lower(r.scope) === lower(s));
  const scopes: string[] = [];
  const confirm: string[] = [];
  const addConfirm = (s: string) => {
    if (!confirm.some((c) => lower(c) === lower(s))) confirm.push(s);
  };
  const resourceKnown = diagnosis.context?.resources?.[remedy.resourceAppId] !== null;
  const reason = resourceKnown ? ('not_published' as const) : ('resource_not_in_tenant' as const);
  for (const scope of remedy.scopes) {
    if (published(diagnosis, remedy.resourceAppId, scope) === false) {
      if (!isRefused(scope)) refused.push({ scope, resourceAppId: remedy.resourceAppId, reason });
    } else if (isHighImpact(remedy.resourceAppId, scope) && requesterTypedOnly(sourcesOf(remedy, scope, diagnosis))) {
      addConfirm(scope);
    } else {
      scopes.push(scope);
    }
  }
  for (const scope of remedy.confirm ?? []) {
    if (published(diagnosis, remedy.resourceAppId, scope) === false) {
      if (!isRefused(scope)) refused.push({ scope, resourceAppId: remedy.resourceAppId, reason });
    } else if (!scopes.some((s) => lower(s) === lower(scope))) {
      addConfirm(scope);
    }
  }
  return { ...remedy, scopes, confirm, refused };
}
