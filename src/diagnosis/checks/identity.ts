/**
 * Does everything exist and is it switched on: the user, the app's service principal, and the
 * resource APIs it asks for.
 */
import { finding, requesterName, result, type CheckResult } from '../findings';
import { adminConsentRemedy } from '../admin-consent-link';
import { hasSignInError, type FactsView } from '../facts-view';
import { friendlyResourceName } from '../resources';
import type { Finding } from '../types';

export function checkUser(view: FactsView): CheckResult {
  const { facts } = view;
  if (!facts.user) {
    const codes = hasSignInError(view, [50020]);
    return result([
      finding(
        'USER_NOT_IN_TENANT',
        'blocker',
        false,
        {
          requester:
            'Your account was not found in this organisation, so it cannot be given access here. Ask your IT team to invite or add you.',
          admins: `${requesterName(view)} was not found in this organisation, so they cannot be given access here until they are invited or added.`,
        },
        `No user matches "${facts.userQuery}" in tenant ${facts.tenantId}.`,
        { userQuery: facts.userQuery, signInErrorCodes: codes.map(String) },
      ),
    ]);
  }
  if (facts.user.accountEnabled === false) {
    return result([
      finding(
        'USER_ACCOUNT_DISABLED',
        'blocker',
        false,
        {
          requester:
            'Your account is switched off, so you cannot sign in to any app. Your IT team has to turn it back on.',
          admins: `${requesterName(view)}'s account is switched off, so they cannot sign in to any app until it is turned back on.`,
        },
        `User ${facts.user.userPrincipalName} (${facts.user.id}) has accountEnabled = false.`,
        { userId: facts.user.id },
      ),
    ]);
  }
  return result();
}

export function checkApp(view: FactsView): CheckResult {
  const { facts } = view;
  if (!facts.appId) return result();
  const sp = facts.servicePrincipal;
  if (!sp) {
    const codes = hasSignInError(view, [700016, 650052, 500011]);
    // Entra's consent screen (publisher, verified status, the permissions) is the review an admin
    // expects for a new app: the admin-consent link opens it. No one-click create-and-grant.
    return result(
      [
        finding(
          'APP_NOT_IN_TENANT',
          'blocker',
          true,
          {
            requester:
              'This app has never been set up in your organisation, and you are not allowed to set it up yourself.',
            admins: `This app has never been set up in the organisation, and ${requesterName(view)} is not allowed to set it up themselves.`,
          },
          `No service principal exists for appId ${facts.appId}. An administrator adds it by opening the admin consent link: ` +
            'Entra shows the publisher, its verification and the permissions it asks for before anything is granted.',
          { appId: facts.appId, signInErrorCodes: codes.map(String) },
        ),
      ],
      [adminConsentRemedy(facts.tenantId, facts.appId)],
    );
  }
  const findings: Finding[] = [];
  if (sp.accountEnabled === false || sp.disabledByMicrosoftStatus) {
    const byMicrosoft = sp.disabledByMicrosoftStatus
      ? ` disabledByMicrosoftStatus = ${sp.disabledByMicrosoftStatus}.`
      : '';
    findings.push(
      finding(
        'APP_DISABLED',
        'blocker',
        false,
        {
          requester:
            'This app has been switched off (blocked) in your organisation. An administrator has to decide whether to allow it again.',
          admins: `This app has been switched off (blocked) in the organisation, so ${requesterName(view)} cannot use it. An administrator has to decide whether to allow it again.`,
        },
        `Service principal ${sp.displayName} (${sp.id}) has accountEnabled = ${String(sp.accountEnabled)}.${byMicrosoft} ` +
          'A blocked app in the consent workflow is a disabled service principal; re-enable it only after review.',
        {
          servicePrincipalId: sp.id,
          accountEnabled: sp.accountEnabled ?? null,
          disabledByMicrosoftStatus: sp.disabledByMicrosoftStatus ?? null,
          signInErrorCodes: hasSignInError(view, [7000112]).map(String),
        },
      ),
    );
    return result(findings, [
      {
        kind: 'manual',
        title: `Review and re-enable ${sp.displayName}`,
        steps: [
          `Find out why ${sp.displayName} was disabled (blocked consent request, security review${sp.disabledByMicrosoftStatus ? ', or Microsoft' : ''}).`,
          'If it is trusted: Entra admin center > Enterprise applications > the app > Properties > "Enabled for users to sign in?" = Yes.',
        ],
      },
    ]);
  }
  return result(findings);
}

export function checkResources(view: FactsView): CheckResult {
  const { facts } = view;
  const requested = new Set([
    ...Object.keys(facts.requested.delegated),
    ...Object.keys(facts.requested.application),
    ...(facts.resourceHints ?? []),
  ]);
  const missing = [...requested].filter((appId) => appId in facts.resources && facts.resources[appId] === null);
  if (missing.length === 0) return result();
  const names = missing.map(friendlyResourceName);
  return result([
    finding(
      'RESOURCE_NOT_IN_TENANT',
      'blocker',
      true,
      {
        requester: `The app needs access to ${names.join(', ')}, which is not set up in your organisation yet.`,
        admins: `The app needs access to ${names.join(', ')}, which is not set up in the organisation yet, so ${requesterName(view)} cannot use it.`,
      },
      `No service principal for resource appId(s) ${missing.join(', ')}; create it before granting consent.`,
      { resourceAppIds: missing, signInErrorCodes: hasSignInError(view, [650056, 650052, 500011]).map(String) },
    ),
  ]);
}
