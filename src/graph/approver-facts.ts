/**
 * The live facts behind "may this person approve?" (src/requests/authorize.ts decides): the
 * person's directory role assignments and whether they are in the configured approver group (which
 * narrows who may approve, on top of a role). Read afresh on every click: a role removed a minute
 * ago no longer counts.
 * Read in one $batch round trip; roles held through role-assignable groups (which Graph lists with
 * the group as principal, docs/entra-semantics.md#who-may-grant) cost a second round only when the person is in
 * such a group. Failures are never read as "not an approver" silently: an outage throws.
 */
import type { ApproverFacts } from '../requests/authorize';
import type { ReadPart, ReadResult } from './batch-reader';
import { toGraphError } from './errors';
import { type FactsConnection, readerFor } from './facts-connection';
import { odataString, userSegment } from './facts-plan';
import type { UnifiedRoleAssignment } from './types';

const ROLE_ASSIGNMENTS = '/roleManagement/directory/roleAssignments';
/** Role-assignable groups looked up in the second round, at most (one batch part each). */
const MAX_ROLE_GROUPS = 19;

interface GroupRef {
  id: string;
  isAssignableToRole?: boolean | null;
}

function roleAssignmentsPart(id: string, principalId: string): ReadPart {
  const filter = encodeURIComponent(`principalId eq ${odataString(principalId)}`);
  return {
    id,
    url: `${ROLE_ASSIGNMENTS}?$filter=${filter}&$select=id,principalId,roleDefinitionId,directoryScopeId`,
    collection: true,
  };
}

function items<T>(result: ReadResult | undefined, permission: string, absentIsEmpty: boolean): T[] {
  if (!result) return [];
  if (result.ok) return result.items as T[];
  if (absentIsEmpty && result.failure.status === 404) return [];
  throw toGraphError(result.failure, permission);
}

/** Only tenant-wide assignments grant consent rights everywhere; scoped ones (e.g. an admin unit) do not. */
function tenantWideRoles(assignments: UnifiedRoleAssignment[]): string[] {
  return assignments.filter((a) => (a.directoryScopeId ?? '/') === '/').map((a) => a.roleDefinitionId.toLowerCase());
}

export async function readApproverFacts(
  conn: FactsConnection,
  userId: string,
  approverGroupId: string | null,
): Promise<ApproverFacts> {
  const reader = readerFor(conn);
  const user = userSegment(userId);
  await reader.round([
    roleAssignmentsPart('roles', userId),
    { id: 'groups', url: `/users/${user}/transitiveMemberOf?$select=id,isAssignableToRole`, collection: true },
  ]);
  await reader.drain();
  const direct = items<UnifiedRoleAssignment>(reader.results.get('roles'), 'RoleManagement.Read.Directory', false);
  // 404: the person is not in this directory (a guest from elsewhere or a deleted account): no groups.
  const groups = items<GroupRef>(reader.results.get('groups'), 'GroupMember.Read.All', true);

  const roleGroups = groups.filter((g) => g.isAssignableToRole === true).slice(0, MAX_ROLE_GROUPS);
  const viaGroups: UnifiedRoleAssignment[] = [];
  if (roleGroups.length > 0) {
    await reader.round(roleGroups.map((g, i) => roleAssignmentsPart(`groupRoles${i}`, g.id)));
    await reader.drain();
    roleGroups.forEach((_, i) =>
      viaGroups.push(
        ...items<UnifiedRoleAssignment>(reader.results.get(`groupRoles${i}`), 'RoleManagement.Read.Directory', false),
      ),
    );
  }

  const wanted = approverGroupId?.toLowerCase() ?? null;
  return {
    roleDefinitionIds: [...new Set(tenantWideRoles([...direct, ...viaGroups]))],
    inApproverGroup: wanted !== null && groups.some((g) => g.id.toLowerCase() === wanted),
    approverGroupRequired: wanted !== null,
  };
}
