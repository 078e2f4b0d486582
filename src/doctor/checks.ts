/**
 * `consent-doctor doctor` and /healthz: is this installation able to do its job? Pure: the facts
 * gathered by src/doctor/gather.ts in, a list of checks out. Each check says what works, or what
 * stops working and how to fix it (docs/permissions.md has the long form).
 */

import { approvalWritesCheck, neededFor, type ApprovalWritesFacts } from './approval-writes';
import { watcherChecks, type WatcherFacts } from './watcher-checks';

import type { Check, CheckStatus } from './check';

export type { Check, CheckStatus } from './check';

export interface DoctorReport {
  /** false when any check failed (warnings do not count). */
  ok: boolean;
  checks: Check[];
}

export interface NeededPermission {
  name: string;
  /** Any of these satisfies it (the permission itself first, then higher-privilege equivalents). */
  satisfiedBy: string[];
  /** What stops working without it. */
  withoutIt: string;
}

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];

/** docs/permissions.md, in the same order. */
export const NEEDED_PERMISSIONS: NeededPermission[] = [
  {
    name: 'Application.ReadWrite.All',
    satisfiedBy: ['Application.ReadWrite.All', 'Directory.ReadWrite.All'],
    withoutIt:
      'Approve cannot add an app that is not in the tenant yet (Application.Read.All alone still lets the bot read apps).',
  },
  {
    name: 'DelegatedPermissionGrant.ReadWrite.All',
    satisfiedBy: ['DelegatedPermissionGrant.ReadWrite.All'],
    withoutIt: 'Approve cannot grant consent (create or extend delegated permission grants).',
  },
  {
    name: 'AppRoleAssignment.ReadWrite.All',
    satisfiedBy: ['AppRoleAssignment.ReadWrite.All'],
    withoutIt: 'Approve cannot assign people to apps that require assignment.',
  },
  {
    name: 'Directory.Read.All',
    satisfiedBy: DIRECTORY_READ,
    withoutIt: 'Sign-in logs cannot be read (they need it with AuditLog.Read.All) and finding apps by name is weaker.',
  },
  {
    name: 'User.Read.All',
    satisfiedBy: ['User.Read.All', 'User.ReadWrite.All', ...DIRECTORY_READ],
    withoutIt: "The requester's account cannot be read: disabled or unknown accounts go unnoticed.",
  },
  {
    name: 'GroupMember.Read.All',
    satisfiedBy: [
      'GroupMember.Read.All',
      'GroupMember.ReadWrite.All',
      'Group.Read.All',
      'Group.ReadWrite.All',
      ...DIRECTORY_READ,
    ],
    withoutIt:
      'Group memberships cannot be read: assignment through (nested) groups and approver-group members are not recognised.',
  },
  {
    name: 'Policy.Read.All',
    satisfiedBy: ['Policy.Read.All'],
    withoutIt:
      'User consent settings and the admin consent workflow cannot be read, so consent causes cannot be told apart.',
  },
  {
    name: 'ConsentRequest.Read.All',
    satisfiedBy: ['ConsentRequest.Read.All', 'ConsentRequest.ReadWrite.All'],
    withoutIt:
      "Entra's own admin consent requests are invisible: pending/denied requests are missed and the digest lists only the bot's requests.",
  },
  {
    name: 'AuditLog.Read.All',
    satisfiedBy: ['AuditLog.Read.All'],
    withoutIt: 'Sign-in logs cannot be read: no AADSTS error codes, Conditional Access or risky-app evidence.',
  },
  {
    name: 'RoleManagement.Read.Directory',
    satisfiedBy: [
      'RoleManagement.Read.Directory',
      'RoleManagement.Read.All',
      'RoleManagement.ReadWrite.Directory',
      ...DIRECTORY_READ,
    ],
    withoutIt:
      'Directory roles cannot be read: nobody can be recognised as an approver by role (only the approver group works).',
  },
];

export type ProbeOutcome = { ok: true; detail?: string } | { ok: false; error: string };

