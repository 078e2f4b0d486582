/**
 * The outcome stored on a request after its remedies ran: one step per remedy, in order, with what
 * happened to it. Pure: the executor feeds it results and the error that stopped it, if any.
 */
import type { Remedy } from '../diagnosis/types';
import type { RemedyResult } from '../graph/remedies';
import type { ApprovalRequest } from '../requests/model';
import { LIMITS, plain } from '../cards/text';

export type Outcome = NonNullable<ApprovalRequest['outcome']>;
export type OutcomeStep = Outcome['steps'][number];

export interface StepFailure {
  /** Graph's error code ("serviceNotAvailable", "Authorization_RequestDenied") or a local one. */
  code: string;
  /** HTTP status, 0 when no answer arrived. */
  status: number;
  /** Graph's full error text, for the audit trail. */
  message: string;
  requestId: string | null;
}

export function stepFromResult(remedy: Remedy, result: RemedyResult): OutcomeStep {
  const status = result.status === 'done' || result.status === 'already_done' ? result.status : 'skipped';
  return { remedy, status, graphRequestId: result.graphRequestId, error: null };
}

export function failedStep(remedy: Remedy, failure: StepFailure): OutcomeStep {
  const http = failure.status > 0 ? ` (HTTP ${failure.status})` : '';
  return {
    remedy,
    status: 'failed',
    graphRequestId: failure.requestId,
    error: plain(`${failure.code}${http}`, LIMITS.error),
  };
}

export function notAttempted(remedy: Remedy): OutcomeStep {
  return { remedy, status: 'skipped', graphRequestId: null, error: null };
}

/**
 * Steps for a run that stopped at `failedIndex`: the earlier ones as they went, the failed one, and
 * the rest not attempted.
 */
export function failedOutcome(
  remedies: readonly Remedy[],
  done: readonly OutcomeStep[],
  failure: StepFailure,
): Outcome {
  const failedIndex = done.length;
  const steps = [
    ...done,
    failedStep(remedies[failedIndex], failure),
    ...remedies.slice(failedIndex + 1).map(notAttempted),
  ];
  return { steps, verified: null, error: plain(failure.code, LIMITS.label) };
}

export function completedOutcome(steps: readonly OutcomeStep[], verified: boolean | null): Outcome {
  return { steps: [...steps], verified, error: null };
}
