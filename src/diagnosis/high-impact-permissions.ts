/**
 * High-impact delegated permissions: the ones that let an app write to the directory, roles, apps or
 * policies, send or change mail, reach a whole mailbox, or read and write chats. Kept in one place so
 * the remedy plan, the card and the docs agree.
 *
 * Sources: CISA ScubaGear's list of risky permissions
 * (github.com/cisagov/ScubaGear, PowerShell/ScubaGear/Modules/Permissions/RiskyPermissions.json) and
 * Microsoft's permissions reference (https://learn.microsoft.com/graph/permissions-reference), which
 * notes that AppRoleAssignment.ReadWrite.All lets an app grant any app any permission.
 *
 * Minimal version written on the approval side; the diagnosis side owns the full list.
 */
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../graph/types';

/** Exchange Online's resource appId (scopes such as EWS.AccessAsUser.All, full_access_as_app). */
export const EXCHANGE_ONLINE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

/** Microsoft Graph scope names, matched case-insensitively. */
const GRAPH_PATTERNS: readonly RegExp[] = [
  /^Directory\.(ReadWrite|AccessAsUser)\./i,
  /^RoleManagement\.ReadWrite\./i,
  /^RoleAssignmentSchedule\.ReadWrite\./i,
  /^RoleEligibilitySchedule\.ReadWrite\./i,
  /^PrivilegedAccess\.ReadWrite\./i,
  /^Application\.ReadWrite\./i,
  /^AppRoleAssignment\.ReadWrite\./i,
  /^DelegatedPermissionGrant\.ReadWrite\./i,
  /^Policy\.ReadWrite\./i,
  /^Group\.ReadWrite\.All$/i,
  /^GroupMember\.ReadWrite\.All$/i,
  /^User\.ReadWrite\.All$/i,
  /^UserAuthenticationMethod\.ReadWrite/i,
  /^Mail\.(ReadWrite|Send)/i,
  /^MailboxSettings\.ReadWrite$/i,
  /^EWS\.AccessAsUser\.All$/i,
  /^(IMAP|POP|SMTP)\.AccessAsUser\.All$/i,
  /^EAS\.AccessAsUser\.All$/i,
  /^full_access_as_(app|user)$/i,
  /^Chat\.ReadWrite/i,
  /^ChannelMessage\.(ReadWrite|Send)/i,
  /^Files\.ReadWrite\.All$/i,
  /^Sites\.(ReadWrite|Manage|FullControl)\.All$/i,
];

/** Scopes of other Microsoft resources that reach a whole mailbox or a whole tenant's sites. */
const OTHER_PATTERNS: readonly RegExp[] = [
  /^EWS\.AccessAsUser\.All$/i,
  /^full_access_as_(app|user)$/i,
  /^AllSites\.FullControl$/i,
  /^Sites\.FullControl\.All$/i,
  /^TermStore\.ReadWrite\.All$/i,
  /^User\.ReadWrite\.All$/i,
];

/** Is this delegated permission (by value) of this resource in the high-impact set? */
export function isHighImpact(resourceAppId: string, scope: string): boolean {
  if (resourceAppId.toLowerCase() === MICROSOFT_GRAPH_APP_ID && GRAPH_PATTERNS.some((re) => re.test(scope))) return true;
  return OTHER_PATTERNS.some((re) => re.test(scope));
}

/** The resources the set covers; a scope of an unidentified resource is judged against each. */
export const HIGH_IMPACT_RESOURCES = [MICROSOFT_GRAPH_APP_ID, EXCHANGE_ONLINE_APP_ID, SHAREPOINT_APP_ID] as const;
