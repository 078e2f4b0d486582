/**
 * The diagnosis rules: from Facts to every finding that holds, sorted root causes first, plus the
 * two remedy plans. Pure: no I/O, no clock (facts.now).
 */
import { analyseAssignment, checkAssignment } from './checks/assignment';
import { checkBotAccess } from './checks/bot-access';
import { checkApplicationPermissions, checkPromptForced, checkScopesUnknown } from './checks/consent-extras';
import { checkConsentMissingScopes, checkConsentOnlyForAnotherUser } from './checks/consent-grants';
import { checkConsentPolicy } from './checks/consent-policy-findings';
import { checkConsentRequest, checkConsentWorkflow } from './checks/consent-requests';
import { checkApp, checkResources, checkUser } from './checks/identity';
import { checkConditionalAccess, checkRiskyApp, checkWrongApp } from './checks/sign-ins';
import { analyseConsent, type ConsentAnalysis } from './consent-analysis';
import { buildFactsView, type FactsView } from './facts-view';
import { finding, requesterName, sortFindings, type CheckResult } from './findings';
import { planRemedies } from './remedy-plan';
import type { Facts, Finding, Remedy } from './types';

export interface RulesOutcome {
  findings: Finding[];
  remedies: Remedy[];
  userOnlyRemedies: Remedy[];
}

function noProblem(view: FactsView, consent: ConsentAnalysis): Finding {
  const selfService = consent.consentNeeded && !consent.adminNeeded;
  return finding(
    'NO_PROBLEM_FOUND',
    'info',
    false,
    selfService
      ? {
          requester: 'I found nothing that needs an administrator. When the app asks, you can approve it yourself.',
          admins: `The bot found nothing that needs an administrator: when the app asks, ${requesterName(view)} can approve it themselves.`,
        }
      : {
          requester:
            'I found nothing that should stop you from using this app. If you still see the message, sign out and in again, ' +
            'then paste the exact message here.',
          admins: `The bot found nothing that should stop ${requesterName(view)} from using this app.`,
        },
    `No blocking cause found for ${view.facts.user?.userPrincipalName ?? view.facts.userQuery} and ` +
      `${view.facts.servicePrincipal?.displayName ?? view.facts.appId}.` +
      (selfService ? ' Missing scopes are user-consentable under the current policy.' : ''),
    { consentNeeded: consent.consentNeeded },
  );
}

export function diagnoseFacts(facts: Facts): RulesOutcome {
  const view = buildFactsView(facts);
  const consent = analyseConsent(view);
  const assignment = analyseAssignment(view);

  const userResult = checkUser(view);
  const parts: CheckResult[] = [userResult, checkBotAccess(view)];
  // When the person cannot sign in at all, app and consent details are noise.
  if (userResult.findings.length === 0) {
    const otherUser = checkConsentOnlyForAnotherUser(view, consent);
    const policy = checkConsentPolicy(view, consent);
    const explainedElsewhere = otherUser.findings.length > 0 || policy.findings.length > 0;
    parts.push(
      checkApp(view),
      checkResources(view),
      checkAssignment(view, assignment),
      checkConditionalAccess(view),
      checkRiskyApp(view),
      checkWrongApp(view),
      otherUser,
      checkConsentMissingScopes(view, consent, explainedElsewhere),
      policy,
      checkApplicationPermissions(view),
      checkPromptForced(view, consent),
      checkScopesUnknown(view, consent),
      checkConsentRequest(view),
      checkConsentWorkflow(view, consent),
    );
  }
  const findings = parts.flatMap((p) => p.findings);
  if (facts.appId && facts.user && !findings.some((f) => f.severity !== 'info'))
    findings.push(noProblem(view, consent));
  const plan = planRemedies(
    view,
    consent,
    assignment,
    parts.flatMap((p) => p.linkOuts),
  );
  return { findings: sortFindings(findings), remedies: plan.remedies, userOnlyRemedies: plan.userOnlyRemedies };
}
