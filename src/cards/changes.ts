/**
 * Remedies (the exact Graph writes) described for people: which object, which scopes of which type,
 * for whom. Shared by the approval card, the audit card and the requester's notices.
 */
import type { RefusedScopeReason, ScopeEvidenceSource } from '../diagnosis/evidence-types';
import { HIGH_IMPACT_RESOURCES, isHighImpact } from '../diagnosis/high-impact-permissions';
import type { ConsentType, Remedy, RequestedScopes } from '../diagnosis/types';
import { sourcesOf } from '../requests/one-click';
import { DEFAULT_APP_ROLE_ID, MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../graph/types';
import type { AppRole, PermissionScope } from '../graph/types';

export interface ScopeView {
  value: string;
  type: 'Admin' | 'User' | 'Unknown';
  description: string | null;
  /** Where the bot saw this scope asked for (evidence), in words; empty when nothing says. */
  sources: string[];
  /** This tenant's delegatedPermissionClassifications entry for the scope, if any. */
  classification: 'low' | 'medium' | 'high' | null;
  /** In the documented high-impact set (src/diagnosis/high-impact-permissions.ts). */
  highImpact: boolean;
}

/** Words for an evidence source, as the approver reads them. */
export const SOURCE_LABELS: Record<ScopeEvidenceSource, string> = {
  consent_url: 'typed by the requester (pasted link)',
  consent_request: 'Entra consent request',
  existing_grant: 'already granted before',
};

export const REFUSED_LABELS: Record<RefusedScopeReason, string> = {
  not_published: 'the API does not publish it',
  unresolved: 'no single API could be identified for it',
  resource_not_in_tenant: 'the API is not in this tenant',
};

export type ChangeView =
  | { kind: 'create_service_principal'; appId: string }
  | {
      kind: 'grant_delegated';
      resourceAppId: string;
      resourceName: string;
      consentType: ConsentType;
      principalName: string | null;
      scopes: ScopeView[];
      /** High-privilege scopes written only when the approver ticks them on the card. */
      confirm: ScopeView[];
      /** Asked for but never written, with the reason in words. */
      refused: Array<{ scope: string; reason: string }>;
    }
  | {
      kind: 'assign_user';
      userName: string;
      appRoleName: string;
      /** The approver picks the role on the card. */ needsRolePick: boolean;
    }
  | { kind: 'manual'; title: string; steps: string[] };

/** What is known about the objects a remedy names; all optional, ids are shown when names are missing. */
export interface ChangeContext {
  /** Resource service principals by resource appId (Facts.resources). */
  resources?: Record<string, { displayName?: string; oauth2PermissionScopes?: PermissionScope[] } | null>;
  /** App roles of the app's own service principal, for assignments. */
  appRoles?: AppRole[];
  /** User object id -> display name. */
  userNames?: Record<string, string>;
  /** Resource appId -> scope (lower case) -> the tenant's classification. */
  classifications?: Record<string, Record<string, 'low' | 'medium' | 'high'>>;
  /** The request's evidence, for scopes whose remedy names no sources. */
  requested?: Pick<RequestedScopes, 'evidence' | 'source'>;
}

const WELL_KNOWN: Record<string, string> = {
  [MICROSOFT_GRAPH_APP_ID]: 'Microsoft Graph',
  [SHAREPOINT_APP_ID]: 'Office 365 SharePoint Online',
};

export function resourceName(appId: string, ctx: ChangeContext): string {
  return ctx.resources?.[appId]?.displayName ?? WELL_KNOWN[appId] ?? appId;
}

export function scopeView(
  resourceAppId: string,
  value: string,
  ctx: ChangeContext,
  sources: readonly ScopeEvidenceSource[] | null = null,
): ScopeView {
  const published = ctx.resources?.[resourceAppId]?.oauth2PermissionScopes ?? [];
  const scope = published.find((s) => s.value.toLowerCase() === value.toLowerCase());
  const facts = {
    sources: (sources ?? []).map((s) => SOURCE_LABELS[s] ?? s),
    classification: ctx.classifications?.[resourceAppId]?.[value.toLowerCase()] ?? null,
    highImpact: resourceAppId
      ? isHighImpact(resourceAppId, value)
      : HIGH_IMPACT_RESOURCES.some((r) => isHighImpact(r, value)),
  };
  if (!scope) return { value, type: 'Unknown', description: null, ...facts };
  return {
    value,
    type: scope.type,
    description: scope.adminConsentDisplayName ?? scope.adminConsentDescription ?? null,
    ...facts,
  };
}

function grantSources(
  remedy: Extract<Remedy, { kind: 'grant_delegated' }>,
  scope: string,
  ctx: ChangeContext,
): ScopeEvidenceSource[] | null {
  return sourcesOf(remedy, scope, { requested: { delegated: {}, application: {}, source: null, ...ctx.requested } });
}

/** null for remedies that change nothing by themselves (link-outs). */
export function toChangeView(remedy: Remedy, ctx: ChangeContext): ChangeView | null {
  switch (remedy.kind) {
    case 'create_service_principal':
      return { kind: 'create_service_principal', appId: remedy.appId };
    case 'grant_delegated':
      return {
        kind: 'grant_delegated',
        resourceAppId: remedy.resourceAppId,
        resourceName: resourceName(remedy.resourceAppId, ctx),
        consentType: remedy.consentType,
        principalName: remedy.principalId ? (ctx.userNames?.[remedy.principalId] ?? remedy.principalId) : null,
        scopes: remedy.scopes.map((s) => scopeView(remedy.resourceAppId, s, ctx, grantSources(remedy, s, ctx))),
        confirm: (remedy.confirm ?? []).map((s) =>
          scopeView(remedy.resourceAppId, s, ctx, grantSources(remedy, s, ctx)),
        ),
        refused: (remedy.refused ?? []).map((r) => ({ scope: r.scope, reason: REFUSED_LABELS[r.reason] ?? r.reason })),
      };
    case 'assign_user': {
      const needsRolePick = (remedy.roleChoices?.length ?? 0) > 0 && !remedy.appRoleId;
      const role = ctx.appRoles?.find((r) => r.id === remedy.appRoleId);
      const appRoleName = needsRolePick
        ? 'picked by the approver below'
        : remedy.appRoleId === DEFAULT_APP_ROLE_ID
          ? 'Default access'
          : (role?.displayName ?? remedy.appRoleId);
      return {
        kind: 'assign_user',
        userName: ctx.userNames?.[remedy.userId] ?? remedy.userId,
        appRoleName,
        needsRolePick,
      };
    }
    case 'manual':
      return { kind: 'manual', title: remedy.title, steps: remedy.steps };
    case 'admin_consent_url':
      return null;
  }
}

/** One precise line, for admins and the audit trail. Untrusted parts are escaped by the caller. */
export function changeTitle(change: ChangeView): string {
  switch (change.kind) {
    case 'create_service_principal':
      return `Add the app to this tenant (create its service principal for appId ${change.appId})`;
    case 'grant_delegated':
      return change.consentType === 'AllPrincipals'
        ? `Grant delegated permissions on ${change.resourceName} for all users (tenant-wide, AllPrincipals)`
        : `Grant delegated permissions on ${change.resourceName} for ${change.principalName ?? 'one user'} only (Principal)`;
    case 'assign_user':
      return `Assign ${change.userName} to the app (app role: ${change.appRoleName})`;
    case 'manual':
      return `Manual step: ${change.title}`;
  }
}

/** Title/value rows under a change: each scope with its type, or the numbered manual steps. */
export function changeFacts(change: ChangeView): Array<{ title: string; value: string }> {
  if (change.kind === 'grant_delegated') {
    return change.scopes.map((s) => ({ title: s.value, value: scopeLine(s) }));
  }
  if (change.kind === 'manual') return change.steps.map((step, i) => ({ title: `${i + 1}.`, value: step }));
  return [];
}

/** One row of a scope: type and description, risk from data, and where it was seen. */
export function scopeLine(s: ScopeView): string {
  const type =
    s.type === 'Unknown'
      ? 'Type unknown (not published by the resource)'
      : `${s.type}${s.description ? ` — ${s.description}` : ''}`;
  return [type, ...scopeRiskWords(s), ...(s.sources.length > 0 ? [`from: ${s.sources.join(', ')}`] : [])].join(' · ');
}

/** Risk words from data: the scope's type, the tenant's classification, the high-impact set. */
export function scopeRiskWords(s: ScopeView): string[] {
  const risk: string[] = [];
  if (s.highImpact) risk.push('high impact');
  if (s.type === 'Admin') risk.push('admin consent only');
  if (s.classification) risk.push(`classified ${s.classification} in this tenant`);
  return risk;
}

/** Plain words for the requester: what now works differently. */
export function changeForUser(change: ChangeView): string {
  switch (change.kind) {
    case 'create_service_principal':
      return 'The app was added to your organization.';
    case 'grant_delegated':
      return `The app may now use ${change.resourceName} on your behalf (${change.scopes.map((s) => s.value).join(', ')}).`;
    case 'assign_user':
      return 'You were given access to the app.';
    case 'manual':
      return `An admin will also do this by hand: ${change.title}.`;
  }
}
