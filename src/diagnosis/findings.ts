/**
 * Finding construction and ordering. Root causes come first: blockers before warnings before
 * info, and within a severity the user and app must exist before assignment matters, and
 * assignment before consent.
 */
import type { FactsView } from './facts-view';
import type { Finding, FindingCode, Remedy, Severity } from './types';

export const FINDING_ORDER: readonly FindingCode[] = [
  'USER_NOT_IN_TENANT',
  'USER_ACCOUNT_DISABLED',
  'APP_NOT_IN_TENANT',
  'APP_DISABLED',
  'RESOURCE_NOT_IN_TENANT',
  'ASSIGNMENT_REQUIRED_NOT_ASSIGNED',
  'ASSIGNED_ONLY_VIA_NESTED_GROUP',
  'CONDITIONAL_ACCESS_BLOCK',
  'RISKY_APP_BLOCKED',
  'WRONG_APP',
  'CONSENT_ONLY_FOR_ANOTHER_USER',
  'CONSENT_MISSING_SCOPES',
  'USER_CONSENT_DISABLED',
  'USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER',
  'USER_CONSENT_BLOCKED_BY_MANAGED_POLICY',
  'USER_CONSENT_LIMITED_SCOPE_NOT_LOW',
  'ADMIN_ONLY_SCOPES',
  'APPLICATION_PERMISSIONS_REQUESTED',
  'PROMPT_CONSENT_FORCED',
  'CONSENT_REQUEST_DENIED',
  'CONSENT_REQUEST_PENDING',
  'CONSENT_REQUEST_EXPIRED',
  'ADMIN_CONSENT_WORKFLOW_DISABLED',
  'SCOPES_UNKNOWN',
  'INSUFFICIENT_BOT_PERMISSIONS',
  'SIGNIN_LOGS_UNAVAILABLE',
  'NO_PROBLEM_FOUND',
];

const SEVERITY_RANK: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      FINDING_ORDER.indexOf(a.code) - FINDING_ORDER.indexOf(b.code),
  );
}

/**
 * The cause in plain words, twice: to the person who sees the prompt ("you"), and to the admins who
 * decide on their request, naming that person (the admins' card must not read as if addressed to them).
 */
export interface PlainWords {
  requester: string;
  admins: string;
}

export function finding(
  code: FindingCode,
  severity: Severity,
  fixable: boolean,
  plain: PlainWords,
  adminSummary: string,
  evidence?: Finding['evidence'],
): Finding {
  const words = { summary: plain.requester, summaryForAdmins: plain.admins, adminSummary };
  return evidence ? { code, severity, ...words, fixable, evidence } : { code, severity, ...words, fixable };
}

/** How the admins' words name the person asking: their display name, else what was typed to find them. */
export function requesterName(view: FactsView): string {
  return view.facts.user?.displayName || view.facts.userQuery;
}

/** What one check contributes: findings, plus link-outs and manual steps for admins. */
export interface CheckResult {
  findings: Finding[];
  /** admin_consent_url / manual remedies, added to both plans. */
  linkOuts: Remedy[];
}

export function result(findings: Finding[] = [], linkOuts: Remedy[] = []): CheckResult {
  return { findings, linkOuts };
}
