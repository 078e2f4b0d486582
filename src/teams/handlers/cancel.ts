/**
 * `cancel` and the status card's Withdraw button: the requester takes back a pending request.
 * Only the requester may withdraw, only while it is pending, and not while other people are linked
 * to it (they are still waiting for the same fix): src/requests/request-changes.ts decides, and the
 * transition path writes it with compare-and-set, so a withdraw racing an approval loses cleanly.
 */
import { updateApprovalCard } from '../../approvals/approval-card-posting';
import { verifyCardData, type AdaptiveCard } from '../../cards';
import { plain, LIMITS } from '../../cards/text';
import type { ApprovalRequest } from '../../requests/model';
import { decideWithdraw, type WithdrawRefusal } from '../../requests/request-changes';
import { changeRequest } from '../../requests/transition-path';
import { transitionPortsFor } from '../../requests/transition-ports';
import type { Services } from '../../services';
import type { ChatUser } from './ask';
import { requestsOf, statusCardFor } from './status';

export type WithdrawResult = { kind: 'withdrawn'; request: ApprovalRequest } | WithdrawRefusal;

const appName = (r: ApprovalRequest): string => plain(r.diagnosis.app?.displayName ?? r.appDisplayName, LIMITS.name);

export async function withdrawRequest(services: Services, user: ChatUser, requestId: string): Promise<WithdrawResult> {
  const change = await changeRequest(
    transitionPortsFor(services),
    requestId,
    decideWithdraw(user.aadObjectId, services.now()),
  );
  if (change.kind === 'kept') return change.as;
  try {
    await updateApprovalCard(services, change.request);
  } catch (err) {
    services.logger.error({ err, requestId }, 'could not update the approval card after a withdrawal');
  }
  return { kind: 'withdrawn', request: change.request };
}

export function withdrawText(result: WithdrawResult): string {
  switch (result.kind) {
    case 'withdrawn':
      return `Done: I withdrew your request for ${appName(result.request)}. The admins can see that it is no longer needed.`;
    case 'not_found':
      return 'I could not find that request any more.';
    case 'not_yours':
      return `Only the person who asked first can withdraw the request for ${appName(result.request)}.`;
    case 'not_pending':
      return `The request for ${appName(result.request)} is no longer waiting for a decision, so there is nothing to withdraw.`;
    case 'shared':
      return `Other people are waiting for the same approval of ${appName(result.request)}, so I kept the request open for them.`;
  }
}

export interface CancelAnswer {
  text: string;
  /** 'plain' when the text names an app: vendor-chosen names must not render as markdown (links). */
  textFormat: 'plain' | 'markdown';
  card: AdaptiveCard | null;
}

/** `cancel` typed in chat: one pending request -> withdrawn; several -> which one? */
export async function handleCancel(services: Services, user: ChatUser): Promise<CancelAnswer> {
  const pending = (await requestsOf(services, user.aadObjectId)).filter(
    (r) => r.state === 'pending' && r.requester.aadObjectId.toLowerCase() === user.aadObjectId,
  );
  if (pending.length === 0)
    return {
      text: 'You have no request waiting for the admins, so there is nothing to cancel. Type **status** to see all your requests.',
      textFormat: 'markdown',
      card: null,
    };
  if (pending.length === 1)
    return {
      text: withdrawText(await withdrawRequest(services, user, pending[0].id)),
      textFormat: 'plain',
      card: null,
    };
  return {
    text: `You have ${pending.length} requests waiting. Which one should I withdraw?`,
    textFormat: 'markdown',
    card: statusCardFor(services, pending),
  };
}

/** The Withdraw button: the data is untrusted, so the signed id is checked before anything is read. */
export async function withdrawAction(
  services: Services,
  user: ChatUser,
  data: unknown,
): Promise<AdaptiveCard | string> {
  const verified = verifyCardData(data, services.cardKey);
  if (!verified.ok) return 'Sorry, I could not read that button. Type **status** to get a fresh list.';
  const result = await withdrawRequest(services, user, verified.requestId);
  if (result.kind !== 'withdrawn') return withdrawText(result);
  return statusCardFor(services, await requestsOf(services, user.aadObjectId));
}
