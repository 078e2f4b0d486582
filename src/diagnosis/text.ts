/** Human-readable diagnosis for the terminal (consent-doctor diagnose without --json). */
import { friendlyResourceName } from './resources';
import type { Diagnosis, Remedy, Severity } from './types';

/**
 * The one short how-to for giving the bot what the app asks for: the address of Entra's "Need admin
 * approval" page carries the app's client_id and the requested scopes. Chat and CLI both use it.
 */
export const COPY_APPROVAL_PAGE_ADDRESS =
  'To let me see exactly what it asks for: open the app again, and when "Need admin approval" appears, click the ' +
  'browser\'s address bar, copy the whole address (Ctrl+L, then Ctrl+C; on a Mac Cmd+L, Cmd+C) and paste it here.';

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', yellow: '\u001b[33m', cyan: '\u001b[36m', green: '\u001b[32m' };

type Paint = (text: string, ...styles: Array<keyof typeof ANSI>) => string;

function painter(color: boolean): Paint {
  return (text, ...styles) => (color && styles.length > 0 ? `${styles.map((s) => ANSI[s]).join('')}${text}${ANSI.reset}` : text);
}

const SEVERITY_STYLE: Record<Severity, { label: string; style: keyof typeof ANSI }> = {
  blocker: { label: 'BLOCKER', style: 'red' },
  warning: { label: 'WARNING', style: 'yellow' },
  info: { label: 'INFO', style: 'cyan' },
};

export function describeRemedy(remedy: Remedy): string {
  switch (remedy.kind) {
    case 'create_service_principal':
      return `Create the service principal for appId ${remedy.appId}`;
    case 'assign_user':
      return `Assign user ${remedy.userId} to app ${remedy.appId} (appRoleId ${remedy.appRoleId})`;
    case 'grant_delegated': {
      const who = remedy.consentType === 'AllPrincipals' ? 'all users' : `user ${remedy.principalId ?? '?'}`;
      const from = (scope: string): string => (remedy.sources?.[scope] ?? []).join('+') || 'unknown';
      const scopes = remedy.scopes.map((s) => `${s} [${from(s)}]`).join(' ');
      const confirm = (remedy.confirm ?? []).length > 0
        ? `; only after explicit confirmation: ${(remedy.confirm ?? []).map((s) => `${s} [${from(s)}]`).join(' ')}` : '';
      const refused = (remedy.refused ?? []).length > 0
        ? `; refused: ${(remedy.refused ?? []).map((r) => `${r.scope} (${r.reason})`).join(' ')}` : '';
      return `Grant ${friendlyResourceName(remedy.resourceAppId)} scopes "${scopes}" to app ${remedy.clientAppId} for ${who}${confirm}${refused}`;
    }
    case 'admin_consent_url':
      return `Admin consent link: ${remedy.url}`;
    case 'manual':
      return `${remedy.title}: ${remedy.steps.join(' ')}`;
  }
}

function remedyLines(title: string, remedies: readonly Remedy[], paint: Paint): string[] {
  if (remedies.length === 0) return [];
  return ['', paint(title, 'bold'), ...remedies.map((r, i) => `  ${i + 1}. ${describeRemedy(r)}`)];
}

export function formatDiagnosisText(d: Diagnosis, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const lines: string[] = [];
  const app = d.app ? `${d.app.displayName} (${d.app.appId})${d.app.servicePrincipalId ? '' : ' - not in tenant'}` : 'unknown app';
  const user = d.user ? `${d.user.displayName} <${d.user.userPrincipalName}>` : 'unknown user';
  lines.push(`${paint('App:', 'bold')}  ${app}`, `${paint('User:', 'bold')} ${user}`);
  const evidence = d.requested.evidence ?? [];
  if (evidence.length > 0) {
    const scopes = evidence.map((e) => `${e.resourceAppId ? friendlyResourceName(e.resourceAppId) : '(API unknown)'}/${e.scope} ${paint(`[${e.sources.join('+')}]`, 'dim')}`).join(', ');
    lines.push(`${paint('Requested:', 'bold')} ${scopes}`);
  } else if (d.requested.source) {
    const scopes = Object.entries(d.requested.delegated).map(([r, s]) => `${friendlyResourceName(r)}: ${s.join(' ')}`).join('; ');
    lines.push(`${paint('Requested:', 'bold')} ${scopes} ${paint(`(from ${d.requested.source})`, 'dim')}`);
  } else {
    lines.push(`${paint('Requested:', 'bold')} unknown ${paint('(no consent URL, Entra consent request or existing grant)', 'dim')}`);
  }
  if (d.candidates.length > 1) {
    lines.push('', paint('Candidates', 'bold'));
    for (const c of d.candidates.slice(0, 5)) lines.push(`  ${String(c.score).padStart(3)}  ${c.displayName}${c.appId ? ` (${c.appId})` : ''} ${paint(`- ${c.why}`, 'dim')}`);
  }
  lines.push('', paint('Findings', 'bold'));
  for (const f of d.findings) {
    const sev = SEVERITY_STYLE[f.severity];
    const fix = f.fixable ? paint(' [fixable]', 'green') : '';
    lines.push(`  ${paint(sev.label.padEnd(7), sev.style, 'bold')} ${f.code}${fix}`, `          ${f.summary}`, `          ${paint(f.adminSummary, 'dim')}`);
  }
  lines.push(...remedyLines('Fix for everyone', d.remedies, paint));
  lines.push(...remedyLines('Fix for this user only', d.userOnlyRemedies, paint));
  lines.push('', paint(`Graph: ${d.graph.requests} requests in ${d.graph.roundTrips} round trips`, 'dim'));
  return lines.join('\n');
}
