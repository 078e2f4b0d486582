/** The user's answer in personal chat: which app, what is wrong, what happens next. */
import { adminsAct, type NextStep } from '../requests/next-step';
import type { AnswerViewModel } from './answer-model';
import { safeHttpsUrl } from './links';
import { expandTemplate } from './render';
import template from './templates/answer.json';
import { LIMITS, md } from './text';
import type { AdaptiveCard } from './types';
import { type UserFacingState, userStateLine } from './user-state';

const MAX_FINDINGS = 5;

/** States in which the request's outcome, not the diagnosis, is what the person needs to read. */
const DECIDED: ReadonlySet<UserFacingState> = new Set<UserFacingState>([
  'approving',
  'approved',
  'failed',
  'denied',
  'expired',
  'withdrawn',
]);

function decidedText(status: UserFacingState): string {
  switch (status) {
    case 'approving':
      return 'An admin approved your request; the fix is being applied now. I will tell you here when it is done.';
    case 'approved':
      return 'An admin approved your request and the fix is in place. Try signing in again.';
    case 'failed':
      return 'An admin approved your request, but the fix did not go through. The admins can see what went wrong and can approve it again.';
    case 'denied':
      return 'An admin declined your request.';
    case 'expired':
      return 'No admin answered in time. Ask me again if you still need the app.';
    case 'withdrawn':
      return 'You withdrew this request. Ask me again if you need the app after all.';
    default:
      return '';
  }
}

function nextStepText(step: NextStep, status: UserFacingState): string {
  if (DECIDED.has(status)) return decidedText(status);
  switch (step.kind) {
    case 'admins_asked':
      return status === 'new'
        ? 'An admin needs to approve this app. Add a note if you like, then send it to them. I will tell you here when they decide.'
        : 'The admins have been asked. I will tell you here as soon as they decide.';
    case 'self_fix':
      return `Good news: you can fix this yourself. ${md(step.how, LIMITS.justification)}`;
    case 'not_consent':
      return `This is not a consent problem, so an admin approval would not help. Please contact ${md(step.contact, LIMITS.name)}.`;
    case 'not_set_up':
      return 'Approvals are not set up yet. Your request is saved and waits until an admin connects me to their channel.';
  }
}

/** Data the user's buttons carry: the signed request when there is one, else just the app id. */
function refOrApp(vm: AnswerViewModel): Record<string, string> {
  if (vm.ref) return { requestId: vm.ref.requestId, mac: vm.ref.mac };
  return vm.app.appId ? { appId: vm.app.appId } : {};
}

export function answerCard(vm: AnswerViewModel): AdaptiveCard {
  const status = userStateLine(vm.status, vm.reason, 'Status: ');
  const signInUrl = safeHttpsUrl(vm.signInUrl);
  // A note for the admins: before anything is sent, or on the viewer's own request that waits without one.
  const canSend = adminsAct(vm.nextStep) && (vm.status === 'new' || vm.noteInvited === true);
  const decided = DECIDED.has(vm.status);
  // A decided card shows the outcome and what changed, not the blockers it was asked about.
  const findings = decided
    ? (vm.changes ?? []).map((c) => ({ text: `• ${md(c)}` }))
    : vm.findings
        .slice(0, MAX_FINDINGS)
        .map((f) => ({ text: `${f.severity === 'blocker' ? '• ' : '◦ '}${md(f.text)}` }));
  return expandTemplate(template, {
    appName: md(vm.app.displayName, LIMITS.name),
    hasPublisher: vm.app.publisherName !== null,
    publisher: `by ${md(vm.app.publisherName, LIMITS.name)}`,
    hasFindings: findings.length > 0,
    findingsHeading: decided ? 'What changed' : 'What is going on',
    findings,
    nextStep: nextStepText(vm.nextStep, vm.status),
    // No request and nothing for admins to do (fix it yourself / not consent): no status to show.
    hasStatus: vm.status !== 'new' || canSend,
    statusText: status.text,
    statusColor: status.color,
    // The bot's own sentences (they may bold a button's name), so not escaped like the diagnosis' text.
    hasNotes: (vm.notes ?? []).length > 0,
    notes: (vm.notes ?? []).map((text) => ({ text })),
    canSend,
    sendData: refOrApp(vm),
    checkData: refOrApp(vm),
    hasSignIn: signInUrl !== null,
    signInUrl: signInUrl ?? '',
  });
}
