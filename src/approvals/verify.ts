/**
 * "Diagnose again" after an approval: reads the requester's facts afresh (the same app, the same
 * requested scopes as the original diagnosis) and checks that no fixable blocker remains. Entra
 * replicates grants and assignments with a delay, so a failed check is repeated a few times with
 * growing pauses before the approval is reported as unverified.
 */
import { buildDiagnosis } from '../diagnosis/build-diagnosis';
import { gapFindings } from '../diagnosis/verification';
import type { Diagnosis, Finding } from '../diagnosis/types';
import { gatherFacts } from '../diagnosis/gather-facts';
import type { FactsConnection } from '../graph/facts-connection';
import type { ApprovalRequest } from '../requests/model';

/** Pauses between checks: 3 tries, 1 s then 2 s (replication usually settles within seconds). */
export const DEFAULT_RECHECK_DELAYS_MS: readonly number[] = [1000, 2000];

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

/**
 * Pure: the blockers an approval was meant to remove that a diagnosis still reports, plus what the
 * evidence says is still missing (src/diagnosis/verification.ts), so "verified" can fail.
 */
export function remainingBlockers(diagnosis: Diagnosis): Finding[] {
  const blockers = diagnosis.findings.filter((f) => f.severity === 'blocker' && f.fixable);
  const gaps = diagnosis.verification ? gapFindings(diagnosis.verification).filter((g) => !blockers.some((b) => b.code === g.code)) : [];
  return [...blockers, ...gaps];
}

const sleepReal = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One fresh diagnosis of `userId` for the request's app and requested scopes. */
export async function diagnoseFor(conn: FactsConnection, request: ApprovalRequest, userId: string, now?: Date): Promise<Diagnosis> {
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

export async function verifyUser(conn: FactsConnection, request: ApprovalRequest, userId: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const delays = options.delaysMs ?? DEFAULT_RECHECK_DELAYS_MS;
  const sleep = options.sleep ?? sleepReal;
  let remaining: Finding[] = [];
  let app: Diagnosis['app'] = request.diagnosis.app;
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    if (attempt > 0) await sleep(delays[attempt - 1]);
    const diagnosis = await diagnoseFor(conn, request, userId, options.now?.());
    app = diagnosis.app ?? app;
    remaining = remainingBlockers(diagnosis);
    if (remaining.length === 0) return { verified: true, app, remaining, attempts: attempt + 1 };
  }
  return { verified: false, app, remaining, attempts: delays.length + 1 };
}
