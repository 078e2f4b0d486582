/**
 * What happens next for the person who asked, worked out once for every card and flow: do the
 * admins have to act (then a request is recorded), can the person fix it themselves, or is it not a
 * consent problem at all; and, once a request exists, whether it has reached the admins. Pure.
 */
import type { Diagnosis, FindingCode, Remedy } from '../diagnosis/types';
import type { ApprovalRequest } from './model';

export type NextStep =
  | { kind: 'admins_asked' }
  | { kind: 'self_fix'; how: string }
  | { kind: 'not_consent'; contact: string }
  | { kind: 'not_set_up' };

/** Who people are told to contact when an admin approval cannot help. */
export const DEFAULT_CONTACT = 'your IT helpdesk';

export interface NextStepDecision {
  step: NextStep;
  /** True when an admin must act: a request is stored and the admins are asked. */
  needsRequest: boolean;
}

// Causes an admin approval does not remove: the sign-in is blocked for another reason.
const NOT_CONSENT: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'CONDITIONAL_ACCESS_BLOCK',
  'USER_ACCOUNT_DISABLED',
  'USER_NOT_IN_TENANT',
  'APP_DISABLED',
  'RISKY_APP_BLOCKED',
]);

const EXECUTABLE: ReadonlySet<Remedy['kind']> = new Set<Remedy['kind']>([
  'create_service_principal',
  'grant_delegated',
  'assign_user',
]);

function hasExecutableRemedy(d: Diagnosis): boolean {
  return [...d.remedies, ...d.userOnlyRemedies].some((r) => EXECUTABLE.has(r.kind));
}

/** Something an admin can do: a change the bot makes on Approve, or the admin-consent link. */
function hasAdminAction(d: Diagnosis): boolean {
  return hasExecutableRemedy(d) || [...d.remedies, ...d.userOnlyRemedies].some((r) => r.kind === 'admin_consent_url');
}

/** The step the findings alone point to. */
function stepFromFindings(d: Diagnosis, approvalsConfigured: boolean, contact: string): NextStep {
  const blockers = d.findings.filter((f) => f.severity === 'blocker');
  const wrongApp = d.findings.find((f) => f.code === 'WRONG_APP');
  if (blockers.some((f) => NOT_CONSENT.has(f.code))) return { kind: 'not_consent', contact };
  if (blockers.some((f) => f.fixable)) return approvalsConfigured ? { kind: 'admins_asked' } : { kind: 'not_set_up' };
  if (wrongApp) return { kind: 'self_fix', how: wrongApp.summary };
  if (blockers.length > 0) return { kind: 'not_consent', contact };
  return { kind: 'self_fix', how: 'Sign in again. If you see a permissions screen, you can accept it yourself.' };
}

/** A fresh diagnosis: the step, and whether the admins must get a request. */
export function decideNextStep(
  d: Diagnosis,
  approvalsConfigured: boolean,
  contact: string = DEFAULT_CONTACT,
): NextStepDecision {
  const step = stepFromFindings(d, approvalsConfigured, contact);
  const adminStep = step.kind === 'admins_asked' || step.kind === 'not_set_up';
  if (adminStep && d.app !== null && hasAdminAction(d)) return { step, needsRequest: true };
  // A blocker the admins could fix but with nothing they can approve here: a person has to look.
  if (adminStep) return { step: { kind: 'not_consent', contact }, needsRequest: false };
  return { step, needsRequest: false };
}

/**
 * A stored request: the admins have been asked once its card is in their channel, once it left
 * "pending" (someone decided), or when a channel is connected now (the card follows); else it waits.
 * A request for an app the tenant does not have waits for its requester to send it: the step is
 * the admins' (the card offers "Send to admins"), though nothing has reached them yet.
 */
export function requestNextStep(
  request: Pick<ApprovalRequest, 'adminCard' | 'state' | 'awaitingConfirmation'>,
  channelConnected: boolean,
): NextStep {
  if (request.state === 'pending' && request.awaitingConfirmation === true) return { kind: 'admins_asked' };
  const reached = request.adminCard !== null || request.state !== 'pending' || channelConnected;
  return reached ? { kind: 'admins_asked' } : { kind: 'not_set_up' };
}

/** Whether the step asks the admins to act (the card then shows the request's state and may take a note). */
export function adminsAct(step: NextStep): boolean {
  return step.kind === 'admins_asked' || step.kind === 'not_set_up';
}

/** Evidence that an app outside the tenant really exists and was tried: not just a typed GUID. */
const EVIDENCE: ReadonlySet<string> = new Set(['consent_url', 'error_text', 'failed_sign_in', 'catalog']);

/**
 * The app is not in the tenant and nothing shows it exists: no pasted sign-in link or error, no
 * failed sign-in, no Entra consent request, no known name. Asking the admins to add an arbitrary
 * GUID as an enterprise app would let anyone fill their channel, so the person is asked for the
 * link or the error text instead.
 */
export function isUnconfirmedApp(d: Diagnosis): boolean {
  if (d.app === null || d.app.servicePrincipalId !== null || d.requested.source !== null) return false;
  const appId = d.app.appId.toLowerCase();
  return !d.candidates.some((c) => c.appId?.toLowerCase() === appId && c.reasons.some((r) => EVIDENCE.has(r)));
}

/** Nothing blocks the sign-in any more (used by "Check again" on a pending request). */
export function isNoProblem(d: Diagnosis): boolean {
  return d.app !== null && !d.findings.some((f) => f.severity === 'blocker');
}
