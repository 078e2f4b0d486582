/** What the bot itself could not see: the diagnosis is less certain, and the admin should know why. */
import { finding, requesterName, result, type CheckResult } from '../findings';
import type { FactsView } from '../facts-view';
import type { Finding } from '../types';

export function checkBotAccess(view: FactsView): CheckResult {
  const { facts } = view;
  const findings: Finding[] = [];
  if (facts.forbidden.length > 0) {
    const permissions = [...new Set(facts.forbidden.map((f) => f.permission))];
    findings.push(
      finding(
        'INSUFFICIENT_BOT_PERMISSIONS',
        'warning',
        false,
        {
          requester:
            'I could not check everything, so this answer may be incomplete. Your IT team can give me the missing read access.',
          admins: `The bot could not check everything about ${requesterName(view)}'s access, so this diagnosis may be incomplete until the bot is given the missing read access.`,
        },
        `Consent Doctor was refused: ${facts.forbidden.map((f) => `${f.fact} (needs ${f.permission}; ${f.code})`).join('; ')}. ` +
          `Grant the bot these Microsoft Graph application permissions: ${permissions.join(', ')}.`,
        { permissions, facts: facts.forbidden.map((f) => f.fact) },
      ),
    );
  }
  if (facts.signInsUnavailable) {
    const why =
      facts.signInsUnavailable === 'not_premium'
        ? 'the tenant has no Entra ID P1/P2 licence (Authentication_RequestFromNonPremiumTenantOrB2CTenant)'
        : 'the bot lacks AuditLog.Read.All';
    findings.push(
      finding(
        'SIGNIN_LOGS_UNAVAILABLE',
        'info',
        false,
        {
          requester: "I could not look at your recent sign-in attempts, so I worked from the app's settings only.",
          admins: `The bot could not look at ${requesterName(view)}'s recent sign-in attempts, so it worked from the app's settings only.`,
        },
        `Sign-in logs unavailable: ${why}. Error-code evidence (Conditional Access, risky app) could not be checked.`,
        { reason: facts.signInsUnavailable },
      ),
    );
  }
  return result(findings);
}
