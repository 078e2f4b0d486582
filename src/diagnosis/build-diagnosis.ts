/** Compose the full Diagnosis (what the CLI prints and the cards show) from Facts. Pure. */
import { diagnoseFacts } from './rules';
import { buildDiagnosisContext } from './context';
import { verificationGap } from './verification';
import type { AppCandidate, Diagnosis, Facts } from './types';

export function buildDiagnosis(
  facts: Facts,
  candidates: AppCandidate[],
  graph: { requests: number; roundTrips: number },
): Diagnosis {
  const outcome = diagnoseFacts(facts);
  const sp = facts.servicePrincipal;
  const candidate = candidates.find((c) => c.appId !== null && c.appId.toLowerCase() === facts.appId?.toLowerCase());
  const app = facts.appId
    ? {
        appId: facts.appId,
        displayName: sp?.displayName ?? candidate?.displayName ?? facts.appId,
        servicePrincipalId: sp?.id ?? null,
      }
    : null;
  const user = facts.user
    ? { id: facts.user.id, userPrincipalName: facts.user.userPrincipalName, displayName: facts.user.displayName }
    : null;
  return {
    app,
    user,
    candidates,
    findings: outcome.findings,
    remedies: outcome.remedies,
    userOnlyRemedies: outcome.userOnlyRemedies,
    requested: facts.requested,
    graph: { requests: graph.requests, roundTrips: graph.roundTrips },
    verification: verificationGap(facts),
    context: buildDiagnosisContext(facts, [...outcome.remedies, ...outcome.userOnlyRemedies]),
  };
}
