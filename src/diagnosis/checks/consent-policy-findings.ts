/**
 * Why the user could not approve the missing scopes themselves: the tenant's user-consent policy,
 * or scopes that only an administrator may grant.
 */
import { selfApprovalText, selfApprovalTextFor } from '../admin-role';
import type { ConsentAnalysis } from '../consent-analysis';
import type { ScopeConsentVerdict } from '../consent-policy';
import { finding, type CheckResult, type PlainWords, requesterName, result } from '../findings';
import { hasSignInError, type FactsView } from '../facts-view';
import type { Finding, FindingCode, Severity } from '../types';
import { describeScopesForAdmin, describeScopesForUser } from './consent-grants';

function byResource(verdicts: readonly ScopeConsentVerdict[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of verdicts) (out[v.resourceAppId] ??= []).push(v.scope);
  return out;
}

function texts(
  code: FindingCode,
  view: FactsView,
  scopes: Record<string, string[]>,
  policyIds: string[],
): { summary: PlainWords; admin: string } | null {
  const sp = view.facts.servicePrincipal;
  const name = requesterName(view);
  const forUser = describeScopesForUser(view, scopes);
  const appName = sp?.displayName ?? view.facts.appId ?? 'the app';
  const list = describeScopesForAdmin(scopes);
  // Microsoft's published descriptions speak to the consenting user ("files you have access to"):
  // the admins' words name the scopes instead.
  const forAdmins = list;
  const policies = policyIds.length > 0 ? policyIds.join(', ') : 'none';
  switch (code) {
    case 'USER_CONSENT_DISABLED':
      return {
        summary: {
          requester:
            'Your organisation does not let people approve apps themselves, so an administrator has to approve this one.',
          admins: `The organisation does not let people approve apps themselves, so ${name} cannot: an administrator has to approve this one.`,
        },
        admin:
          'authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned has no ' +
          `ManagePermissionGrantsForSelf.* entry: user consent is off.${list ? ` Needed: ${list}.` : ''}`,
      };
    case 'USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER':
      return {
        summary: {
          requester:
            "Your organisation only lets people approve apps from verified publishers, and this app's publisher is not verified.",
          admins: `The organisation only lets people approve apps from verified publishers, and this app's publisher is not verified, so ${name} cannot approve it themselves.`,
        },
        admin:
          `User consent policy ${policies} requires a verified publisher or an app registered in this tenant; ${appName} has ` +
          `verifiedPublisher.verifiedPublisherId = ${sp?.verifiedPublisher?.verifiedPublisherId ?? 'null'} and appOwnerOrganizationId = ` +
          `${sp?.appOwnerOrganizationId ?? 'null'}.${list ? ` Needed: ${list}.` : ''}`,
      };
    case 'USER_CONSENT_LIMITED_SCOPE_NOT_LOW':
      return {
        summary: {
          requester: `You may only approve low-risk access yourself, and this app asks for more: ${forUser}.`,
          admins: `${name} may only approve low-risk access themselves, and this app asks for more: ${forAdmins}.`,
        },
        admin:
          `User consent policy ${policies} does not allow these scopes (not classified "low", or outside the custom ` +
          `policy's includes / inside its excludes): ${list}.`,
      };
    case 'USER_CONSENT_BLOCKED_BY_MANAGED_POLICY':
      return {
        summary: {
          requester:
            'Your organisation lets Microsoft manage its consent settings, and those do not let people approve this access ' +
            `themselves (${forUser}). An administrator has to approve it.`,
          admins:
            'The organisation lets Microsoft manage its consent settings, and those do not let people approve this access ' +
            `themselves (${forAdmins}), so ${name} cannot. An administrator has to approve it.`,
        },
        admin:
          `The Microsoft-managed policy microsoft-user-default-recommended excludes these permissions from user consent ` +
          `(its excludes condition sets, as Graph returns them): ${list}.`,
      };
    case 'ADMIN_ONLY_SCOPES':
      return {
        summary: {
          requester: `The app asks for access that only an administrator can approve: ${forUser}.`,
          admins: `The app asks for access that only an administrator can approve, so ${name} cannot approve it themselves: ${forAdmins}.`,
        },
        admin: `Scopes of type "Admin" requested and not granted: ${list}.`,
      };
    default:
      return null;
  }
}

/**
 * The policy still refuses user consent, but a consent-granting admin is not bound by it: the
 * finding stays (same code, for the record) as information, and tells them they may approve.
 */
function forRole(
  view: FactsView,
  analysis: ConsentAnalysis,
  t: { summary: PlainWords; admin: string },
): { severity: Severity; summary: PlainWords; admin: string } {
  const role = analysis.userRole;
  if (!role) return { severity: 'blocker', ...t };
  return {
    severity: 'info',
    summary: { requester: selfApprovalText(role), admins: selfApprovalTextFor(role, requesterName(view)) },
    admin: `${t.admin} The user holds ${role.name}, which may grant tenant-wide consent to delegated permissions, so this does not block them.`,
  };
}

function roleEvidence(analysis: ConsentAnalysis): { userRole?: string } {
  return analysis.userRole ? { userRole: analysis.userRole.name } : {};
}

export function checkConsentPolicy(view: FactsView, analysis: ConsentAnalysis): CheckResult {
  const findings: Finding[] = [];
  const signInErrorCodes = hasSignInError(view, [90094, 90095, 65001, 65004]).map(String);
  const groups = new Map<FindingCode, ScopeConsentVerdict[]>();
  for (const v of analysis.neededVerdicts) {
    if (v.allowed || !v.findingCode) continue;
    groups.set(v.findingCode, [...(groups.get(v.findingCode) ?? []), v]);
  }
  for (const [code, verdicts] of groups) {
    const scopes = byResource(verdicts);
    const policyIds = [...new Set(verdicts.map((v) => v.policyId).filter((p): p is string => p !== null))];
    const found = texts(code, view, scopes, policyIds);
    if (!found) continue;
    const t = forRole(view, analysis, found);
    findings.push(
      finding(code, t.severity, true, t.summary, t.admin, {
        scopes: verdicts.map((v) => `${v.resourceAppId}/${v.scope}`),
        policyIds,
        signInErrorCodes,
        ...roleEvidence(analysis),
      }),
    );
  }
  const block = analysis.clientBlock;
  if (block && !findings.some((f) => f.code === block.findingCode)) {
    const found = texts(block.findingCode, view, {}, block.policyId ? [block.policyId] : []);
    const t = found ? forRole(view, analysis, found) : null;
    // Fixable by an administrator: the admin-consent link (planned with SCOPES_UNKNOWN) grants what the app asks for.
    if (t)
      findings.push(
        finding(block.findingCode, t.severity, true, t.summary, t.admin, {
          policyId: block.policyId,
          signInErrorCodes,
          ...roleEvidence(analysis),
        }),
      );
  }
  return result(findings);
}
