/**
 * Which consent-granting directory role the person asking holds (docs/entra-semantics.md#who-may-grant):
 * Global Administrator and Privileged Role Administrator may grant anything; Cloud Application
 * Administrator and Application Administrator everything except Microsoft Graph application
 * permissions. Such a person is never stopped by the user-consent policy: their prompt offers
 * "Consent on behalf of your organization". Pure.
 */
import { ROLE } from '../requests/authorize';
import type { Facts } from './types';

export interface ConsentRole {
  /** The role's display name, e.g. "Global Administrator". */
  name: string;
  /** May grant Microsoft Graph application permissions (app roles) too. */
  grantsGraphApplicationPermissions: boolean;
}

/** In order of preference when naming the role. */
const CONSENT_ROLES: ReadonlyArray<[string, ConsentRole]> = [
  [ROLE.globalAdministrator, { name: 'Global Administrator', grantsGraphApplicationPermissions: true }],
  [
    ROLE.privilegedRoleAdministrator,
    { name: 'Privileged Role Administrator', grantsGraphApplicationPermissions: true },
  ],
  [
    ROLE.cloudApplicationAdministrator,
    { name: 'Cloud Application Administrator', grantsGraphApplicationPermissions: false },
  ],
  [ROLE.applicationAdministrator, { name: 'Application Administrator', grantsGraphApplicationPermissions: false }],
];

/** The template ids of the roles that may grant consent for everyone. */
export const CONSENT_ROLE_IDS: readonly string[] = CONSENT_ROLES.map(([id]) => id);

/** The user's most capable consent-granting role, or null (no such role, or roles unknown). */
export function consentRoleOf(facts: Pick<Facts, 'userRoleDefinitionIds'>): ConsentRole | null {
  const held = new Set((facts.userRoleDefinitionIds ?? []).map((id) => id.toLowerCase()));
  return CONSENT_ROLES.find(([id]) => held.has(id))?.[1] ?? null;
}

/** "a Global Administrator", "an Application Administrator". */
export function withArticle(role: ConsentRole): string {
  return `${/^[aeiou]/i.test(role.name) ? 'an' : 'a'} ${role.name}`;
}

/** What an admin reads instead of "an administrator has to approve it". */
export function selfApprovalText(role: ConsentRole): string {
  return (
    `You are ${withArticle(role)}, so you can approve this app yourself, for everyone: on the sign-in prompt, tick ` +
    '"Consent on behalf of your organization" and accept.'
  );
}

/** The same, told to the admins who see that person's request. */
export function selfApprovalTextFor(role: ConsentRole, name: string): string {
  return (
    `${name} is ${withArticle(role)}, so they could approve this app themselves, for everyone, by accepting ` +
    'consent on behalf of the organization on the sign-in prompt.'
  );
}
