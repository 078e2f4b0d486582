/** A request's state in the requester's words (plain, kind, no jargon). Returns escaped markdown. */
import type { ApprovalRequest, RequestState } from '../requests/model';
import type { TextColor } from './approval-status';
import { LIMITS, md } from './text';

export type UserFacingState = RequestState | 'new';

/**
 * The request's state as its requester should read it: a request for an app the tenant does not
 * have is stored "pending" but reaches no admin until the person sends it, so it reads as not sent.
 */
export function userFacingState(request: Pick<ApprovalRequest, 'state' | 'awaitingConfirmation'>): UserFacingState {
  return request.state === 'pending' && request.awaitingConfirmation === true ? 'new' : request.state;
}

/**
 * A mark before each state whose colour means something, so the state reads the same without
 * colour (colour-blind readers, high-contrast themes, screen readers: WCAG 1.4.1 Use of Color).
 */
const STATE_MARKS: Record<UserFacingState, string> = {
  new: '',
  pending: '⏳',
  approving: '⏳',
  approved: '✅',
  failed: '⚠️',
  denied: '⛔',
  expired: '',
  withdrawn: '',
};

/** The state as one line: its mark (if any) and its words. */
export function userStateLine(
  state: UserFacingState,
  reason: string | null = null,
  label = '',
): { text: string; color: TextColor } {
  const { text, color } = userStateText(state, reason);
  const mark = STATE_MARKS[state];
  return { text: `${mark ? `${mark} ` : ''}${label}${text}`, color };
}

function userStateText(state: UserFacingState, reason: string | null): { text: string; color: TextColor } {
  switch (state) {
    case 'new':
      return { text: 'Not sent to the admins yet.', color: 'Default' };
    case 'pending':
      return { text: 'Waiting for an admin to decide.', color: 'Accent' };
    case 'approving':
      return { text: 'An admin approved it and the fix is being applied right now.', color: 'Accent' };
    case 'approved':
      return { text: 'Approved and fixed. Please try signing in again.', color: 'Good' };
    case 'failed':
      return {
        text: 'An admin approved it, but the fix did not go through. The admins can see what went wrong and can approve it again.',
        color: 'Attention',
      };
    case 'denied':
      return {
        text: `An admin declined this request. Their reason: ${md(reason ?? 'none given', LIMITS.justification)}`,
        color: 'Attention',
      };
    case 'expired':
      return { text: 'No admin answered in time, so this request expired. You can ask again.', color: 'Default' };
    case 'withdrawn':
      return { text: 'You withdrew this request.', color: 'Default' };
  }
}
