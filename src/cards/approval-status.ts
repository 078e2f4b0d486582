/**
 * The state part of the admin card: a label for the header and, once someone has acted, who did what
 * and what it changed. Returns escaped markdown lines.
 */
import type { RequestState } from '../requests/model';
import type { ApprovalViewModel, OutcomeStepView } from './approval-model';
import { LIMITS, cardDate, md } from './text';

/** Failures with approvals written as the approver (docs/permissions.md), said plainly on the card. */
const FAILURE_IN_PLAIN_WORDS: Readonly<Record<string, string>> = {
  Authorization_RequestDenied:
    "Microsoft Entra ID refused this change for the approver's own account: their directory role does not allow it. " +
    'A Global Administrator or Privileged Role Administrator can approve it.',
  NOT_WRITTEN:
    "The bot stopped before the change was written with the approver's account, and it never writes without them, so the missing part was not written. " +
    'Click Approve again to write it with your own account.',
};

export type TextColor = 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention';
export interface StatusLine {
  text: string;
  color: TextColor;
}

export const STATE_LABELS: Record<RequestState, { label: string; color: TextColor }> = {
  pending: { label: 'Waiting for approval', color: 'Accent' },
  approving: { label: 'Being applied', color: 'Accent' },
  approved: { label: 'Approved', color: 'Good' },
  failed: { label: 'Failed', color: 'Attention' },
  denied: { label: 'Denied', color: 'Attention' },
  expired: { label: 'Expired', color: 'Default' },
  withdrawn: { label: 'Withdrawn', color: 'Default' },
};

const STEP_STATUS: Record<OutcomeStepView['status'], string> = {
  done: 'Done',
  already_done: 'Already in place',
  failed: 'Failed',
  skipped: 'Not attempted',
};

function who(vm: ApprovalViewModel): string {
  return md(vm.decision.by ?? 'an approver', LIMITS.name);
}

function stepLine(step: OutcomeStepView): StatusLine {
  const error = step.error ? ` (${md(step.error, LIMITS.error)})` : '';
  const requestId = step.graphRequestId ? ` Graph request-id ${md(step.graphRequestId, 64)}.` : '';
  return {
    text: `${STEP_STATUS[step.status]}: ${md(step.change)}${error}.${requestId}`,
    color: step.status === 'failed' ? 'Attention' : 'Default',
  };
}

export function statusLines(vm: ApprovalViewModel): StatusLine[] {
  const at = cardDate(vm.decision.at ?? vm.updatedAt);
  const steps = vm.outcome?.steps ?? [];
  switch (vm.state) {
    case 'pending':
      return [];
    case 'approving':
      return [{ text: `In progress by ${who(vm)} since ${at}.`, color: 'Accent' }];
    case 'approved': {
      const scope =
        vm.decision.scope === 'user' ? `for ${md(vm.requester.displayName, LIMITS.name)} only` : 'for everyone';
      const verified =
        vm.outcome?.verified === true
          ? {
              text: 'Verified: a fresh check of the requester finds nothing blocking any more.',
              color: 'Good' as const,
            }
          : vm.outcome?.verified === false
            ? {
                text: 'Not verified: the check afterwards still finds a problem. Ask the requester to try again, then check again.',
                color: 'Warning' as const,
              }
            : { text: 'Not verified yet.', color: 'Default' as const };
      return [{ text: `Approved ${scope} by ${who(vm)} on ${at}.`, color: 'Good' }, ...steps.map(stepLine), verified];
    }
    case 'failed': {
      const code = vm.outcome?.error ?? 'unknown error';
      const done = steps.filter((s) => s.status === 'done' || s.status === 'already_done');
      const lines: StatusLine[] = [
        {
          text: `Failed after approval by ${who(vm)} on ${at}. Graph error: ${md(code, LIMITS.error)}.`,
          color: 'Attention',
        },
      ];
      const plainly = FAILURE_IN_PLAIN_WORDS[code];
      if (plainly) lines.push({ text: plainly, color: 'Default' });
      lines.push({
        text: done.length > 0 ? 'Already done before the failure:' : 'Nothing was changed before the failure.',
        color: 'Default',
      });
      const again = {
        text: 'An approver can approve again (the bot checks the tenant first and writes only what is still missing) or deny.',
        color: 'Default' as const,
      };
      return [...lines, ...steps.map(stepLine), again];
    }
    case 'denied':
      return [
        {
          text: `Denied by ${who(vm)} on ${at}. Reason: ${md(vm.decision.reason ?? 'none given', LIMITS.justification)}`,
          color: 'Attention',
        },
      ];
    case 'expired':
      return [{ text: `Expired on ${cardDate(vm.updatedAt)} without a decision.`, color: 'Default' }];
    case 'withdrawn':
      return [{ text: `Withdrawn by the requester on ${cardDate(vm.updatedAt)}.`, color: 'Default' }];
  }
}
