/**
 * "Verified" must be able to fail: after a fix, the user is covered only when every evidenced scope
 * (resolved, and not refused) is granted on its own resource by a grant Entra applies to them
 * (AllPrincipals, or their own Principal grant), and, where the app requires assignment, they are
 * assigned (directly or through a group they are a direct member of). Pure.
 */
import { analyseAssignment } from './checks/assignment';
import { buildFactsView } from './facts-view';
import { finding, type PlainWords } from './findings';
import { friendlyResourceName } from './resources';
import type { Facts, Finding, VerificationGap } from './types';

export function verificationGap(facts: Facts): VerificationGap {
  const view = buildFactsView(facts);
  const missingScopes = Object.entries(view.neededScopes).flatMap(([resourceAppId, scopes]) =>
    scopes.map((scope) => ({ resourceAppId, scope })),
  );
  const status = facts.servicePrincipal ? analyseAssignment(view).status : 'unknown';
  return {
    missingScopes,
    assignmentMissing: status === 'none' || status === 'nested_only',
    appMissing: facts.servicePrincipal === null,
  };
}

/** These words name no one, so the requester and the admins read the same. */
const neutral = (text: string): PlainWords => ({ requester: text, admins: text });

/** What is still missing, as blocker findings (for "not verified: still missing ..." on the card). */
export function gapFindings(gap: VerificationGap): Finding[] {
  const out: Finding[] = [];
  if (gap.missingScopes.length > 0) {
    const list = gap.missingScopes.map((m) => `${friendlyResourceName(m.resourceAppId)}: ${m.scope}`).join(', ');
    out.push(
      finding(
        'CONSENT_MISSING_SCOPES',
        'blocker',
        true,
        neutral(`Still missing after the change: ${list}.`),
        `Verification: evidenced scopes not granted on their own resource for this user: ${list}.`,
        { missingScopes: gap.missingScopes.map((m) => `${m.resourceAppId}/${m.scope}`) },
      ),
    );
  }
  if (gap.assignmentMissing) {
    out.push(
      finding(
        'ASSIGNMENT_REQUIRED_NOT_ASSIGNED',
        'blocker',
        true,
        neutral('Still missing after the change: the assignment to the app.'),
        'Verification: the app requires assignment and the user holds none that Entra counts (direct, or via a direct group).',
      ),
    );
  }
  if (gap.appMissing) {
    out.push(
      finding(
        'APP_NOT_IN_TENANT',
        'blocker',
        true,
        neutral('Still missing after the change: the app is not set up in the organisation.'),
        'Verification: the app has no service principal in this tenant.',
      ),
    );
  }
  return out;
}
