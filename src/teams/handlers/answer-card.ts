/**
 * The person's answer card: the diagnosis in plain words, the next step, the request's state and
 * "Check again". While their own request waits without a note, the card also offers a note for
 * the admins (Input.Text "justification" + "Send to admins" carrying only the signed request id). Pure.
 */
import { answerCard, signCardData, toAnswerViewModel, type AdaptiveCard } from '../../cards';
import type { NextStep } from '../../cards/answerModel';
import type { Json } from '../../cards/types';
import type { Diagnosis } from '../../diagnosis/types';
import type { ApprovalRequest } from '../../requests/model';

export interface AnswerInput {
  diagnosis: Diagnosis;
  step: NextStep;
  request: ApprovalRequest | null;
  /** The person looking at the card (their own request may take a note). */
  viewerAadObjectId: string;
  cardKey: Buffer;
  signInUrl: string | null;
  /** Once approved: what changed, in the person's words. */
  changes?: string[];
}

/** Whether the viewer may still add a note to the admins on this request. */
export function canAddNote(request: ApprovalRequest | null, viewerAadObjectId: string): request is ApprovalRequest {
  return !!request && request.state === 'pending' && request.justification === null
    && request.requester.aadObjectId.toLowerCase() === viewerAadObjectId.toLowerCase();
}

export function buildAnswerCard(input: AnswerInput): AdaptiveCard {
  const { diagnosis, request } = input;
  const ref = request ? signCardData(request.id, input.cardKey) : null;
  const vm = toAnswerViewModel(diagnosis, {
    request: request ? { state: request.state, ref, reason: request.decision.reason } : null,
    approvalsConfigured: input.step.kind !== 'not_set_up',
    contact: input.step.kind === 'not_consent' ? input.step.contact : 'your IT helpdesk',
    publisherName: diagnosis.context?.publisherName ?? null,
    signInUrl: input.signInUrl,
  });
  if (input.changes) vm.changes = input.changes;
  // The step was decided with the request in mind (e.g. "not set up" while the request waits).
  const card = answerCard({ ...vm, nextStep: input.step });
  const adminsAct = input.step.kind === 'admins_asked' || input.step.kind === 'not_set_up';
  if (!ref || !adminsAct || !canAddNote(request, input.viewerAadObjectId)) return card;
  const note: Json = {
    type: 'Input.Text',
    id: 'justification',
    label: 'Anything the admins should know? (optional)',
    placeholder: 'For example: I need it for the weekly sales report',
    isMultiline: true,
    maxLength: 500,
  };
  const send: Json = {
    type: 'Action.Execute',
    verb: 'sendToAdmins',
    title: 'Send to admins',
    style: 'positive',
    data: { requestId: ref.requestId, mac: ref.mac },
  };
  return { ...card, body: [...card.body, note], actions: [send, ...(card.actions ?? [])] };
}
