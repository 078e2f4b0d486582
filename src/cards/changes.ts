/**
 * Remedies (the exact Graph writes) described for people: which object, which scopes of which type,
 * for whom. Shared by the approval card, the audit card and the requester's notices.
 */
import type { ConsentType, Remedy } from '../diagnosis/types';
import { DEFAULT_APP_ROLE_ID, MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../graph/types';
import type { AppRole, PermissionScope } from '../graph/types';

export interface ScopeView {
  value: string;
  type: 'Admin' | 'User' | 'Unknown';
  description: string | null;
}

export type ChangeView =
  | { kind: 'create_service_principal'; appId: string }
  | {
      kind: 'grant_delegated';
      resourceAppId: string;
      resourceName: string;
      consentType: ConsentType;
      principalName: string | null;
      scopes: ScopeView[];
    }
  | { kind: 'assign_user'; userName: string; appRoleName: string }
  | { kind: 'manual'; title: string; steps: string[] };

/** What is known about the objects a remedy names; all optional, ids are shown when names are missing. */
export interface ChangeContext {
  /** Resource service principals by resource appId (Facts.resources). */
  resources?: Record<string, { displayName?: string; oauth2PermissionScopes?: PermissionScope[] } | null>;
  /** App roles of the app's own service principal, for assignments. */
  appRoles?: AppRole[];
  /** User object id -> display name. */
  userNames?: Record<string, string>;
}

const WELL_KNOWN: Record<string, string> = {
  [MICROSOFT_GRAPH_APP_ID]: 'Microsoft Graph',
  [SHAREPOINT_APP_ID]: 'Office 365 SharePoint Online',
};

export function resourceName(appId: string, ctx: ChangeContext): string {
  return ctx.resources?.[appId]?.displayName ?? WELL_KNOWN[appId] ?? appId;
}

function scopeView(resourceAppId: string, value: string, ctx: ChangeContext): ScopeView {
  const published = ctx.resources?.[resourceAppId]?.oauth2PermissionScopes ?? [];
  const scope = published.find((s) => s.value.toLowerCase() === value.toLowerCase());
  if (!scope) return { value, type: 'Unknown', description: null };
  return { value, type: scope.type, description: scope.adminConsentDisplayName ?? scope.adminConsentDescription ?? null };
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
        principalName: remedy.principalId ? ctx.userNames?.[remedy.principalId] ?? remedy.principalId : null,
        scopes: remedy.scopes.map((s) => scopeView(remedy.resourceAppId, s, ctx)),
      };
    case 'assign_user': {
      const role = ctx.appRoles?.find((r) => r.id === remedy.appRoleId);
      const appRoleName = remedy.appRoleId === DEFAULT_APP_ROLE_ID ? 'Default access' : role?.displayName ?? remedy.appRoleId;
      return { kind: 'assign_user', userName: ctx.userNames?.[remedy.userId] ?? remedy.userId, appRoleName };
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
    return change.scopes.map((s) => ({
      title: s.value,
      value: s.type === 'Unknown' ? 'Type unknown (not published by the resource)' : `${s.type}${s.description ? ` — ${s.description}` : ''}`,
    }));
  }
  if (change.kind === 'manual') return change.steps.map((step, i) => ({ title: `${i + 1}.`, value: step }));
  return [];
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
