/**
 * Entra's admin-consent workflow queue, as the digest shows it. Pure.
 * Graph's `userConsentRequests/any(u:u/status eq 'InProgress')` filter returns each matching parent
 * with *all* its children (docs/entra-semantics.md#admin-consent-workflow), and a parent can arrive twice across pages: children are
 * filtered to InProgress here and deduplicated by their id. Graph cannot close these requests, so a
 * request whose scopes an existing tenant-wide grant already covers is marked "already granted".
 */
import { toDigestEntraItems, type DigestEntraItem } from '../cards/digest-model';
import type { AdminConsentRequestPolicy, AppConsentRequest, OAuth2PermissionGrant } from '../graph/types';

/** What the digest needs from Graph about the Entra queue (src/digest/entra-reads.ts reads it). */
export type EntraQueue =
  | {
      ok: true;
      requests: AppConsentRequest[];
      policy: Pick<AdminConsentRequestPolicy, 'requestDurationInDays'> | null;
      /** Lower-cased appId -> the app's service principal object id (null: not in the tenant or unknown). */
      servicePrincipalIds: Record<string, string | null>;
      /** Service principal object id -> its oauth2PermissionGrants (as client). */
      grants: Record<string, OAuth2PermissionGrant[]>;
    }
  | {
      ok: false;
      /** Plain-language reason, safe to show in the channel (no stack, no secret). */
      reason: string;
      /** The Graph application permission that would let the bot read the queue, when that is the cause. */
      permission: string | null;
    };

export const IN_PROGRESS = 'InProgress';

/** Parents with only their InProgress children, each child once (first occurrence wins); empty parents dropped. */
export function inProgressRequests(requests: readonly AppConsentRequest[]): AppConsentRequest[] {
  const seen = new Set<string>();
  const out: AppConsentRequest[] = [];
  for (const parent of requests) {
    const children = (parent.userConsentRequests ?? []).filter((u) => {
      if (u.status !== IN_PROGRESS || seen.has(u.id)) return false;
      seen.add(u.id);
      return true;
    });
    if (children.length > 0) out.push({ ...parent, userConsentRequests: children });
  }
  return out;
}

/**
 * True when the app's tenant-wide (AllPrincipals) delegated grants already include every scope the
 * request asks for. pendingScopes name no resource, so the scopes of all the app's grants count.
 * No scopes, no service principal or no grants: false (nothing shows it is satisfied).
 */
export function isAlreadyGranted(
  pendingScopes: ReadonlyArray<{ displayName: string }>,
  spId: string | null,
  grants: readonly OAuth2PermissionGrant[],
): boolean {
  const wanted = pendingScopes.map((s) => s.displayName.trim().toLowerCase()).filter((s) => s !== '');
  if (!spId || wanted.length === 0) return false;
  const granted = new Set(
    grants
      .filter((g) => g.consentType === 'AllPrincipals' && g.clientId.toLowerCase() === spId.toLowerCase())
      .flatMap((g) => g.scope.split(/\s+/))
      .map((s) => s.toLowerCase())
      .filter((s) => s !== ''),
  );
  return wanted.every((s) => granted.has(s));
}

/** Digest items for the Entra queue: one per InProgress user request, with expiry and "already granted". */
export function entraDigestItems(queue: Extract<EntraQueue, { ok: true }>): DigestEntraItem[] {
  const requests = inProgressRequests(queue.requests);
  // Granted-ness is per parent (its pendingScopes), but toDigestEntraItems asks per app: parents of
  // one app are mapped one at a time so each uses its own scopes.
  return requests.flatMap((r) => {
    const spId = queue.servicePrincipalIds[r.appId.toLowerCase()] ?? null;
    const granted = isAlreadyGranted(r.pendingScopes ?? [], spId, spId ? (queue.grants[spId] ?? []) : []);
    return toDigestEntraItems([r], queue.policy, () => granted);
  });
}

/** Items whose expiry falls within `days` from `now` (not already past). */
export function expiringSoon<T extends { expiresAt: string | null }>(
  items: readonly T[],
  now: Date,
  days: number,
): T[] {
  const nowMs = now.getTime();
  return items.filter((i) => {
    if (!i.expiresAt) return false;
    const left = Date.parse(i.expiresAt) - nowMs;
    return Number.isFinite(left) && left >= 0 && left <= days * 86_400_000;
  });
}

/** The app ids (lower-cased, unique) the queue names, for the service principal and grant reads. */
export function appIdsOf(requests: readonly AppConsentRequest[]): string[] {
  return [...new Set(requests.map((r) => r.appId.toLowerCase()))];
}
