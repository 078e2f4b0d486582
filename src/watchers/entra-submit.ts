/**
 * An Entra consent request becomes the bot's approval request, or joins one: the person's own open
 * request for the app (asked in chat first), or another person's whose tenant-wide fix also fixes
 * them (planRequest's rules, the same as for chat). Never two cards for one fix. Decided in
 * src/requests/submit-plan.ts and written through the transition path like every request change,
 * then the card is posted or updated.
 */
import { randomUUID } from 'node:crypto';
import { userConversationKey } from '../approvals/approval-card-posting';
import type { Diagnosis } from '../diagnosis/types';
import type { ApprovalRequest, Requester } from '../requests/model';
import { OPEN_STATES } from '../requests/plan-request';
import { publish, type AdminCardOutcome } from '../requests/submit';
import { decideEntraSubmit } from '../requests/submit-plan';
import { decideAndWrite } from '../requests/transition-path';
import { transitionPortsFor } from '../requests/transition-ports';
import type { Services } from '../services';
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

export async function submitEntraRequest(
  services: Services,
  item: EntraItem,
  diagnosis: Diagnosis,
): Promise<EntraSubmitResult> {
  const requester = await entraRequester(services, item, diagnosis);
  const facts = { diagnosis, requester, justification: item.reason, tenantId: services.tenantId };
  const change = await decideAndWrite(
    transitionPortsFor(services),
    () => services.store.requests.listByApp(diagnosis.app?.appId ?? item.appId, [...OPEN_STATES]),
    (open) => decideEntraSubmit({ ...facts, now: services.now(), newId: randomUUID() }, toRef(item))(open),
  );
  if (change.kind === 'kept') return { kind: 'already', request: change.as, adminCard: 'unchanged' };
  return { kind: change.as, ...(await publish(services, change.request, change.etag)) };
}
