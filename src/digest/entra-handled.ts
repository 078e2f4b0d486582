/**
 * Entra requests the bot already carries: a pending request of the bot's own stands for them (its
 * card is in the channel, and the digest lists it once, under "waiting here"), or an admin decided
 * them here. Neither is listed again as waiting in Entra's queue; decided ones are counted, because
 * Graph cannot close them and they stay open in Entra. Pure.
 */
import type { AppConsentRequest } from '../graph/types';
import type { ApprovalRequest } from '../requests/model';
import type { EntraQueue } from './entra-requests';

export type EntraHandling = 'waiting_here' | 'decided_here';

/** userConsentRequest id (lower case) -> how the bot carries it. */
export type HandledEntraRequests = ReadonlyMap<string, EntraHandling>;

/** Still in hand here: waiting, being applied, or failed and waiting to be approved again. */
const OPEN = new Set(['pending', 'approving', 'failed']);

/** From the bot's requests that name Entra requests (any state). */
export function handledFrom(requests: readonly ApprovalRequest[]): Map<string, EntraHandling> {
  const out = new Map<string, EntraHandling>();
  for (const r of requests) {
    for (const e of r.entraRequests ?? []) {
      const id = e.userConsentRequestId.toLowerCase();
      // An open request wins over an older decided one for the same Entra request.
      if (OPEN.has(r.state)) out.set(id, 'waiting_here');
      else if (!out.has(id)) out.set(id, 'decided_here');
    }
  }
  return out;
}

/** The queue without the requests the bot carries, and how many of those were decided here. */
export function withoutHandled(
  queue: EntraQueue,
  handled: HandledEntraRequests,
): { queue: EntraQueue; decidedHere: number } {
  if (!queue.ok || handled.size === 0) return { queue, decidedHere: 0 };
  // A parent can arrive twice across pages: each decided request is counted once.
  const decided = new Set<string>();
  const requests: AppConsentRequest[] = queue.requests.map((parent) => ({
    ...parent,
    userConsentRequests: (parent.userConsentRequests ?? []).filter((u) => {
      const how = handled.get(u.id.toLowerCase());
      if (how === 'decided_here' && u.status === 'InProgress') decided.add(u.id.toLowerCase());
      return how === undefined;
    }),
  }));
  return { queue: { ...queue, requests }, decidedHere: decided.size };
}

export function decidedHereText(count: number): string {
  return `**${count === 1 ? 'One Entra request was' : `${count} Entra requests were`} decided here but ${count === 1 ? 'is' : 'are'} still open in Entra:** Microsoft Graph cannot close ${count === 1 ? 'it' : 'them'}. A reviewer can close ${count === 1 ? 'it' : 'them'} in the Entra admin center (Enterprise applications, Admin consent requests).`;
}
