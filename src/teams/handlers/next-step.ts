/**
 * What a diagnosis means for the person who asked: do the admins have to act (then a request is
 * recorded), can they fix it themselves, or is it not a consent problem at all. Pure.
 */
import { decideNextStep, type NextStep } from '../../cards/answerModel';
import type { Diagnosis, Remedy } from '../../diagnosis/types';

/** Who people are told to contact when an admin approval cannot help. */
export const DEFAULT_CONTACT = 'your IT helpdesk';

export interface NextStepDecision {
  step: NextStep;
  /** True when an admin must act: a request is stored and the admins are asked. */
  needsRequest: boolean;
}

const EXECUTABLE: ReadonlySet<Remedy['kind']> = new Set<Remedy['kind']>(['create_service_principal', 'grant_delegated', 'assign_user']);

export function hasExecutableRemedy(d: Diagnosis): boolean {
  return [...d.remedies, ...d.userOnlyRemedies].some((r) => EXECUTABLE.has(r.kind));
}

/** Something an admin can do: a change the bot makes on Approve, or the admin-consent link. */
export function hasAdminAction(d: Diagnosis): boolean {
  return hasExecutableRemedy(d) || [...d.remedies, ...d.userOnlyRemedies].some((r) => r.kind === 'admin_consent_url');
}

export function decideChatNextStep(d: Diagnosis, approvalsConfigured: boolean, contact: string = DEFAULT_CONTACT): NextStepDecision {
  const step = decideNextStep(d, approvalsConfigured, contact);
  const adminStep = step.kind === 'admins_asked' || step.kind === 'not_set_up';
  if (adminStep && d.app !== null && hasAdminAction(d)) return { step, needsRequest: true };
  // A blocker the admins could fix but with nothing they can approve here: a person has to look.
  if (adminStep) return { step: { kind: 'not_consent', contact }, needsRequest: false };
  return { step, needsRequest: false };
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
