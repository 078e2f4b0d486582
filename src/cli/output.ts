/** What `consent-doctor diagnose` prints: docs/contracts.md#cli-json-output for --json, readable text otherwise. */
import { formatDiagnosisText } from '../diagnosis/terminal-report';
import type { AppCandidate, Diagnosis } from '../diagnosis/types';
import type { RunStatus } from '../diagnosis/run';

/** The contract's keys first (all mandatory); the rest are extras for people who want detail. */
function diagnosisJson(d: Diagnosis, status: RunStatus): Record<string, unknown> {
  return {
    app: d.app,
    candidates: d.candidates,
    findings: d.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      summary: f.summary,
      fixable: f.fixable,
      adminSummary: f.adminSummary,
      evidence: f.evidence ?? null,
    })),
    remedies: d.remedies,
    graph: { requests: d.graph.requests, roundTrips: d.graph.roundTrips },
    status,
    user: d.user,
    userOnlyRemedies: d.userOnlyRemedies,
    requested: d.requested,
  };
}

function candidatesText(candidates: readonly AppCandidate[], status: RunStatus): string {
  if (candidates.length === 0) {
    return status === 'choose'
      ? 'Several apps could be meant; give the app id.\n'
      : 'No app in this organisation matches. Give the app id, or paste the address of the approval page.\n';
  }
  if (status === 'choose') {
    const lines = candidates.map((c) => `  ${c.appId ?? '(no app id)'}  ${c.displayName}  — ${c.why}`);
    return `Several apps match; run again with --app set to one of these app ids:\n${lines.join('\n')}\n`;
  }
  const hints = candidates.filter((c) => !c.reasons.includes('tenant_app'));
  const known = candidates.filter((c) => c.reasons.includes('tenant_app'));
  const out = ['No app in this organisation matches. Give the app id, or paste the address of the approval page.'];
  if (hints.length > 0)
    out.push(
      'Known apps that might be meant (not set up here):',
      ...hints.map((c) => `  ${c.displayName}  — ${c.why}`),
    );
  if (known.length > 0)
    out.push('Apps this organisation has:', ...known.map((c) => `  ${c.appId ?? ''}  ${c.displayName}`));
  return `${out.join('\n')}\n`;
}

export function renderDiagnosis(d: Diagnosis, status: RunStatus, opts: { json: boolean; color: boolean }): string {
  if (opts.json) return `${JSON.stringify(diagnosisJson(d, status), null, 2)}\n`;
  if (status !== 'diagnosed') return candidatesText(d.candidates, status);
  const text = formatDiagnosisText(d, { color: opts.color });
  return text.endsWith('\n') ? text : `${text}\n`;
}
