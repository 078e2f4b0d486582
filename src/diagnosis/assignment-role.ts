/**
 * Which app role to assign a user to, from evidence only (never "the first role by position": an
 * app's first role may be its administrator role):
 *  1. the role the user's (nested) groups hold on the app, when they agree on one;
 *  2. else default access (00000000-0000-0000-0000-000000000000), which Graph accepts only when the
 *     app declares no user-assignable role (https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto);
 *  3. else nobody can tell: the approver picks one of the app's user roles on the card.
 * Pure.
 */
import { DEFAULT_APP_ROLE_ID, type AppRole } from '../graph/types';

export type RoleChoice =
  /** The evidence names one role. */
  | { kind: 'role'; appRoleId: string; note: string }
  /** The approver must pick among `choices` (role ids); nothing is assigned without that pick. */
  | { kind: 'approver_picks'; choices: string[]; note: string };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Enabled roles a user (or group) can be assigned to. */
export function userAssignableRoles(appRoles: readonly AppRole[] | undefined): AppRole[] {
  return (appRoles ?? []).filter((r) => r.isEnabled && r.allowedMemberTypes.includes('User'));
}

/**
 * @param appRoles the app's own roles (servicePrincipal.appRoles)
 * @param groupRoleIds appRoleIds of the assignments held by groups the user reaches (nested ones included)
 */
export function chooseAssignmentRole(
  appRoles: readonly AppRole[] | undefined,
  groupRoleIds: readonly string[],
): RoleChoice {
  const roles = userAssignableRoles(appRoles);
  const held = [...new Set(groupRoleIds.map((id) => id.toLowerCase()))];
  // Roles the groups hold that the user can still be given (a disabled or app-only role cannot).
  const usable = held.filter((id) =>
    id === DEFAULT_APP_ROLE_ID ? roles.length === 0 : roles.some((r) => same(r.id, id)),
  );
  if (usable.length === 1) {
    const id = usable[0];
    const role = roles.find((r) => same(r.id, id));
    return role
      ? { kind: 'role', appRoleId: role.id, note: `the role "${role.displayName}" that the user's group holds` }
      : { kind: 'role', appRoleId: DEFAULT_APP_ROLE_ID, note: "default access, as the user's group has" };
  }
  if (usable.length > 1) {
    return {
      kind: 'approver_picks',
      choices: usable,
      note: "the user's groups hold different roles on the app: the approver picks one",
    };
  }
  if (roles.length === 0)
    return { kind: 'role', appRoleId: DEFAULT_APP_ROLE_ID, note: 'default access (the app defines no user roles)' };
  return {
    kind: 'approver_picks',
    choices: roles.map((r) => r.id),
    note: 'no group of the user holds a role on the app: the approver picks one of its user roles',
  };
}

/**
 * Validates the approver's pick (card data: untrusted) against the stored choices and the app's
 * roles. Returns the role id to write, or null when the pick is not one of them.
 */
export function validRolePick(
  pick: unknown,
  choices: readonly string[],
  appRoles: readonly AppRole[] | undefined,
): string | null {
  if (typeof pick !== 'string') return null;
  const id = pick.trim().toLowerCase();
  if (!choices.some((c) => same(c, id))) return null;
  const roles = userAssignableRoles(appRoles);
  if (id === DEFAULT_APP_ROLE_ID) return roles.length === 0 ? DEFAULT_APP_ROLE_ID : null;
  return roles.find((r) => same(r.id, id))?.id ?? null;
}
