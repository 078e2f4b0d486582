/**
 * The doctor's lines about how Approve writes (APPROVAL_WRITES, docs/permissions.md). Pure.
 *  - delegated (default): the approving admin's own token; the bot's app needs read permissions
 *    only, and any directory write permission it still holds is more than it needs (a warning);
 *  - app: the bot's own application permissions, named as the high-privilege mode it is.
 */
/** Same shapes as src/doctor/checks.ts (kept structural so the two files do not import each other). */
interface Check {
  id: string;
  status: 'ok' | 'warn' | 'fail' | 'skipped';
  title: string;
  detail: string;
}
interface NeededPermission {
  name: string;
  satisfiedBy: string[];
  withoutIt: string;
}

export interface ApprovalWritesFacts {
  writes: 'delegated' | 'app';
  connectionName: string;
}

/** The application permissions only the app-only mode needs. */
export const APP_WRITE_PERMISSIONS = [
  'Application.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
];

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];

/** What the delegated mode needs instead of the write permissions: their read forms (or nothing). */
const DELEGATED_MODE_READS: Record<string, NeededPermission | null> = {
  'Application.ReadWrite.All': {
    name: 'Application.Read.All',
    satisfiedBy: ['Application.Read.All', 'Application.ReadWrite.All', ...DIRECTORY_READ],
    withoutIt: 'Apps, their scopes and assignments cannot be read.',
  },
  'DelegatedPermissionGrant.ReadWrite.All': {
    name: 'DelegatedPermissionGrant.Read.All',
    satisfiedBy: ['DelegatedPermissionGrant.Read.All', 'DelegatedPermissionGrant.ReadWrite.All', ...DIRECTORY_READ],
    withoutIt: 'Existing grants cannot be read (who consented to what).',
  },
  'AppRoleAssignment.ReadWrite.All': null,
};

/** The permissions to check for this mode (the full list is the app-only mode's). */
export function neededFor<P extends NeededPermission>(
  all: readonly P[],
  approvals: ApprovalWritesFacts | undefined,
): NeededPermission[] {
  if (!approvals || approvals.writes === 'app') return [...all];
  return all.flatMap((p): NeededPermission[] =>
    p.name in DELEGATED_MODE_READS
      ? [DELEGATED_MODE_READS[p.name]].filter((r): r is NeededPermission => r !== null)
      : [p],
  );
}

export function approvalWritesCheck(approvals: ApprovalWritesFacts, grantedRoles: readonly string[] | null): Check {
  if (approvals.writes === 'app') {
    return {
      id: 'approval-writes',
      status: 'warn',
      title: 'Approval writes',
      detail:
        `APPROVAL_WRITES=app: Approve writes with the bot's own ${APP_WRITE_PERMISSIONS.join(', ')} — high privilege ` +
        "(AppRoleAssignment.ReadWrite.All can grant any app any permission). The default, delegated, writes with the approver's own token.",
    };
  }
  const held = grantedRoles
    ? APP_WRITE_PERMISSIONS.filter((p) => grantedRoles.some((r) => r.toLowerCase() === p.toLowerCase()))
    : [];
  return held.length > 0
    ? {
        id: 'approval-writes',
        status: 'warn',
        title: 'Approval writes',
        detail:
          `delegated (OAuth connection "${approvals.connectionName}"), but the bot's app still holds ${held.join(', ')}: ` +
          'remove them (docs/permissions.md); only APPROVAL_WRITES=app needs them.',
      }
    : {
        id: 'approval-writes',
        status: 'ok',
        title: 'Approval writes',
        detail: `delegated: Approve writes with the approving admin's own token (OAuth connection "${approvals.connectionName}"); the bot's app holds no directory write permission.`,
      };
}
