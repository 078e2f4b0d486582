/**
 * What a click (or a refresh) on the admin card should do, as a pure function of the request's
 * state, the verb, the invoke's trigger and the clicker's authorization. Nothing here reads or writes;
 * src/approvals/click.ts carries the decision out.
 *
 * Rules (docs/architecture.md#approval-model):
 *  - only clicks may write: `trigger: "manual"`, or no trigger at all on a button's own verb (the
 *    Agents Playground sends none; src/teams/handlers/invoke-trigger.ts). `automatic` is a refresh, and the
 *    refresh verb (refreshApproval) only renders whatever its trigger says;
 *  - a decided or stale card shows the current state (nothing written); a pending request, or a
 *    failed approval (approve again, or deny), is still to be decided;
 *  - decisions are taken on the request's card in the approvals channel: a valid card reference
 *    clicked anywhere else (a 1:1 chat, another channel) only shows the current state;
 *  - the clicker must be authorised, otherwise they get an explanation;
 *  - Deny needs a reason; Approve needs a plan with something the bot can do.
 */
import type { Remedy } from '../diagnosis/types';
import type { Authorization } from '../requests/authorize';
import type { ApprovalRequest, ApprovalScope, RequestState } from '../requests/model';
import { isDecidable, remediesFor } from '../requests/state-machine';
import { plain, LIMITS } from '../cards/text';
import type { ChoiceResult } from './choices';

export const APPROVAL_VERBS = ['approveAll', 'approveUser', 'deny', 'refreshApproval'] as const;
export type ApprovalVerb = (typeof APPROVAL_VERBS)[number];
export type Trigger = 'manual' | 'automatic';
export type CardView = 'approver' | 'observer';

export interface ClickFacts {
  state: RequestState;
  verb: ApprovalVerb;
  trigger: Trigger;
  /** null when it was not checked (decided requests need no authorization to be shown). */
  authorization: Authorization | null;
  /** What each approval scope would write (remediesFor). */
  plans: Record<ApprovalScope, readonly Remedy[]>;
  /** The deny reason as typed into the card (untrusted, raw). */
  denyReason: unknown;
  /** True when the click did not come from the conversation holding the request's approval card. */
  elsewhere?: boolean;
  /** What each plan writes with the approver's card choices applied (choices.ts); absent = the plan as it is. */
  choices?: Record<ApprovalScope, ChoiceResult>;
  /** False when the app has no enterprise app in the tenant (nothing may be written in one click). */
  appInTenant?: boolean;
}

export type ClickDecision =
  /** Show the request as it is now; `note` explains why nothing happened, when something was asked. */
  | { kind: 'render'; view: CardView; note: string | null }
  /** The clicker may not decide: explain, write nothing (but audit the refusal). */
  | { kind: 'refuse'; reason: string }
  /** The click was well-meant but incomplete (no deny reason, nothing to apply): ask again. */
  | { kind: 'invalid'; message: string }
  | { kind: 'approve'; scope: ApprovalScope; remedies: Remedy[] }
  | { kind: 'deny'; reason: string };

export const MAX_DENY_REASON = LIMITS.justification;

/** The deny reason as stored: one line of plain text, capped; '' when absent or not a string. */
function cleanDenyReason(raw: unknown): string {
  return typeof raw === 'string' ? plain(raw, MAX_DENY_REASON) : '';
}

/** Whether rendering this state needs the clicker's authorization (only pending and failed cards show buttons). */
export function needsAuthorization(state: RequestState): boolean {
  return isDecidable(state);
}

export function viewFor(authorization: Authorization | null): CardView {
  return authorization?.allowed ? 'approver' : 'observer';
}

const DECIDED_NOTE: Partial<Record<RequestState, string>> = {
  approving: 'Someone is already applying this request; the card shows its progress.',
  approved: 'This request was already approved; nothing more was changed.',
  denied: 'This request was already denied; nothing was changed.',
  expired: 'This request expired; nothing was changed.',
  withdrawn: 'The requester withdrew this request; nothing was changed.',
};

export const NOT_IN_TENANT_NOTE =
  "This app is not in your tenant yet, so the bot writes nothing for it: review it on Entra's consent screen with the admin consent link on this card. Once the app is added, the request is checked again. Nothing was changed.";

export const ELSEWHERE_NOTE =
  'Approve or deny this request on its card in the approvals channel; nothing was changed from here.';

export function decideClick(input: ClickFacts): ClickDecision {
  const view = viewFor(input.authorization);
  const isRefresh = input.verb === 'refreshApproval' || input.trigger !== 'manual';
  if (isRefresh) return { kind: 'render', view, note: null };
  if (!isDecidable(input.state)) return { kind: 'render', view, note: DECIDED_NOTE[input.state] ?? null };
  if (input.elsewhere) return { kind: 'render', view: 'observer', note: ELSEWHERE_NOTE };
  if (!input.authorization)
    return { kind: 'refuse', reason: 'Your permissions could not be checked, so nothing was changed.' };
  if (!input.authorization.allowed) return { kind: 'refuse', reason: input.authorization.reason };
  switch (input.verb) {
    case 'approveAll':
    case 'approveUser': {
      const scope: ApprovalScope = input.verb === 'approveAll' ? 'everyone' : 'user';
      if (input.appInTenant === false) return { kind: 'invalid', message: NOT_IN_TENANT_NOTE };
      if (input.plans[scope].length === 0) {
        return {
          kind: 'invalid',
          message:
            'There is no change the bot can make for this choice, so nothing was changed. Use the link to Entra instead.',
        };
      }
      const chosen = input.choices?.[scope] ?? { ok: true, remedies: [...input.plans[scope]], confirmed: [] };
      if (!chosen.ok) return { kind: 'invalid', message: chosen.message };
      return { kind: 'approve', scope, remedies: chosen.remedies };
    }
    case 'deny': {
      const reason = cleanDenyReason(input.denyReason);
      if (reason === '')
        return { kind: 'invalid', message: 'Please type a reason before you deny: the requester will see it.' };
      return { kind: 'deny', reason };
    }
    case 'refreshApproval':
      return { kind: 'render', view, note: null };
  }
}

/**
 * The plans the decision compares against, from the stored request. Approving a failed request
 * again is a new decision: it starts from the stored plan, as its card shows it (confirmations and
 * role pick asked again), not from the writes the failed attempt chose.
 */
export function plansOf(request: ApprovalRequest): Record<ApprovalScope, Remedy[]> {
  const fresh = request.state === 'failed';
  return { everyone: remediesFor(request, 'everyone', fresh), user: remediesFor(request, 'user', fresh) };
}
