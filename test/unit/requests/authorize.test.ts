import { authorizeApprover, ROLE, type ApproverFacts, type AuthorizeTarget } from '../../../src/requests/authorize';
import type { Remedy } from '../../../src/diagnosis/types';

const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const CAROL = '9ac15b5c-cbf5-4621-82a7-0ef7ccd3774f';
const ALICE = '29036974-85ed-4149-89fa-8882de7e958d';
const grant: Remedy = {
  kind: 'grant_delegated',
  clientAppId: 'a',
  resourceAppId: '00000003-0000-0000-c000-000000000000',
  scopes: ['Directory.ReadWrite.All'],
  consentType: 'AllPrincipals',
};
const assign: Remedy = {
  kind: 'assign_user',
  appId: 'a',
  userId: CAROL,
  appRoleId: '00000000-0000-0000-0000-000000000000',
};

const facts = (
  roles: string[],
  group: { required: boolean; member: boolean } = { required: false, member: false },
): ApproverFacts => ({
  roleDefinitionIds: roles,
  inApproverGroup: group.member,
  approverGroupRequired: group.required,
});
const target = (
  clickerId: string,
  people: string[] = [CAROL],
  remedies: Remedy[] = [grant, assign],
): AuthorizeTarget => ({ clickerId, people, remedies });

describe('authorizeApprover', () => {
  it.each([
    [ROLE.globalAdministrator, 'Global Administrator'],
    [ROLE.privilegedRoleAdministrator, 'Privileged Role Administrator'],
    [ROLE.cloudApplicationAdministrator, 'Cloud Application Administrator'],
    [ROLE.applicationAdministrator, 'Application Administrator'],
  ])('allows role %s to grant delegated permissions and assign users', (role, name) => {
    expect(authorizeApprover(facts([role.toUpperCase()]), target(ALICE))).toEqual({ allowed: true, basis: name });
  });

  it('names the most capable role held', () => {
    expect(authorizeApprover(facts([ROLE.applicationAdministrator, ROLE.globalAdministrator]), target(ALICE))).toEqual({
      allowed: true,
      basis: 'Global Administrator',
    });
  });

  it('refuses everyone else, including other directory roles', () => {
    const result = authorizeApprover(facts([HELPDESK]), target(ALICE));
    expect(result).toMatchObject({ allowed: false, code: 'no_role' });
    if (!result.allowed) expect(result.reason).toMatch(/Global Administrator/);
  });

  describe('with APPROVER_GROUP_ID', () => {
    it('never widens: a member without a granting role is refused', () => {
      const result = authorizeApprover(facts([], { required: true, member: true }), target(ALICE));
      expect(result).toMatchObject({ allowed: false, code: 'no_role' });
      if (!result.allowed) expect(result.reason).toMatch(/also in the approver group/);
    });

    it('narrows: a role holder outside the group is refused', () => {
      const result = authorizeApprover(
        facts([ROLE.globalAdministrator], { required: true, member: false }),
        target(ALICE),
      );
      expect(result).toMatchObject({ allowed: false, code: 'not_in_group' });
    });

    it('allows a role holder who is in the group', () => {
      expect(
        authorizeApprover(facts([ROLE.cloudApplicationAdministrator], { required: true, member: true }), target(ALICE)),
      ).toEqual({ allowed: true, basis: 'Cloud Application Administrator in the approver group' });
    });
  });

  describe('own requests', () => {
    it.each([
      ['without a group', { required: false, member: false }],
      ['with a group', { required: true, member: true }],
    ])('the requester cannot approve her own request, even as Global Administrator (%s)', (_label, group) => {
      const result = authorizeApprover(facts([ROLE.globalAdministrator], group), target(CAROL.toUpperCase()));
      expect(result).toMatchObject({ allowed: false, code: 'own_request' });
      if (!result.allowed) expect(result.reason).toMatch(/grant it yourself in Entra/);
    });

    it('a requester without a role is told someone else decides', () => {
      const result = authorizeApprover(facts([], { required: true, member: true }), target(CAROL));
      expect(result).toMatchObject({ allowed: false, code: 'own_request' });
      if (!result.allowed) expect(result.reason).not.toMatch(/Entra/);
    });

    it('a linked requester cannot approve either', () => {
      expect(authorizeApprover(facts([ROLE.globalAdministrator]), target(ALICE, [CAROL, ALICE]))).toMatchObject({
        allowed: false,
        code: 'own_request',
      });
    });
  });

  it('without a request (setting up the approvals channel) only roles and the group count', () => {
    expect(authorizeApprover(facts([ROLE.applicationAdministrator]))).toEqual({
      allowed: true,
      basis: 'Application Administrator',
    });
    expect(authorizeApprover(facts([], { required: true, member: true }))).toMatchObject({ allowed: false });
  });
});