export interface DoctorFacts {
  mode: 'local' | 'production' | 'simulator';
  /** How Approve writes (src/doctor/approval-writes.ts); absent = not known (the app-only list is checked). */
  approvals?: ApprovalWritesFacts;
  /** Problems with the configured identity/settings (empty = fine). */
  configProblems: string[];
  tenantId: string | null;
  /** The bot's own Graph token, decoded; or why there is none. */
  token:
    { roles: string[]; tenantId: string | null; appId: string | null; audience: string | null } | { error: string };
  /** null = not checked (no storage configured for this run). */
  storage: ProbeOutcome | null;
  /** Where approval cards go: 'stored' (chosen in Teams), 'env' (ADMIN_CHANNEL_ID), none; null = unknown (storage unreachable). */
  adminChannel: 'stored' | 'env' | 'none' | null;
  /** GET /auditLogs/signIns?$top=1 */
  signIns: 'ok' | 'not_premium' | 'forbidden' | { error: string } | null;
  /** The watchers' settings and last runs (src/doctor/watcher-checks.ts); absent = not reported. */
  watchers?: WatcherFacts;
}

function rolesCheck(granted: ReadonlySet<string>, p: NeededPermission): Check {
  const via = p.satisfiedBy.find((s) => granted.has(s.toLowerCase()));
  if (via) {
    return {
      id: `permission:${p.name}`,
      status: 'ok',
      title: p.name,
      detail: via.toLowerCase() === p.name.toLowerCase() ? 'granted' : `granted through ${via}`,
    };
  }
  return {
    id: `permission:${p.name}`,
    status: 'fail',
    title: p.name,
    detail: `missing: ${p.withoutIt} Grant the application permission and admin-consent it.`,
  };
}

