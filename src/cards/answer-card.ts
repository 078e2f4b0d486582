/**
 * The person's answer card: the diagnosis in plain words, the next step, the request's state and
 * "Check again". While their own request waits without a note, the card also offers a note for
 * the admins ("Send to admins" carrying only the signed request id). Built from the answer
 * template (src/cards/answer.ts). Pure.
 */
import { answerCard, signCardData, toAnswerViewModel, type AdaptiveCard } from '.';
import type { NextStep } from '../requests/next-step';
import type { Diagnosis } from '../diagnosis/types';
import type { ApprovalRequest } from '../requests/model';
import { userFacingState } from './user-state';

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
  /**
   * What happened to the request at the moment of asking (linked, reused, not posted...), shown on
   * this card only: a card redrawn later leaves them out.
   */
  notes?: string[];
}

/** Whether the viewer may still add a note to the admins on this request. */
export function canAddNote(request: ApprovalRequest | null, viewerAadObjectId: string): request is ApprovalRequest {
  return (
    !!request &&
    request.state === 'pending' &&
    request.justification === null &&
    request.requester.aadObjectId.toLowerCase() === viewerAadObjectId.toLowerCase()
  );
}

export function buildAnswerCard(input: AnswerInput): AdaptiveCard {
  const { diagnosis, request } = input;
  const ref = request ? signCardData(request.id, input.cardKey) : null;
  return answerCard(
    toAnswerViewModel(diagnosis, {
      request: request ? { state: userFacingState(request), ref, reason: request.decision.reason } : null,
      nextStep: input.step,
      publisherName: diagnosis.context?.publisherName ?? null,
      signInUrl: input.signInUrl,
      changes: input.changes,
      noteInvited: canAddNote(request, input.viewerAadObjectId),
      notes: input.notes,
    }),
  );
}
