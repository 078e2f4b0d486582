/**
 * Risk notes for approvers: what deserves a second look before clicking Approve. Pure and
 * conservative: it flags, it never blocks (Entra's own rules decide what the approver may do).
 */

import type { ScopeView } from './changes';

/**
 * High privilege, judged on the scope's own resource: in the documented high-impact set for that
 * resource, or classified "high" by this tenant. No name list here: a scope's type and description
 * come from the resource object the tenant returned (src/cards/changes.ts scopeView).
 */
export function isHighPrivilegeScope(scope: Pick<ScopeView, 'highImpact' | 'classification'>): boolean {
  return scope.highImpact || scope.classification === 'high';
}

export interface RiskInput {
  /** Scopes the everyone plan would grant, with their resource's display name and what it says of them. */
  grantedScopes: Array<{
    resourceName: string;
    scope: string;
    highImpact: boolean;
    classification: ScopeView['classification'];
  }>;
  /** Scopes whose type the resource does not publish. */
  unknownScopes: string[];
  tenantWide: boolean;
  publisherVerified: boolean;
  publisherName: string | null;
  applicationPermissions: Array<{ resourceName: string; permissions: string[] }>;
  /** Requested scopes whose resource could not be identified: no plan covers them. */
  unresolvedScopes?: string[];
  /** "Scope (API)" written only when the approver ticks them. */
  confirmScopes?: string[];
  /** "Scope (reason)" never written. */
  refusedScopes?: string[];
  /** The owning tenant in words, when the app is in the tenant and names one. */
  owner?: string | null;
  appName?: string;
  firstParty?: boolean;
  inTenant?: boolean;
}

export function riskNotes(input: RiskInput): string[] {
  const notes: string[] = [];
  const high = input.grantedScopes.filter(isHighPrivilegeScope);
  if (high.length > 0) {
    const list = high.map((s) => `${s.scope} (${s.resourceName})`).join(', ');
    notes.push(`High-privilege permissions: ${list}.`);
  }
  if (input.inTenant === false) {
    notes.push(
      "This app is not in your tenant yet. The bot does not add it or grant it anything: open Entra's admin consent link, which shows the publisher, its verification and the permissions before you accept.",
    );
  } else if (!input.publisherVerified) {
    const claimed = input.publisherName ? ` It names itself "${input.publisherName}".` : '';
    const owner = input.owner ? ` It is owned by ${input.owner}.` : '';
    notes.push(`The publisher is not verified by Microsoft.${claimed}${owner}`);
    if (!input.firstParty && input.appName && /microsoft/i.test(input.appName)) {
      notes.push(
        `The name "${input.appName}" mentions Microsoft, but the app is not one of Microsoft's and its publisher is not verified.`,
      );
    }
  }
  if (input.confirmScopes && input.confirmScopes.length > 0) {
    notes.push(
      `Not part of one click: ${input.confirmScopes.join(', ')}. Only the requester's pasted link asks for them; tick each one you confirm, or use Entra's admin consent link.`,
    );
  }
  if (input.refusedScopes && input.refusedScopes.length > 0) {
    notes.push(`Never written: ${input.refusedScopes.join(', ')}.`);
  }
  if (input.applicationPermissions.length > 0) {
    const list = input.applicationPermissions.map((a) => `${a.resourceName}: ${a.permissions.join(', ')}`).join('; ');
    notes.push(
      `The app also requests application permissions (access without a signed-in user): ${list}. Approving here does not grant them; review them in Entra.`,
    );
  }
  if (input.tenantWide) {
    notes.push(
      '"Approve for everyone" grants the permissions on behalf of every user in the tenant, without asking them again.',
    );
  }
  if (input.unknownScopes.length > 0) {
    notes.push(
      `The resource does not publish these scopes, so their type is unknown: ${input.unknownScopes.join(', ')}.`,
    );
  }
  if (input.unresolvedScopes && input.unresolvedScopes.length > 0) {
    notes.push(
      `The app also asks for scopes whose API could not be identified, so no change here covers them: ${input.unresolvedScopes.join(', ')}.`,
    );
  }
  return notes;
}
