/**
 * 1:1 notifications to the requester once a decision lands: approved (what changed, try again now),
 * denied (the reason), failed, expired. Available as a card and as plain text.
 */
import type { ApprovalRequest } from '../requests/model';
import type { TextColor } from './approval-status';
import { type ChangeContext, type ChangeView, changeForUser, toChangeView } from './changes';
import { safeHttpsUrl } from './links';
import { expandTemplate } from './render';
import template from './templates/notice.json';
import { LIMITS, md } from './text';
import type { AdaptiveCard } from './types';

export type NoticeViewModel =
  | { kind: 'approved'; appName: string; changes: string[]; signInUrl: string | null }
  | { kind: 'denied'; appName: string; reason: string | null }
  | { kind: 'failed'; appName: string }
  | { kind: 'expired'; appName: string };

/** null for states the requester is not notified about (pending, approving, withdrawn by themselves). */
export function toNoticeViewModel(
  request: ApprovalRequest,
  ctx: ChangeContext = {},
  signInUrl: string | null = null,
): NoticeViewModel | null {
  const appName = request.diagnosis.app?.displayName ?? request.appDisplayName;
  switch (request.state) {
    case 'approved': {
      const applied = (request.outcome?.steps ?? [])
        .filter((s) => s.status === 'done' || s.status === 'already_done')
        .map((s) => toChangeView(s.remedy, ctx))
        .filter((c): c is ChangeView => c !== null);
      return { kind: 'approved', appName, changes: applied.map(changeForUser), signInUrl };
    }
    case 'denied':
      return { kind: 'denied', appName, reason: request.decision.reason };
    case 'failed':
      return { kind: 'failed', appName };
    case 'expired':
      return { kind: 'expired', appName };
    default:
      return null;
  }
}

interface NoticeParts {
  headline: string;
  color: TextColor;
  lines: string[];
}

/** The words, with untrusted parts markdown-escaped. */
function parts(vm: NoticeViewModel, clean: (s: string | null, max: number) => string = md): NoticeParts {
  const app = clean(vm.appName, LIMITS.name);
  switch (vm.kind) {
    case 'approved':
      return {
        headline: `${app} is approved`,
        color: 'Good',
        lines: [
          ...vm.changes.map((c) => clean(c, LIMITS.line)),
          'Please try signing in again now. If you still see "Need admin approval", tell me and I will check again.',
        ],
      };
    case 'denied':
      return {
        headline: `Your request for ${app} was declined`,
        color: 'Attention',
        lines: [
          `The admin's reason: ${clean(vm.reason ?? 'none given', LIMITS.justification)}`,
          'If something is unclear, reply here and I will help.',
        ],
      };
    case 'failed':
      return {
        headline: `The fix for ${app} did not go through`,
        color: 'Attention',
        lines: [
          'An admin approved your request, but applying the change failed. The admins can see what went wrong and can try again.',
        ],
      };
    case 'expired':
      return {
        headline: `Your request for ${app} expired`,
        color: 'Default',
        lines: ['No admin answered in time. If you still need the app, ask me again and I will send a new request.'],
      };
  }
}

export function noticeCard(vm: NoticeViewModel): AdaptiveCard {
  const p = parts(vm);
  const signInUrl = vm.kind === 'approved' ? safeHttpsUrl(vm.signInUrl) : null;
  return expandTemplate(template, {
    headline: p.headline,
    color: p.color,
    lines: p.lines.map((text) => ({ text })),
    hasSignIn: signInUrl !== null,
    signInUrl: signInUrl ?? '',
  });
}
