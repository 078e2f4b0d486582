/** Diagnosis (+ the request, if one exists) -> the user's answer card view model. Pure. */
import type { Diagnosis, FindingCode, Severity } from '../diagnosis/types';
import type { CardDataRef } from './types';
import type { UserFacingState } from './userState';

export type NextStep =
  | { kind: 'admins_asked' }
  | { kind: 'self_fix'; how: string }
  | { kind: 'not_consent'; contact: string }
  | { kind: 'not_set_up' };

export interface AnswerViewModel {
  app: { displayName: string; appId: string | null; publisherName: string | null };
  /** User-facing summaries, blockers first. */
  findings: Array<{ severity: Severity; text: string }>;
  nextStep: NextStep;
  status: UserFacingState;
  /** The request's signed reference; null before a request exists. */
  ref: CardDataRef | null;
  /** The admin's reason, when denied. */
  reason: string | null;
  /** Local mode: where "Try signing in" goes (the app's sign-in or consent URL). */
  signInUrl: string | null;
  /** Once approved: what changed, in the person's words (replaces the old blockers). */
  changes?: string[];
}

export interface AnswerOptions {
  request: { state: UserFacingState; ref: CardDataRef | null; reason?: string | null } | null;
  /** False until an admins' channel is connected: requests then wait. */
  approvalsConfigured: boolean;
  /** Who to contact when admin approval cannot help (helpdesk name or address). */
  contact: string;
  publisherName?: string | null;
  signInUrl?: string | null;
}

// Causes an admin approval does not remove: the sign-in is blocked for another reason.
const NOT_CONSENT: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'CONDITIONAL_ACCESS_BLOCK', 'USER_ACCOUNT_DISABLED', 'USER_NOT_IN_TENANT', 'APP_DISABLED', 'RISKY_APP_BLOCKED',
]);

const ORDER: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };

export function decideNextStep(d: Diagnosis, approvalsConfigured: boolean, contact: string): NextStep {
  const blockers = d.findings.filter((f) => f.severity === 'blocker');
  const wrongApp = d.findings.find((f) => f.code === 'WRONG_APP');
  if (blockers.some((f) => NOT_CONSENT.has(f.code))) return { kind: 'not_consent', contact };
  if (blockers.some((f) => f.fixable)) return approvalsConfigured ? { kind: 'admins_asked' } : { kind: 'not_set_up' };
  if (wrongApp) return { kind: 'self_fix', how: wrongApp.summary };
  if (blockers.length > 0) return { kind: 'not_consent', contact };
  return { kind: 'self_fix', how: 'Sign in again. If you see a permissions screen, you can accept it yourself.' };
}

export function toAnswerViewModel(d: Diagnosis, options: AnswerOptions): AnswerViewModel {
  const findings = [...d.findings]
    .filter((f) => f.code !== 'NO_PROBLEM_FOUND' || d.findings.length === 1)
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity])
    .map((f) => ({ severity: f.severity, text: f.summary }));
  return {
    app: { displayName: d.app?.displayName ?? 'this app', appId: d.app?.appId ?? null, publisherName: options.publisherName ?? null },
    findings,
    nextStep: decideNextStep(d, options.approvalsConfigured, options.contact),
    status: options.request?.state ?? 'new',
    ref: options.request?.ref ?? null,
    reason: options.request?.reason ?? null,
    signInUrl: options.signInUrl ?? null,
  };
}
