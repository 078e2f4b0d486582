/**
 * Who may approve: the bot never lets anyone do what Entra itself would not (ENTRA.md "Who may grant").
 * The bot only ever executes delegated grants, user assignments and service-principal creation, all of
 * which Cloud Application / Application Administrators may do; Microsoft Graph application permissions
 * are never written by the bot (they stay a manual remedy), so no remedy needs more than those roles.
 * Pure: the caller reads the clicker's role assignments and approver-group membership live from Graph.
 */
export const ROLE = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
} as const;

/** In order of preference when naming the basis of an approval. */
const GRANTING_ROLES: ReadonlyArray<[string, string]> = [
  [ROLE.globalAdministrator, 'Global Administrator'],
  [ROLE.privilegedRoleAdministrator, 'Privileged Role Administrator'],
  [ROLE.cloudApplicationAdministrator, 'Cloud Application Administrator'],
  [ROLE.applicationAdministrator, 'Application Administrator'],
];

export interface ApproverFacts {
  /** roleDefinitionIds (built-in template ids) of the clicker's directory role assignments */
  roleDefinitionIds: string[];
  inApproverGroup: boolean;
}

export type Authorization = { allowed: true; basis: string } | { allowed: false; reason: string };

export function authorizeApprover(facts: ApproverFacts): Authorization {
  const held = new Set(facts.roleDefinitionIds.map((r) => r.toLowerCase()));
  const role = GRANTING_ROLES.find(([id]) => held.has(id));
  if (role) return { allowed: true, basis: role[1] };
  if (facts.inApproverGroup) return { allowed: true, basis: 'member of the approver group' };
  return {
    allowed: false,
    reason:
      'Only a Global Administrator, Privileged Role Administrator, Cloud Application Administrator, ' +
      'Application Administrator or a member of the approver group can approve this.',
  };
}
