/** The user's own requests, newest first, with Withdraw on the ones still pending. */
import type { ApprovalRequest } from '../requests/model';
import { expandTemplate } from './render';
import template from './templates/status.json';
import { LIMITS, cardDate, md } from './text';
import type { AdaptiveCard, CardDataRef } from './types';
import { type UserFacingState, userFacingState, userStateLine } from './user-state';

export const MAX_STATUS_ITEMS = 15;

export interface StatusItem {
  ref: CardDataRef;
  appName: string;
  state: UserFacingState;
  createdAt: string;
  updatedAt: string;
  reason: string | null;
}

export function toStatusItems(requests: ApprovalRequest[], sign: (requestId: string) => CardDataRef): StatusItem[] {
  return requests.map((r) => ({
    ref: sign(r.id),
    appName: r.diagnosis.app?.displayName ?? r.appDisplayName,
    state: userFacingState(r),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    reason: r.decision.reason,
  }));
}

export function statusCard(requests: StatusItem[]): AdaptiveCard {
  const sorted = [...requests].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const shown = sorted.slice(0, MAX_STATUS_ITEMS);
  const hidden = sorted.length - shown.length;
  return expandTemplate(template, {
    isEmpty: sorted.length === 0,
    items: shown.map((r) => {
      const state = userStateLine(r.state, r.reason);
      return {
        appName: md(r.appName, LIMITS.name),
        stateText: state.text,
        stateColor: state.color,
        dates: `Asked ${cardDate(r.createdAt)}${r.updatedAt !== r.createdAt ? `, last change ${cardDate(r.updatedAt)}` : ''}`,
        // Still open, sent or not.
        canWithdraw: r.state === 'pending' || r.state === 'new',
        ref: { requestId: r.ref.requestId, mac: r.ref.mac },
      };
    }),
    hasMore: hidden > 0,
    moreText: `${hidden} older ${hidden === 1 ? 'request is' : 'requests are'} not shown.`,
  });
}
