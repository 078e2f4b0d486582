/**
 * Risk notes for approvers: what deserves a second look before clicking Approve. Pure and
 * conservative: it flags, it never blocks (Entra's own rules decide what the approver may do).
 */

// Broad write access, directory-wide access, full control and role or policy management.
const HIGH_PRIVILEGE = [/\.ReadWrite\.All$/i, /^Directory\./i, /FullControl/i, /^RoleManagement\./i, /^Policy\.ReadWrite\./i];

export function isHighPrivilegeScope(scope: string): boolean {
  return HIGH_PRIVILEGE.some((re) => re.test(scope));
}

export interface RiskInput {
  /** Scopes the everyone plan would grant, with their resource's display name. */
  grantedScopes: Array<{ resourceName: string; scope: string }>;
  /** Scopes whose type the resource does not publish. */
  unknownScopes: string[];
  tenantWide: boolean;
  publisherVerified: boolean;
  publisherName: string | null;
  applicationPermissions: Array<{ resourceName: string; permissions: string[] }>;
  /** Requested scopes whose resource could not be identified: no plan covers them. */
  unresolvedScopes?: string[];
}

export function riskNotes(input: RiskInput): string[] {
  const notes: string[] = [];
  const high = input.grantedScopes.filter((s) => isHighPrivilegeScope(s.scope));
  if (high.length > 0) {
    const list = high.map((s) => `${s.scope} (${s.resourceName})`).join(', ');
    notes.push(`High-privilege permissions: ${list}.`);
  }
  if (!input.publisherVerified) {
    const claimed = input.publisherName ? ` It names itself "${input.publisherName}".` : '';
    notes.push(`The publisher is not verified by Microsoft.${claimed}`);
  }
  if (input.applicationPermissions.length > 0) {
    const list = input.applicationPermissions.map((a) => `${a.resourceName}: ${a.permissions.join(', ')}`).join('; ');
    notes.push(`The app also requests application permissions (access without a signed-in user): ${list}. Approving here does not grant them; review them in Entra.`);
  }
  if (input.tenantWide) {
    notes.push('"Approve for everyone" grants the permissions on behalf of every user in the tenant, without asking them again.');
  }
  if (input.unknownScopes.length > 0) {
    notes.push(`The resource does not publish these scopes, so their type is unknown: ${input.unknownScopes.join(', ')}.`);
  }
  if (input.unresolvedScopes && input.unresolvedScopes.length > 0) {
    notes.push(`The app also asks for scopes whose API could not be identified, so no change here covers them: ${input.unresolvedScopes.join(', ')}.`);
  }
  return notes;
}
