/**
 * Consent causes beyond missing grants: application permissions, a sign-in link that forces the
 * consent screen, and not knowing what the app asks for at all.
 */
import { MICROSOFT_GRAPH_APP_ID } from '../../graph/types';
import { consentRoleOf, type ConsentRole, withArticle } from '../admin-role';
import type { ConsentAnalysis } from '../consent-analysis';
import { finding, type PlainWords, requesterName, result, type CheckResult } from '../findings';
import type { FactsView } from '../facts-view';
import { adminConsentRemedy } from '../admin-consent-link';
import { describeScopesForAdmin } from './consent-grants';
import { COPY_APPROVAL_PAGE_ADDRESS } from '../terminal-report';

export function checkApplicationPermissions(view: FactsView): CheckResult {
  const { facts } = view;
  const application = Object.fromEntries(
    Object.entries(facts.requested.application).filter(([, roles]) => roles.length > 0),
  );
  if (Object.keys(application).length === 0 || !facts.appId) return result();
  const graphRoles = MICROSOFT_GRAPH_APP_ID in application;
  const who = graphRoles
    ? 'Microsoft Graph application permissions can be granted only by a Global Administrator or Privileged Role Administrator.'
    : 'A Cloud Application Administrator or Application Administrator can grant them.';
  const role = consentRoleOf(facts);
  const roleGrants = role !== null && (!graphRoles || role.grantsGraphApplicationPermissions);
  return result(
    [
      finding(
        'APPLICATION_PERMISSIONS_REQUESTED',
        'warning',
        false,
        applicationPermissionsSummary(role, roleGrants, requesterName(view)),
        `Application permissions (app roles) requested: ${describeScopesForAdmin(application)}. They always need admin consent ` +
          `and this bot does not grant them. ${who}` +
          (role ? ` The user holds ${role.name}, which ${roleGrants ? 'may' : 'may not'} grant them.` : ''),
        {
          applicationPermissions: Object.entries(application).flatMap(([r, roles]) => roles.map((x) => `${r}/${x}`)),
          graphRoles,
          ...(role ? { userRole: role.name, userRoleMayGrant: roleGrants } : {}),
        },
      ),
    ],
    [
      adminConsentRemedy(facts.tenantId, facts.appId),
      {
        kind: 'manual',
        title: 'Grant the application permissions',
        steps: [
          'Review the application permissions the app requests.',
          `Open the admin consent link and accept, signed in with a role that may grant them. ${who}`,
        ],
      },
    ],
  );
}

function applicationPermissionsSummary(role: ConsentRole | null, roleGrants: boolean, name: string): PlainWords {
  const what = 'The app also asks for permissions it uses on its own, without you signed in.';
  const whatForAdmins = `Besides what ${name} signs in with, the app asks for permissions it uses on its own, without anyone signed in.`;
  if (!role)
    return {
      requester: `${what} Only an administrator can grant those.`,
      admins: `${whatForAdmins} Only an administrator can grant those.`,
    };
  const graphOnly = 'For Microsoft Graph only a Global Administrator or Privileged Role Administrator can grant those';
  return roleGrants
    ? {
        requester: `${what} As ${withArticle(role)}, you can grant those yourself with the admin consent link.`,
        admins: `${whatForAdmins} As ${withArticle(role)}, ${name} could grant those with the admin consent link.`,
      }
    : {
        requester: `${what} ${graphOnly}; being ${withArticle(role)} is not enough.`,
        admins: `${whatForAdmins} ${graphOnly}; ${name} is ${withArticle(role)}, which is not enough.`,
      };
}

export function checkPromptForced(view: FactsView, analysis: ConsentAnalysis): CheckResult {
  const prompt = view.facts.requested.prompt?.toLowerCase() ?? null;
  if (prompt !== 'consent' && prompt !== 'admin_consent') return result();
  const covered = analysis.scopesKnown && Object.keys(view.neededScopes).length === 0;
  if (prompt === 'consent' && !covered) return result();
  // A consent-granting admin may accept either screen themselves.
  const userCannotConsent =
    analysis.userRole === null &&
    (analysis.assignmentForbidsUserConsent || analysis.allVerdicts.some((v) => !v.allowed));
  const blocks = analysis.userRole === null && (prompt === 'admin_consent' || userCannotConsent);
  const rest =
    prompt === 'admin_consent'
      ? "always asks for an administrator's approval, whatever has been approved already."
      : 'asks for approval every time, even though everything it needs is already approved.';
  const summary = {
    requester: `The link you use to open the app ${rest}`,
    admins: `The link ${requesterName(view)} uses to open the app ${rest}`,
  };
  return result(
    [
      finding(
        'PROMPT_CONSENT_FORCED',
        blocks ? 'blocker' : 'warning',
        false,
        summary,
        `The sign-in URL sends prompt=${prompt}${covered ? ' although existing grants cover every requested scope' : ''}. ` +
          (prompt === 'admin_consent'
            ? 'prompt=admin_consent always requires an administrator.'
            : userCannotConsent
              ? 'The user cannot consent themselves, so they see "Need admin approval".'
              : 'The user sees the consent screen again.'),
        { prompt, grantsCoverRequest: covered },
      ),
    ],
    [
      {
        kind: 'manual',
        title: `Stop forcing prompt=${prompt}`,
        steps: [
          `The app's sign-in link contains prompt=${prompt}. Ask the vendor (or whoever configured the link) to remove it.`,
          'Meanwhile the user can open the app through its normal sign-in, which does not force the consent screen.',
        ],
      },
    ],
  );
}

export function checkScopesUnknown(view: FactsView, analysis: ConsentAnalysis): CheckResult {
  const { facts } = view;
  if (!facts.appId || !facts.servicePrincipal) return result();
  const unknown = !analysis.scopesKnown && analysis.consentNeeded;
  if (!unknown && !analysis.scopesIncomplete) return result();
  const unresolved = facts.requested.unresolved ?? [];
  const extra = unresolved.length > 0 ? ` Scopes whose API could not be told apart: ${unresolved.join(' ')}.` : '';
  const partly = analysis.scopesKnown ? ' Only part of what it asks for is known: I will not guess the rest.' : '';
  return result(
    [
      finding(
        'SCOPES_UNKNOWN',
        'warning',
        false,
        {
          requester: `I could not find out exactly which access the app asks for.${partly} ${COPY_APPROVAL_PAGE_ADDRESS}`,
          admins:
            `The bot could not find out exactly which access the app asks for when ${requesterName(view)} signs in` +
            `${analysis.scopesKnown ? ' (only part of it is known, and the bot does not guess the rest)' : ''}. ` +
            'The admin consent link lets Entra show exactly what it asks for.',
        },
        (analysis.scopesKnown
          ? 'Requested scopes only partly known (evidence: ' + describeSources(view) + ').'
          : 'Requested scopes unknown: no pasted consent URL for this app, no Entra consent request, no existing grant.') +
          `${extra} Graph cannot list what an app asks for. The admin consent link lets Entra show the administrator exactly what the app requests.`,
        { unresolved, usesDefault: facts.requested.usesDefault === true },
      ),
    ],
    [adminConsentRemedy(facts.tenantId, facts.appId)],
  );
}

function describeSources(view: FactsView): string {
  const sources = [...new Set((view.facts.requested.evidence ?? []).flatMap((e) => e.sources))];
  return sources.length > 0 ? sources.join(', ') : 'none';
}
