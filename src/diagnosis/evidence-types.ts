/**
 * The evidence model shared by the diagnosis, the remedy plan, the approval card and the approval loop:
 * every scope the bot talks about carries the resource that publishes it and where the bot saw it asked
 * for. Graph cannot tell which permissions an app asks for, so only these sources count as evidence; a
 * vendor catalog or a sign-in record never does.
 */

/** Where a requested scope was seen, strongest evidence first. */
export type ScopeEvidenceSource =
  /** A consent/authorize URL the requester pasted (client_id matched the app). Typed by the requester. */
  | 'consent_url'
  /** Entra's own admin-consent request (`pendingScopes`), recorded by Entra from the app's real sign-in. */
  | 'consent_request'
  /** An existing delegated grant for this app (what someone approved before). */
  | 'existing_grant';

/** One requested delegated scope with its resource and its evidence. */
export interface ScopeEvidence {
  /** The scope value as the resource publishes it (e.g. "Files.Read.All", "AllSites.Read"). */
  scope: string;
  /** The resource appId that publishes the scope; null when it could not be resolved (unknown or ambiguous). */
  resourceAppId: string | null;
  /** Every source that mentions this scope; never empty. */
  sources: ScopeEvidenceSource[];
}

/** Why a scope that was asked for will not be written by a click. */
export type RefusedScopeReason =
  /** The resource's service principal does not publish this scope (or has it disabled). */
  | 'not_published'
  /** No single resource could be identified for a bare scope name (e.g. "user_impersonation"). */
  | 'unresolved'
  /** The resource is not in the tenant. */
  | 'resource_not_in_tenant';

export interface RefusedScope {
  scope: string;
  resourceAppId: string | null;
  reason: RefusedScopeReason;
}
