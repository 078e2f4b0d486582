/**
 * "Assignment required": Entra only lets assigned users in, counting direct assignments and
 * assignments of groups the user is a DIRECT member of (group assignment does not cascade to
 * nested groups, docs/entra-semantics.md#app-role-assignments).
 */
import { DEFAULT_APP_ROLE_ID } from '../../graph/types';
import type { Group, ServicePrincipal } from '../../graph/types';
import { chooseAssignmentRole } from '../assignment-role';
import { finding, requesterName, result, type CheckResult } from '../findings';
import { hasSignInError, type FactsView } from '../facts-view';

export type AssignmentStatus = 'not_required' | 'direct' | 'via_direct_group' | 'nested_only' | 'none' | 'unknown';

export interface AssignmentAnalysis {
  status: AssignmentStatus;
  /** Groups that hold an assignment but that the user reaches only through another group. */
  nestedGroups: Group[];
  /** Role to assign the user to when a fix is needed. */
  appRoleId: string;
  /** Why that role was chosen, for the admin. */
  roleNote: string;
  /** Set when the evidence names no role: the approver picks one of these on the card (appRoleId is ''). */
  roleChoices?: string[];
}

function chooseRole(
  sp: ServicePrincipal,
  groupRoleIds: string[],
): { appRoleId: string; roleNote: string; roleChoices?: string[] } {
  const choice = chooseAssignmentRole(sp.appRoles, groupRoleIds);
  return choice.kind === 'role'
    ? { appRoleId: choice.appRoleId, roleNote: choice.note }
    : {
        appRoleId: '',
        roleNote: `a role the approver picks on the card (${choice.note})`,
        roleChoices: choice.choices,
      };
}

export function analyseAssignment(view: FactsView): AssignmentAnalysis {
  const { facts } = view;
  const sp = facts.servicePrincipal;
  const none = { nestedGroups: [], appRoleId: DEFAULT_APP_ROLE_ID, roleNote: '' };
  if (!sp || sp.appRoleAssignmentRequired !== true) return { status: 'not_required', ...none };
  if (!view.userId) return { status: 'unknown', ...none };
  const userId = view.userId.toLowerCase();
  const assigned = facts.appRoleAssignedTo;
  if (assigned.some((a) => a.principalId.toLowerCase() === userId)) return { status: 'direct', ...none };
  const direct = new Set(facts.directGroups.map((g) => g.id.toLowerCase()));
  if (assigned.some((a) => direct.has(a.principalId.toLowerCase()))) return { status: 'via_direct_group', ...none };
  const nestedGroups = facts.transitiveGroups.filter(
    (g) => !direct.has(g.id.toLowerCase()) && assigned.some((a) => a.principalId.toLowerCase() === g.id.toLowerCase()),
  );
  const nestedIds = new Set(nestedGroups.map((g) => g.id.toLowerCase()));
  const groupRoleIds = assigned.filter((a) => nestedIds.has(a.principalId.toLowerCase())).map((a) => a.appRoleId);
  return { status: nestedGroups.length > 0 ? 'nested_only' : 'none', nestedGroups, ...chooseRole(sp, groupRoleIds) };
}

export function checkAssignment(view: FactsView, analysis: AssignmentAnalysis): CheckResult {
  const sp = view.facts.servicePrincipal;
  const user = view.facts.user;
  if (!sp || !user) return result();
  const evidence = {
    servicePrincipalId: sp.id,
    userId: user.id,
    appRoleId: analysis.appRoleId,
    signInErrorCodes: hasSignInError(view, [50105]).map(String),
  };
  if (analysis.status === 'none') {
    return result([
      finding(
        'ASSIGNMENT_REQUIRED_NOT_ASSIGNED',
        'blocker',
        true,
        {
          requester:
            'Only people who have been given access to this app can use it, and you have not been given access yet.',
          admins: `Only people who have been given access to this app can use it, and ${requesterName(view)} has not been given access yet.`,
        },
        `${sp.displayName} (${sp.id}) has appRoleAssignmentRequired = true and ${user.userPrincipalName} has no ` +
          `assignment, directly or through a group they are a direct member of. Fix: assign the user to ${analysis.roleNote} (${analysis.appRoleId}).`,
        evidence,
      ),
    ]);
  }
  if (analysis.status === 'nested_only') {
    const groups = analysis.nestedGroups.map((g) => `${g.displayName} (${g.id})`).join(', ');
    return result([
      finding(
        'ASSIGNED_ONLY_VIA_NESTED_GROUP',
        'blocker',
        true,
        {
          requester:
            'Access to this app was given to a group you belong to only indirectly (a group inside another group). ' +
            'That does not count, so you are treated as not having access.',
          admins:
            `Access to this app was given to a group ${requesterName(view)} belongs to only indirectly (a group inside another group). ` +
            'That does not count, so they are treated as not having access.',
        },
        `${sp.displayName} requires assignment; ${user.userPrincipalName} reaches the assigned group(s) ${groups} only through ` +
          `nested membership, and group assignment does not cascade to nested groups. Fix: assign the user directly to ${analysis.roleNote} ` +
          `(${analysis.appRoleId}), or add the user to the assigned group directly.`,
        { ...evidence, nestedGroupIds: analysis.nestedGroups.map((g) => g.id) },
      ),
    ]);
  }
  return result();
}
