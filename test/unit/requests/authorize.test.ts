import { authorizeApprover, ROLE } from '../../../src/requests/authorize';

describe('authorizeApprover', () => {
  it.each([
    [ROLE.globalAdministrator, 'Global Administrator'],
    [ROLE.privilegedRoleAdministrator, 'Privileged Role Administrator'],
    [ROLE.cloudApplicationAdministrator, 'Cloud Application Administrator'],
    [ROLE.applicationAdministrator, 'Application Administrator'],
  ])('allows role %s', (role, name) => {
    expect(authorizeApprover({ roleDefinitionIds: [role.toUpperCase()], inApproverGroup: false })).toEqual({ allowed: true, basis: name });
  });

  it('allows approver-group members without a role', () => {
    expect(authorizeApprover({ roleDefinitionIds: [], inApproverGroup: true })).toEqual({ allowed: true, basis: 'member of the approver group' });
  });

  it('refuses everyone else, including other directory roles', () => {
    const helpdesk = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
    const result = authorizeApprover({ roleDefinitionIds: [helpdesk], inApproverGroup: false });
    expect(result.allowed).toBe(false);
    if (!result.allowed) expect(result.reason).toMatch(/Global Administrator/);
  });
});
