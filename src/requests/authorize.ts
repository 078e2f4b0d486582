/**
 * Who may approve: the bot never lets anyone do what Entra itself would not
 * (https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent, "Prerequisites",
 * and https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference):
 *  - Global Administrator and Privileged Role Administrator may grant anything;
 *  - Cloud Application Administrator and Application Administrator may grant everything except
 *    Microsoft Graph application permissions, add enterprise apps and assign users.
 * The bot only executes delegated grants, user assignments and service-principal creation, so each
 * remedy it writes is allowed to all four; a remedy kind that needed more would name fewer roles
 * below. APPROVER_GROUP_ID narrows that set (a granting role AND membership), never widens it: group
 * membership alone grants nothing, as Entra's own reviewers list grants nothing.
 * Nobody approves a request they are part of (the requester or a linked requester): someone else
 * must look at it. A requester who holds a granting role is told how to do it in Entra instead.
 * Pure: the caller reads the clicker's role assignments and approver-group membership live from Graph.
 */
import type { Remedy } from '../diagnosis/types';

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

const ALL_GRANTING = GRANTING_ROLES.map(([id]) => id);

/** The roles Entra lets perform this remedy. */
export function rolesThatMayApply(remedy: Remedy): readonly string[] {
  switch (remedy.kind) {
    // Delegated permissions of any API (Microsoft Graph's included), enterprise apps, user assignments.
    case 'grant_delegated':
    case 'create_service_principal':
    case 'assign_user':
      return ALL_GRANTING;
    // Link-outs and manual steps write nothing through the bot; Entra checks the admin when they act.
    case 'admin_consent_url':
    case 'manual':
      return ALL_GRANTING;
  }
}

export interface ApproverFacts {
  /** roleDefinitionIds (built-in template ids) of the clicker's tenant-wide directory role assignments */
  roleDefinitionIds: string[];
  inApproverGroup: boolean;
  /** True when APPROVER_GROUP_ID is set: membership is then required on top of a role. */
  approverGroupRequired: boolean;
}

/** The request being decided: who it is for and what an approval writes. */
export interface AuthorizeTarget {
  clickerId: string;
  /** The requester and the linked requesters (Entra object ids). */
  people: readonly string[];
  /** Everything an approval of this request may write (both plans). */
  remedies: readonly Remedy[];
}

export type Authorization =
  | { allowed: true; basis: string }
  | { allowed: false; reason: string; code?: 'no_role' | 'not_in_group' | 'own_request' | 'no_identity' };

const ROLE_LIST =
  'Global Administrator, Privileged Role Administrator, Cloud Application Administrator or Application Administrator';

function roleName(id: string): string {
  return GRANTING_ROLES.find(([r]) => r === id)?.[1] ?? id;
}

export function authorizeApprover(facts: ApproverFacts, target?: AuthorizeTarget): Authorization {
  const held = new Set(facts.roleDefinitionIds.map((r) => r.toLowerCase()));
  const needed = target
    ? target.remedies.reduce<readonly string[]>(
        (acc, r) => acc.filter((id) => rolesThatMayApply(r).includes(id)),
        ALL_GRANTING,
      )
    : ALL_GRANTING;
  const role = GRANTING_ROLES.find(([id]) => held.has(id) && needed.includes(id));
  const group = facts.approverGroupRequired ? ' who is also in the approver group' : '';

  if (target && target.people.some((p) => p.toLowerCase() === target.clickerId.toLowerCase())) {
    return {
      allowed: false,
      code: 'own_request',
      reason: role
        ? `You are part of this request, so another approver must decide it. As ${article(role[1])} you can grant it yourself in Entra: use the Entra link on this card (admin consent).`
        : 'You are part of this request, so another approver must decide it.',
    };
  }
  if (!role) {
    const which = needed.length === ALL_GRANTING.length ? ROLE_LIST : needed.map(roleName).join(' or ');
    return { allowed: false, code: 'no_role', reason: `Only a ${which}${group} can approve this, as in Entra.` };
  }
  if (facts.approverGroupRequired && !facts.inApproverGroup) {
    return {
      allowed: false,
      code: 'not_in_group',
      reason: `Approvals here are limited to the approver group, and you are not in it (you are ${article(role[1])}).`,
    };
  }
  return { allowed: true, basis: facts.approverGroupRequired ? `${role[1]} in the approver group` : role[1] };
}

function article(name: string): string {
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}
