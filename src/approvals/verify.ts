/**
 * "Diagnose again" after an approval: reads the requester's facts afresh (the same app, the same
 * requested scopes as the original diagnosis) and asks src/approvals/recheck.ts whether the fix is
 * in place or to check again after a pause (Entra replicates with a delay). This file does the reads.
 */
import { buildDiagnosis } from '../diagnosis/build-diagnosis';
import type { Diagnosis, Finding } from '../diagnosis/types';
import { gatherFacts } from '../diagnosis/gather-facts';
import type { FactsConnection } from '../graph/facts-connection';
import type { ApprovalRequest } from '../requests/model';
import { afterCheck, DEFAULT_RECHECK_DELAYS_MS } from './recheck';

export interface VerifyOptions {
  /** Pauses before the 2nd, 3rd, ... check. */
  delaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export interface VerifyResult {
  verified: boolean;
  /** The app as the last check found it (its service principal may be new). */
  app: Diagnosis['app'];
  /** Fixable blockers still found by the last check (empty when verified). */
  remaining: Finding[];
  attempts: number;
}

const sleepReal = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One fresh diagnosis of `userId` for the request's app and requested scopes. */
export async function diagnoseFor(
  conn: FactsConnection,
  request: ApprovalRequest,
  userId: string,
  now?: Date,
): Promise<Diagnosis> {
  const { facts } = await gatherFacts(conn, {
    tenantId: request.tenantId,
    userQuery: userId,
    appId: request.appId,
    requested: request.diagnosis.requested,
    servicePrincipalId: null,
    now,
  });
  return buildDiagnosis(facts, [], { requests: 0, roundTrips: 0 });
}

export async function verifyUser(
  conn: FactsConnection,
  request: ApprovalRequest,
  userId: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const delays = options.delaysMs ?? DEFAULT_RECHECK_DELAYS_MS;
  const sleep = options.sleep ?? sleepReal;
  let app: Diagnosis['app'] = request.diagnosis.app;
  for (let attempt = 1; ; attempt++) {
    const diagnosis = await diagnoseFor(conn, request, userId, options.now?.());
    app = diagnosis.app ?? app;
    const step = afterCheck(diagnosis, attempt, delays);
    if (step.kind === 'done') return { verified: step.verified, app, remaining: step.remaining, attempts: attempt };
    await sleep(step.afterMs);
  }
}
