/**
 * Which of Entra's in-progress consent requests the watcher acts on this run. Pure.
 * Keyed by userConsentRequest id: Entra keeps one appConsentRequest per app and adds a
 * userConsentRequest for each person who asks (learn.microsoft.com/graph/api/resources/userconsentrequest),
 * so keying by the app would lose the second requester.
 */
import type { AppConsentRequest } from '../graph/types';
import type { EntraRequestRef } from '../requests/model';
import { IN_PROGRESS } from '../digest/entra-requests';

export interface EntraItem extends EntraRequestRef {
  appId: string;
  appDisplayName: string;
  requesterUpn: string | null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One item per in-progress userConsentRequest with a requester Graph names, oldest first, each id once. */
export function entraItems(requests: readonly AppConsentRequest[]): EntraItem[] {
  const seen = new Set<string>();
  const items: EntraItem[] = [];
  for (const parent of requests) {
    for (const child of parent.userConsentRequests ?? []) {
      const id = child.id.toLowerCase();
      const user = child.createdBy?.user;
      // A request whose requester Graph does not name cannot be diagnosed for anyone: the digest still lists it.
      if (child.status !== IN_PROGRESS || seen.has(id) || !user?.id || !GUID.test(user.id)) continue;
      seen.add(id);
      items.push({
        userConsentRequestId: child.id,
        appConsentRequestId: parent.id,
        appId: parent.appId.toLowerCase(),
        appDisplayName: parent.appDisplayName,
        requesterId: user.id.toLowerCase(),
        requesterName: user.displayName ?? user.userPrincipalName ?? 'Someone',
        requesterUpn: user.userPrincipalName ?? null,
        reason: child.reason?.trim() ? child.reason.trim() : null,
        scopes: (parent.pendingScopes ?? [])
          .map((s) => s.displayName)
          .filter((s) => typeof s === 'string' && s.trim() !== ''),
        createdDateTime: child.createdDateTime,
      });
    }
  }
  return items.sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime));
}

export type EntraRunPlan =
  /** First run after install: every request already waiting is recorded, and one summary is posted. */
  | { kind: 'baseline'; items: EntraItem[] }
  /** Later runs: new requests, up to the cap as cards; the rest are left to the digest. */
  | { kind: 'new'; post: EntraItem[]; overflow: EntraItem[] };

/** A claim still unfinished after this long was left by a replica that stopped; another takes it over. */
export const STALE_CLAIM_MS = 10 * 60_000;

/** The ids whose claims count as handled or in hand: every claim except unfinished ones older than STALE_CLAIM_MS. */
export function knownIds(
  claims: ReadonlyArray<{ userConsentRequestId: string; handling: string; claimedAt: string }>,
  now: Date,
): Set<string> {
  return new Set(
    claims
      .filter((c) => c.handling !== 'claimed' || now.getTime() - Date.parse(c.claimedAt) < STALE_CLAIM_MS)
      .map((c) => c.userConsentRequestId.toLowerCase()),
  );
}

export function planEntraRun(
  items: readonly EntraItem[],
  known: ReadonlySet<string>,
  baselineTaken: boolean,
  cap: number,
): EntraRunPlan {
  if (!baselineTaken) return { kind: 'baseline', items: [...items] };
  const fresh = items.filter((i) => !known.has(i.userConsentRequestId.toLowerCase()));
  return { kind: 'new', post: fresh.slice(0, cap), overflow: fresh.slice(cap) };
}

/** Only what a request stores about Entra's (no app or UPN: the request has those). */
export function toRef(item: EntraItem): EntraRequestRef {
  const { appId: _a, appDisplayName: _n, requesterUpn: _u, ...ref } = item;
  return ref;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The single message the first run posts instead of one card per waiting request. */
export function baselineText(items: readonly EntraItem[]): string {
  const start =
    "I am now watching Entra's admin consent requests: each new one will appear here as an approval card within a minute or two.";
  if (items.length === 0) return `${start} None are waiting right now.`;
  const apps = [...new Set(items.map((i) => i.appDisplayName))];
  // App names often carry their own parentheses ("Qlik Web Connectors (Outlook 365)"): a plain list reads better.
  const named = apps.slice(0, 5);
  const rest = apps.length - named.length;
  const shown =
    rest > 0
      ? `${named.join(', ')} and ${rest} more`
      : named.length > 1
        ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`
        : named[0];
  const them = items.length === 1 ? 'it' : 'them';
  return `${start} ${plural(items.length, 'request was', 'requests were')} already waiting, for ${shown}. I have not posted ${them} one by one: the digest lists ${them}, or say **digest** here to see the queue now.`;
}

/** What the channel is told when a run had more new requests than its cap. */
export function overflowText(overflow: readonly EntraItem[], cap: number): string {
  return `${plural(overflow.length, 'more new Entra consent request', 'more new Entra consent requests')} arrived (more than ${cap} at once), so I did not post ${overflow.length === 1 ? 'it' : 'them'} as cards. The digest lists ${overflow.length === 1 ? 'it' : 'them'}; say **digest** here to see the queue now.`;
}