export function evaluateDoctor(facts: DoctorFacts): DoctorReport {
  const checks: Check[] = [];
  const modeText =
    facts.mode === 'local'
      ? 'local (simulated tenant, Azurite, Bot Framework auth off)'
      : facts.mode === 'simulator'
        ? 'simulator (tenant fixture)'
        : 'production';
  checks.push(
    facts.configProblems.length === 0
      ? {
          id: 'configuration',
          status: 'ok',
          title: 'Mode and credentials',
          detail: `${modeText}${facts.tenantId ? `, tenant ${facts.tenantId}` : ''}`,
        }
      : {
          id: 'configuration',
          status: 'fail',
          title: 'Mode and credentials',
          detail: `${modeText}: ${facts.configProblems.join('; ')}`,
        },
  );

  if ('error' in facts.token) {
    checks.push({
      id: 'token',
      status: 'fail',
      title: 'Graph token',
      detail: `the bot cannot get a Graph token: ${facts.token.error}. Every Graph check below is skipped.`,
    });
    for (const p of neededFor(NEEDED_PERMISSIONS, facts.approvals))
      checks.push({ id: `permission:${p.name}`, status: 'skipped', title: p.name, detail: 'not checked (no token)' });
    if (facts.approvals) checks.push(approvalWritesCheck(facts.approvals, null));
  } else {
    const t = facts.token;
    const wrongTenant =
      facts.tenantId !== null && t.tenantId !== null && t.tenantId.toLowerCase() !== facts.tenantId.toLowerCase();
    checks.push(
      wrongTenant
        ? {
            id: 'token',
            status: 'fail',
            title: 'Graph token',
            detail: `the token is for tenant ${t.tenantId}, not ${facts.tenantId}: check the authority / tenant id.`,
          }
        : {
            id: 'token',
            status: 'ok',
            title: 'Graph token',
            detail: `app ${t.appId ?? 'unknown'}, tenant ${t.tenantId ?? 'unknown'}, ${t.roles.length} application permission(s)`,
          },
    );
    const granted = new Set(t.roles.map((r) => r.toLowerCase()));
    for (const p of neededFor(NEEDED_PERMISSIONS, facts.approvals)) checks.push(rolesCheck(granted, p));
    if (facts.approvals) checks.push(approvalWritesCheck(facts.approvals, t.roles));
  }

  if (facts.storage === null) {
    checks.push({
      id: 'storage',
      status: 'skipped',
      title: 'Storage',
      detail: 'not checked: no STORAGE_CONNECTION_STRING for this run',
    });
  } else if (facts.storage.ok) {
    checks.push({ id: 'storage', status: 'ok', title: 'Storage', detail: facts.storage.detail ?? 'tables reachable' });
  } else {
    checks.push({
      id: 'storage',
      status: 'fail',
      title: 'Storage',
      detail: `unreachable: ${facts.storage.error}. Requests, approvals and the digest need it.`,
    });
  }

  switch (facts.adminChannel) {
    case 'stored':
      checks.push({
        id: 'admin-channel',
        status: 'ok',
        title: 'Admin channel',
        detail: 'chosen in Teams ("use this channel for approvals")',
      });
      break;
    case 'env':
      checks.push({
        id: 'admin-channel',
        status: 'ok',
        title: 'Admin channel',
        detail: 'ADMIN_CHANNEL_ID is set (cards are posted once the bot has seen any activity from Teams)',
      });
      break;
    case 'none':
      checks.push({
        id: 'admin-channel',
        status: 'fail',
        title: 'Admin channel',
        detail:
          'not set: approval requests wait and only the digest shows them. In the admins\' channel say "@Consent Doctor use this channel for approvals", or set ADMIN_CHANNEL_ID.',
      });
      break;
    default:
      checks.push({
        id: 'admin-channel',
        status: 'skipped',
        title: 'Admin channel',
        detail: 'unknown (storage not checked or unreachable); ADMIN_CHANNEL_ID is not set',
      });
  }

  const s = facts.signIns;
  if (s === null) checks.push({ id: 'sign-in-logs', status: 'skipped', title: 'Sign-in logs', detail: 'not checked' });
  else if (s === 'ok')
    checks.push({ id: 'sign-in-logs', status: 'ok', title: 'Sign-in logs', detail: 'readable (Entra ID P1/P2)' });
  else if (s === 'not_premium')
    checks.push({
      id: 'sign-in-logs',
      status: 'warn',
      title: 'Sign-in logs',
      detail: 'the tenant has no Entra ID P1/P2: diagnoses work from app settings only, without sign-in evidence',
    });
  else if (s === 'forbidden')
    checks.push({
      id: 'sign-in-logs',
      status: 'fail',
      title: 'Sign-in logs',
      detail: 'refused (403): the bot needs AuditLog.Read.All and Directory.Read.All',
    });
  else
    checks.push({ id: 'sign-in-logs', status: 'fail', title: 'Sign-in logs', detail: `could not be read: ${s.error}` });

  if (facts.watchers) {
    const granted = 'error' in facts.token ? null : new Set(facts.token.roles.map((r) => r.toLowerCase()));
    checks.push(...watcherChecks(facts.watchers, granted, facts.signIns));
  }

  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

const MARK: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗', skipped: '-' };

export function renderDoctor(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.title.length));
  const lines = report.checks.map((c) => `${MARK[c.status]} ${c.title.padEnd(width)}  ${c.detail}`);
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const skipped = report.checks.filter((c) => c.status === 'skipped').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  const verdict = !report.ok
    ? `${failed} problem(s) found: see the ✗ lines (docs/permissions.md explains each permission).`
    : skipped > 0
      ? `Everything that was checked is in place; ${skipped} check(s) were not run (the - lines).`
      : warned > 0
        ? `Everything the bot needs is in place; ${warned} note(s) to read (the ! lines).`
        : 'Everything the bot needs is in place.';
  lines.push('', verdict);
  return `${lines.join('\n')}\n`;
}

/** The roles, tenant, app and audience of a JWT access token, without verifying it (it is our own). */
export function decodeAccessToken(token: string): {
  roles: string[];
  tenantId: string | null;
  appId: string | null;
  audience: string | null;
} {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
    tenantId: str(claims.tid),
    appId: str(claims.appid) ?? str(claims.azp),
    audience: str(claims.aud),
  };
}
