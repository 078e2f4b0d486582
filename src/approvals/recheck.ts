/**
 * When "diagnose again" after an approval is done, as a pure decision: the blockers an approval was
 * meant to remove that a fresh diagnosis still reports (plus what the evidence says is still
 * missing, src/diagnosis/verification.ts, so "verified" can fail), and whether to check once more.
 * Entra replicates grants and assignments with a delay, so a failed check is repeated after growing
 * pauses before the approval is reported as unverified. src/approvals/verify.ts does the reads.
 */
import { gapFindings } from '../diagnosis/verification';
import type { Diagnosis, Finding } from '../diagnosis/types';

/** Pauses between checks: 3 tries, 1 s then 2 s (replication usually settles within seconds). */
export const DEFAULT_RECHECK_DELAYS_MS: readonly number[] = [1000, 2000];

function remainingBlockers(diagnosis: Diagnosis): Finding[] {
  const blockers = diagnosis.findings.filter((f) => f.severity === 'blocker' && f.fixable);
  const gaps = diagnosis.verification
    ? gapFindings(diagnosis.verification).filter((g) => !blockers.some((b) => b.code === g.code))
    : [];
  return [...blockers, ...gaps];
}

export type RecheckStep =
  | { kind: 'done'; verified: boolean; remaining: Finding[] }
  /** Not verified yet: pause this long, then diagnose again. */
  | { kind: 'again'; afterMs: number; remaining: Finding[] };

/** After check number `attempt` (1-based) found `diagnosis`, with `delaysMs` the pauses before each further check. */
export function afterCheck(diagnosis: Diagnosis, attempt: number, delaysMs: readonly number[]): RecheckStep {
  const remaining = remainingBlockers(diagnosis);
  if (remaining.length === 0) return { kind: 'done', verified: true, remaining };
  if (attempt > delaysMs.length) return { kind: 'done', verified: false, remaining };
  return { kind: 'again', afterMs: delaysMs[attempt - 1], remaining };
}
