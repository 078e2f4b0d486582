/** Human-readable diagnosis for the terminal (consent-doctor diagnose without --json). */
import { friendlyResourceName } from './resources';
import type { Diagnosis, Remedy, Severity } from './types';

/**
 * The one short how-to for giving the bot what the app asks for: the address of Entra's "Need admin
 * approval" page carries the app's client_id and the requested scopes. Chat and CLI both use it.
 */
export const COPY_APPROVAL_PAGE_ADDRESS =
  'To let me see exactly what it asks for: open the app again, and when "Need admin approval" appears, click the ' +
  "browser's address bar, copy the whole address (Ctrl+L, then Ctrl+C; on a Mac Cmd+L, Cmd+C) and paste it here.";

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  green: '\u001b[32m',
};

type Paint = (text: string, ...styles: Array<keyof typeof ANSI>) => string;

function painter(color: boolean): Paint {
  return (text, ...styles) =>
    color && styles.length > 0 ? `${styles.map((s) => ANSI[s]).join('')}${text}${ANSI.reset}` : text;
}

const SEVERITY_STYLE: Record<Severity, { label: string; style: keyof typeof ANSI }> = {
  blocker: { label: 'BLOCKER', style: 'red' },
  warning: { label: 'WARNING', style: 'yellow' },
  info: { label: 'INFO', style: 'cyan' },
};

const SOURCE_WORDS: Record<string, string> = {
  consent_url: 'the pasted sign-in link',
  consent_request: "Entra's consent request",
  existing_grant: 'an existing grant',
};

/** "Files.Read.All User.Read (seen in Entra's consent request)", one note per group of scopes with the same evidence. */
function scopesWithEvidence(scopes: readonly string[], sources: Record<string, readonly string[]> | undefined): string {
  const groups = new Map<string, string[]>();
  for (const scope of scopes) {
    const key = (sources?.[scope] ?? []).map((x) => SOURCE_WORDS[x] ?? x).join(' and ') || 'no recorded source';
    groups.set(key, [...(groups.get(key) ?? []), scope]);
  }
  return [...groups].map(([from, list]) => `${list.join(' ')} (seen in ${from})`).join('; ');
}

/** Names people where the diagnosis knows them; an object id only when it does not. */
export type PersonName = (objectId: string) => string;

export function describeRemedy(remedy: Remedy, personName: PersonName = (id) => `user ${id}`): string {
  switch (remedy.kind) {
    case 'create_service_principal':
      return `Create the service principal for appId ${remedy.appId}`;
    case 'assign_user':
      return `Assign ${personName(remedy.userId)} to app ${remedy.appId} (appRoleId ${remedy.appRoleId || 'picked by the approver'})`;
    case 'grant_delegated': {
      const who =
        remedy.consentType === 'AllPrincipals' ? 'all users' : `${personName(remedy.principalId ?? '?')} only`;
      const confirm =
        (remedy.confirm ?? []).length > 0
          ? `; only after the approver confirms each: ${scopesWithEvidence(remedy.confirm ?? [], remedy.sources)}`
          : '';
      const refused =
        (remedy.refused ?? []).length > 0
          ? `; never written: ${(remedy.refused ?? []).map((r) => `${r.scope} (${r.reason})`).join(' ')}`
          : '';
      return `Grant ${friendlyResourceName(remedy.resourceAppId)} scopes ${scopesWithEvidence(remedy.scopes, remedy.sources)} to app ${remedy.clientAppId} for ${who}${confirm}${refused}`;
    }
    case 'admin_consent_url':
      return `Admin consent link: ${remedy.url}`;
    case 'manual':
      return `${remedy.title}: ${remedy.steps.join(' ')}`;
  }
}

function remedyLines(title: string, remedies: readonly Remedy[], paint: Paint, personName: PersonName): string[] {
  if (remedies.length === 0) return [];
  return ['', paint(title, 'bold'), ...remedies.map((r, i) => `  ${i + 1}. ${describeRemedy(r, personName)}`)];
}

export function formatDiagnosisText(d: Diagnosis, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const lines: string[] = [];
  const app = d.app
    ? `${d.app.displayName} (${d.app.appId})${d.app.servicePrincipalId ? '' : ' - not in tenant'}`
    : 'unknown app';
  const user = d.user ? `${d.user.displayName} <${d.user.userPrincipalName}>` : 'unknown user';
  lines.push(`${paint('App:', 'bold')}  ${app}`, `${paint('User:', 'bold')} ${user}`);
  const evidence = d.requested.evidence ?? [];
  if (evidence.length > 0) {
    const scopes = evidence
      .map(
        (e) =>
          `${e.resourceAppId ? friendlyResourceName(e.resourceAppId) : '(API unknown)'}/${e.scope} ${paint(`[${e.sources.join('+')}]`, 'dim')}`,
      )
      .join(', ');
    lines.push(`${paint('Requested:', 'bold')} ${scopes}`);
  } else if (d.requested.source) {
    const scopes = Object.entries(d.requested.delegated)
      .map(([r, s]) => `${friendlyResourceName(r)}: ${s.join(' ')}`)
      .join('; ');
    lines.push(`${paint('Requested:', 'bold')} ${scopes} ${paint(`(from ${d.requested.source})`, 'dim')}`);
  } else {
    lines.push(
      `${paint('Requested:', 'bold')} unknown ${paint('(no consent URL, Entra consent request or existing grant)', 'dim')}`,
    );
  }
  if (d.candidates.length > 1) {
    lines.push('', paint('Candidates', 'bold'));
    for (const c of d.candidates.slice(0, 5))
      lines.push(
        `  ${String(c.score).padStart(3)}  ${c.displayName}${c.appId ? ` (${c.appId})` : ''} ${paint(`- ${c.why}`, 'dim')}`,
      );
  }
  lines.push('', paint('Findings', 'bold'));
  for (const f of d.findings) {
    const sev = SEVERITY_STYLE[f.severity];
    const fix = f.fixable ? paint(' [fixable]', 'green') : '';
    lines.push(
      `  ${paint(sev.label.padEnd(7), sev.style, 'bold')} ${f.code}${fix}`,
      `          ${f.summary}`,
      `          ${paint(f.adminSummary, 'dim')}`,
    );
  }
  const personName: PersonName = (id) => {
    const name =
      (d.user && d.user.id.toLowerCase() === id.toLowerCase() ? d.user.displayName : null) ?? d.context?.userNames[id];
    return name ? `${name} (${id})` : `user ${id}`;
  };
  lines.push(...remedyLines('Fix for everyone', d.remedies, paint, personName));
  lines.push(...remedyLines('Fix for this user only', d.userOnlyRemedies, paint, personName));
  lines.push('', paint(`Graph: ${d.graph.requests} requests in ${d.graph.roundTrips} round trips`, 'dim'));
  return lines.join('\n');
}
