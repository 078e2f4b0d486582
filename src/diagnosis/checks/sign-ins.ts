/**
 * Causes that only the sign-in logs reveal: Conditional Access, risky-app detection, and sign-ins
 * to a different app than the one asked about.
 */
import { finding, requesterName, result, type CheckResult } from '../findings';
import { hasSignInError, type FactsView } from '../facts-view';
import type { Finding, Remedy } from '../types';

export function checkConditionalAccess(view: FactsView): CheckResult {
  const blocked = view.recentFailures.filter(
    (s) => s.status.errorCode === 53003 || s.conditionalAccessStatus === 'failure',
  );
  if (blocked.length === 0) return result();
  const latest = blocked[0];
  return result(
    [
      finding(
        'CONDITIONAL_ACCESS_BLOCK',
        'blocker',
        false,
        {
          requester:
            'A security rule in your organisation (Conditional Access) blocked your sign-in to this app. Approving the app will not change that.',
          admins: `A security rule in the organisation (Conditional Access) blocked ${requesterName(view)}'s sign-in to this app. Approving the app will not change that.`,
        },
        `Sign-in ${latest.id} at ${latest.createdDateTime} failed with errorCode ${latest.status.errorCode}, ` +
          `conditionalAccessStatus = ${latest.conditionalAccessStatus ?? 'n/a'}. Check the sign-in's Conditional Access tab.`,
        {
          signInIds: blocked.map((s) => s.id),
          correlationId: latest.correlationId ?? null,
          signInErrorCodes: hasSignInError(view, [53003]).map(String),
        },
      ),
    ],
    [
      {
        kind: 'manual',
        title: 'Review the Conditional Access result',
        steps: [
          `Open sign-in ${latest.id} (correlation ${latest.correlationId ?? 'n/a'}) in the Entra sign-in logs, tab "Conditional Access".`,
          'Decide whether the failing policy should apply to this user and app; change it only through your normal change process.',
        ],
      },
    ],
  );
}

export function checkRiskyApp(view: FactsView): CheckResult {
  const codes = hasSignInError(view, [900941, 900981]);
  if (codes.length === 0) return result();
  const remedy: Remedy = {
    kind: 'manual',
    title: 'Review the app flagged as risky',
    steps: [
      "Entra's risky-app detection blocked user consent for this app.",
      'Review the publisher, the permissions and the redirect URLs; grant admin consent only if the app is trusted.',
    ],
  };
  // Risky-app detection blocks *user* consent only: an admin may still consent after reviewing
  // the app, so Approve (an admin grant) does remove this cause.
  return result(
    [
      finding(
        'RISKY_APP_BLOCKED',
        'blocker',
        true,
        {
          requester:
            'Microsoft flagged this app as potentially risky, so only an administrator can approve it, after a review.',
          admins: `Microsoft flagged this app as potentially risky, so ${requesterName(view)} cannot approve it themselves: only an administrator can, after a review.`,
        },
        `Sign-ins failed with AADSTS${codes.join('/AADSTS')} (risky app detected): user consent is blocked; admin consent is still possible. Review the app before approving.`,
        { signInErrorCodes: codes.map(String) },
      ),
    ],
    [remedy],
  );
}

export function checkWrongApp(view: FactsView): CheckResult {
  const { facts } = view;
  const appId = facts.appId?.toLowerCase();
  if (!appId) return result();
  const findings: Finding[] = [];
  const urlClient = facts.requested.clientId?.toLowerCase();
  const failedOther = view.recentFailures.filter((s) => s.status.errorCode !== 0 && s.appId.toLowerCase() !== appId);
  const failedThis = view.recentFailures.filter((s) => s.status.errorCode !== 0 && s.appId.toLowerCase() === appId);
  const name = facts.servicePrincipal?.displayName ?? facts.appId;
  if (urlClient && urlClient !== appId) {
    findings.push(
      finding(
        'WRONG_APP',
        'warning',
        false,
        {
          requester:
            'The sign-in link you pasted belongs to a different app than the one I checked, so an approval for this one may not help.',
          admins: `The sign-in link ${requesterName(view)} pasted belongs to a different app than the one checked, so an approval for this one may not help.`,
        },
        `Pasted consent URL has client_id ${urlClient}, but the diagnosis is for ${name} (${facts.appId}).`,
        { pastedClientId: urlClient, diagnosedAppId: appId },
      ),
    );
  } else if (failedOther.length > 0 && failedThis.length === 0) {
    const others = [...new Set(failedOther.map((s) => `${s.appDisplayName} (${s.appId})`))];
    findings.push(
      finding(
        'WRONG_APP',
        'warning',
        false,
        {
          requester: `Your failed sign-ins were to a different app (${failedOther[0].appDisplayName}) than the one I checked.`,
          admins: `${requesterName(view)}'s failed sign-ins were to a different app (${failedOther[0].appDisplayName}) than the one checked.`,
        },
        `Failed sign-ins are for ${others.join(', ')}, none for ${name} (${facts.appId}); consent may exist for a sibling app.`,
        { failedAppIds: [...new Set(failedOther.map((s) => s.appId))], diagnosedAppId: appId },
      ),
    );
  }
  return result(findings);
}
