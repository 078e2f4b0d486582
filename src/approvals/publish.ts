/**
 * After a decision is stored: the channel card is updated for everyone and the people concerned
 * are told in 1:1 (the requester, and on an approval for everyone the people linked to the request).
 * Each step is best effort and logged: the decision itself is already stored and audited, and the
 * digest and `status` still show it if a message cannot be delivered.
 */
import { noticeCard, toNoticeViewModel, type ChangeContext } from '../cards';
import { plain } from '../cards/text';
import type { Diagnosis } from '../diagnosis/types';
import type { OutgoingMessage } from '../ports/messenger';
import type { ApprovalRequest, Requester } from '../requests/model';
import type { Services } from '../services';
import { signInLinkFor } from '../diagnosis/sign-in-link';
import { updateApprovalCard } from './approval-card-posting';
import { Auditor, BOT_ACTOR } from './audit';
import { resolveRoute, sendToUser, type ProactiveRoute } from './notify';

function changeContext(diagnosis: Diagnosis): ChangeContext {
  const ctx = diagnosis.context;
  return ctx ? { resources: ctx.resources, appRoles: ctx.appRoles, userNames: ctx.userNames } : {};
}

/** Requester-facing message for the request's current state; null when there is nothing to say. */
export function requesterNotice(request: ApprovalRequest, signInBaseUrl: string | null): OutgoingMessage | null {
  const vm = toNoticeViewModel(
    request,
    changeContext(request.diagnosis),
    signInLinkFor(signInBaseUrl, request.diagnosis),
  );
  return vm ? { kind: 'card', card: noticeCard(vm) } : null;
}

/** What a linked requester is told; their own situation may differ from the original requester's. */
export function linkedNotice(request: ApprovalRequest, verified: boolean | null): string | null {
  const app = plain(request.diagnosis.app?.displayName ?? request.appDisplayName, 120);
  if (request.state === 'approved' && request.decision.scope === 'everyone') {
    return verified === false
      ? `${app} was approved for everyone, but a fresh check of your account still finds something blocking. Ask me about ${app} again and I will look at your case.`
      : `${app} was approved for everyone. Please try signing in again now; if you still see "Need admin approval", tell me.`;
  }
  if (request.state === 'approved')
    return `${app} was approved for the person who first asked only. If you need it too, ask me again and I will send a request for you.`;
  if (request.state === 'denied')
    return `The request for ${app} you joined was declined. The admin's reason: ${plain(request.decision.reason ?? 'none given', 1000)}`;
  if (request.state === 'failed')
    return `The fix for ${app} did not go through. The admins can see what went wrong and can try again.`;
  return null;
}

export interface PublishOptions {
  route?: Partial<ProactiveRoute> | null;
  linkedVerified?: Map<string, boolean | null>;
}

export async function publishDecision(
  services: Services,
  request: ApprovalRequest,
  options: PublishOptions = {},
): Promise<void> {
  const log = services.logger.child({ requestId: request.id, state: request.state });
  const auditor = new Auditor(services.store, services.now, services.logger);
  try {
    const updated = await updateApprovalCard(services, request);
    if (!updated) log.info('request has no channel card to update');
  } catch (err) {
    log.error({ err }, 'could not update the approval card in the channel');
  }
  const route = await resolveRoute(services, options.route ?? null, request.adminCard?.serviceUrl ?? null);
  const notice = requesterNotice(request, services.signInBaseUrl);
  if (notice) await tell(services, auditor, request, request.requester, notice, route);
  for (const linked of request.linkedRequesters) {
    if (linked.aadObjectId === request.requester.aadObjectId) continue;
    const text = linkedNotice(request, options.linkedVerified?.get(linked.aadObjectId) ?? null);
    if (text) await tell(services, auditor, request, linked, { kind: 'text', text, textFormat: 'plain' }, route);
  }
}

async function tell(
  services: Services,
  auditor: Auditor,
  request: ApprovalRequest,
  person: Requester,
  message: OutgoingMessage,
  route: ProactiveRoute | null,
): Promise<void> {
  try {
    const outcome = await sendToUser(services, person, message, route);
    await auditor.record({
      requestId: request.id,
      actor: BOT_ACTOR,
      action: 'notify',
      detail:
        outcome === 'no_route'
          ? `could not reach ${person.displayName}: no conversation with them yet`
          : `told ${person.displayName} that the request is ${request.state}`,
      result: outcome === 'no_route' ? 'error' : 'ok',
    });
  } catch (err) {
    services.logger.error({ err, requestId: request.id, user: person.aadObjectId }, 'could not notify a requester');
    await auditor.record({
      requestId: request.id,
      actor: BOT_ACTOR,
      action: 'notify',
      detail: `could not reach ${person.displayName}`,
      result: 'error',
    });
  }
}
