/**
 * An Entra consent request becomes the bot's approval request, or joins one: the person's own open
 * request for the app (asked in chat first), or another person's whose tenant-wide fix also fixes
 * them (planRequest's rules, the same as for chat). Never two cards for one fix. Written with
 * compare-and-set like every request change, then the card is posted or updated.
 */
import { randomUUID } from 'node:crypto';
import { userConversationKey } from '../approvals/approval-card-posting';
import type { Diagnosis } from '../diagnosis/types';
import type { ApprovalRequest, EntraRequestRef, Requester } from '../requests/model';
import { OPEN_STATES, planRequest } from '../requests/plan-request';
import { publish, type AdminCardOutcome } from '../requests/submit';
import type { Services } from '../services';
import { StoreConflictError } from '../store';
import type { EntraItem } from './entra-plan';
import { toRef } from './entra-plan';

export interface EntraSubmitResult {
  kind: 'created' | 'linked' | 'reused' | 'already';
  request: ApprovalRequest;
  adminCard: AdminCardOutcome;
}

/**
 * The requester as the bot can reach them: the Teams id of their 1:1 chat when they have talked to
 * the bot, else their Entra object id, which Teams accepts for a new 1:1 conversation with a bot
 * installed for them (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
 */
export async function entraRequester(services: Services, item: EntraItem, diagnosis: Diagnosis): Promise<Requester> {
  const stored = await services.store.conversations.get(userConversationKey(item.requesterId));
  return {
    aadObjectId: item.requesterId,
    teamsUserId: stored?.user?.id ?? item.requesterId,
    displayName: diagnosis.user?.displayName ?? item.requesterName,
    userPrincipalName: diagnosis.user?.userPrincipalName ?? item.requesterUpn,
  };
}

export function withEntraRef(request: ApprovalRequest, ref: EntraRequestRef): ApprovalRequest {
  const refs = request.entraRequests ?? [];
  if (refs.some((r) => r.userConsentRequestId.toLowerCase() === ref.userConsentRequestId.toLowerCase())) return request;
  return { ...request, entraRequests: [...refs, ref] };
}

const hasRef = (r: ApprovalRequest, id: string): boolean => (r.entraRequests ?? []).some((e) => e.userConsentRequestId.toLowerCase() === id.toLowerCase());

export async function submitEntraRequest(services: Services, item: EntraItem, diagnosis: Diagnosis): Promise<EntraSubmitResult> {
  const requester = await entraRequester(services, item, diagnosis);
  const ref = toRef(item);
  for (let attempt = 0; ; attempt++) {
    const open = await services.store.requests.listByApp(diagnosis.app?.appId ?? item.appId, [...OPEN_STATES]);
    const already = open.find((r) => hasRef(r.value, item.userConsentRequestId));
    if (already) return { kind: 'already', request: already.value, adminCard: 'unchanged' };
    const plan = planRequest({
      existing: open.map((r) => r.value), diagnosis, requester, justification: item.reason,
      tenantId: services.tenantId, now: services.now(), newId: randomUUID(),
    });
    try {
      if (plan.kind === 'create') {
        // Entra itself recorded the request, so the app is real: no confirmation step as for a typed id.
        const request = withEntraRef(plan.request, ref);
        const etag = await services.store.requests.create(request);
        return { kind: 'created', ...(await publish(services, request, etag)) };
      }
      const row = open.find((r) => r.value.id === plan.request.id);
      if (!row) throw new RangeError(`request ${plan.request.id} was not among those read`);
      const request = withEntraRef({ ...plan.request, updatedAt: services.now().toISOString() }, ref);
      const etag = await services.store.requests.replace(request, row.etag);
      return { kind: plan.kind === 'link' ? 'linked' : 'reused', ...(await publish(services, request, etag)) };
    } catch (err) {
      if (err instanceof StoreConflictError && attempt === 0) continue;
      throw err;
    }
  }
}
