import { chooseAssignmentRole, validRolePick } from '../../../src/diagnosis/assignment-role';
import { DEFAULT_APP_ROLE_ID, type AppRole } from '../../../src/graph/types';

const role = (id: string, displayName: string, extra: Partial<AppRole> = {}): AppRole => ({
  id,
  displayName,
  value: displayName,
  description: `${displayName} role`,
  allowedMemberTypes: ['User'],
  isEnabled: true,
  ...extra,
});
const ADMIN = role('22222222-2222-2222-2222-222222222222', 'Tenant Administrator');
const READER = role('11111111-1111-1111-1111-111111111111', 'Reader');
const DAEMON = role('44444444-4444-4444-4444-444444444444', 'Daemon', { allowedMemberTypes: ['Application'] });

describe('chooseAssignmentRole', () => {
  it("1. takes the role the user's (nested) group holds, not the first role", () => {
    expect(chooseAssignmentRole([ADMIN, READER], [READER.id])).toMatchObject({ kind: 'role', appRoleId: READER.id });
  });

  it('1. takes default access when that is what the group holds and the app has no user roles', () => {
    expect(chooseAssignmentRole([DAEMON], [DEFAULT_APP_ROLE_ID])).toMatchObject({
      kind: 'role',
      appRoleId: DEFAULT_APP_ROLE_ID,
    });
  });

  it('2. default access when no group holds a role and the app declares no user-assignable role', () => {
    expect(chooseAssignmentRole([], [])).toMatchObject({ kind: 'role', appRoleId: DEFAULT_APP_ROLE_ID });
    expect(
      chooseAssignmentRole([DAEMON, role('55555555-5555-5555-5555-555555555555', 'Old', { isEnabled: false })], []),
    ).toMatchObject({ kind: 'role', appRoleId: DEFAULT_APP_ROLE_ID });
  });

  it('3. the approver picks when the app has user roles and no group names one (never the first)', () => {
    expect(chooseAssignmentRole([ADMIN, READER], [])).toEqual({
      kind: 'approver_picks',
      choices: [ADMIN.id, READER.id],
      note: expect.any(String),
    });
    // Default access held by a group does not apply to an app that has user roles.
    expect(chooseAssignmentRole([ADMIN, READER], [DEFAULT_APP_ROLE_ID])).toMatchObject({ kind: 'approver_picks' });
  });

  it('3. the approver picks between the roles when the groups disagree', () => {
    expect(chooseAssignmentRole([ADMIN, READER], [READER.id, ADMIN.id])).toMatchObject({
      kind: 'approver_picks',
      choices: [READER.id, ADMIN.id],
    });
  });
});

describe('validRolePick', () => {
  it('accepts only a stored choice that is still a user role of the app', () => {
    expect(validRolePick(READER.id, [READER.id], [ADMIN, READER])).toBe(READER.id);
    expect(validRolePick(ADMIN.id, [READER.id], [ADMIN, READER])).toBeNull();
    expect(validRolePick({ id: READER.id }, [READER.id], [ADMIN, READER])).toBeNull();
    expect(validRolePick(DEFAULT_APP_ROLE_ID, [DEFAULT_APP_ROLE_ID], [READER])).toBeNull();
  });
});
