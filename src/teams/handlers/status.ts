/**
 * `status`: the person's requests and their states, newest first, with Withdraw on pending ones.
 * Includes requests the person was linked to (someone else asked first for the same fix).
 */
import { signCardData, statusCard, toStatusItems, type AdaptiveCard } from '../../cards';
import type { ApprovalRequest, RequestState } from '../../requests/model';
import { involves } from '../../requests/plan-request';
import type { Services } from '../../services';

/** Linked requests are looked up among these (a withdrawn one was withdrawn by its requester). */
const LINKABLE_STATES: RequestState[] = ['pending', 'approving', 'approved', 'failed', 'denied', 'expired'];

export async function requestsOf(services: Services, aadObjectId: string): Promise<ApprovalRequest[]> {
  const [own, all] = await Promise.all([
    services.store.requests.listByRequester(aadObjectId),
    services.store.requests.listByState(LINKABLE_STATES),
  ]);
  const byId = new Map<string, ApprovalRequest>();
  for (const { value } of own) byId.set(value.id, value);
  for (const { value } of all) if (!byId.has(value.id) && involves(value, aadObjectId)) byId.set(value.id, value);
  return [...byId.values()];
}

export function statusCardFor(services: Services, requests: ApprovalRequest[]): AdaptiveCard {
  return statusCard(toStatusItems(requests, (id) => signCardData(id, services.cardKey)));
}

export async function statusAnswer(services: Services, aadObjectId: string): Promise<AdaptiveCard> {
  return statusCardFor(services, await requestsOf(services, aadObjectId));
}
