/**
 * What an Approve click writes: the stored plan, plus what the approver chose on the card, checked
 * against the plan. Card data is untrusted, so it can only select among what the stored plan already
 * offers:
 *  - a `confirm` scope (high-privilege, supported only by what the requester typed) is written only
 *    when its own toggle on the card is on; the toggles are looked up by position in the stored
 *    list and must send that item's own value, so a forged payload cannot name a scope the plan
 *    does not hold;
 *  - an assignment whose role the evidence does not name needs the approver's pick, which must be
 *    one of the stored choices and one of the app's user roles.
 * Pure.
 */
import type { Remedy } from '../diagnosis/types';
import { validRolePick } from '../diagnosis/assignment-role';
import type { AppRole } from '../graph/types';

/** Card input ids (Input.Toggle / Input.ChoiceSet); the card and this file agree on them. */
export const CONFIRM_INPUT_PREFIX = 'confirm_';
export const ROLE_INPUT_ID = 'assignRole';

/**
 * What toggle k sends when ticked: the item it was drawn for. Checked on the click, so a toggle drawn
 * for another version of the request (its plan changed since) can never confirm a different scope.
 */
export function toggleValue(item: ConfirmItem): string {
  return `${item.resourceAppId.toLowerCase()}/${item.scope}`;
}

export interface ConfirmItem {
  resourceAppId: string;
  scope: string;
}

const key = (c: ConfirmItem): string => `${c.resourceAppId.toLowerCase()} ${c.scope.toLowerCase()}`;

/** Every scope awaiting confirmation in the request's plans, deduplicated, in a stable order: toggle k is item k. */
export function confirmItems(plans: ReadonlyArray<readonly Remedy[]>): ConfirmItem[] {
  const seen = new Set<string>();
  const items: ConfirmItem[] = [];
  for (const plan of plans) {
    for (const r of plan) {
      if (r.kind !== 'grant_delegated') continue;
      for (const scope of r.confirm ?? []) {
        const item = { resourceAppId: r.resourceAppId, scope };
        if (!seen.has(key(item))) {
          seen.add(key(item));
          items.push(item);
        }
      }
    }
  }
  return items;
}

function field(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null && Object.prototype.hasOwnProperty.call(data, name)
    ? (data as Record<string, unknown>)[name]
    : undefined;
}

/** The confirm items whose toggle is on in the click's data. */
export function confirmedIn(data: unknown, items: readonly ConfirmItem[]): ConfirmItem[] {
  return items.filter((item, k) => {
    const sent = field(data, `${CONFIRM_INPUT_PREFIX}${k}`);
    return typeof sent === 'string' && sent.toLowerCase() === toggleValue(item).toLowerCase();
  });
}

export type ChoiceResult = { ok: true; remedies: Remedy[]; confirmed: ConfirmItem[] } | { ok: false; message: string };

export interface ChoiceInput {
  /** The stored plan for the chosen scope (remediesFor). */
  plan: readonly Remedy[];
  /** All confirm items of the request (both plans), as the card numbered them. */
  items: readonly ConfirmItem[];
  /** The click's data (untrusted). */
  data: unknown;
  /** The app's user roles as stored with the diagnosis. */
  appRoles: readonly AppRole[];
}

/** The exact writes for this click, or why there are none. */
export function chooseRemedies(input: ChoiceInput): ChoiceResult {
  const confirmed = confirmedIn(input.data, input.items);
  const ticked = new Set(confirmed.map(key));
  const remedies: Remedy[] = [];
  const used: ConfirmItem[] = [];
  for (const r of input.plan) {
    if (r.kind === 'grant_delegated') {
      const extra = (r.confirm ?? []).filter((scope) => ticked.has(key({ resourceAppId: r.resourceAppId, scope })));
      used.push(...extra.map((scope) => ({ resourceAppId: r.resourceAppId, scope })));
      const scopes = [...r.scopes, ...extra.filter((s) => !r.scopes.some((x) => x.toLowerCase() === s.toLowerCase()))];
      if (scopes.length === 0) continue;
      const { confirm: _confirm, refused: _refused, ...grant } = r;
      const sources = r.sources
        ? Object.fromEntries(
            Object.entries(r.sources).filter(([s]) => scopes.some((x) => x.toLowerCase() === s.toLowerCase())),
          )
        : undefined;
      remedies.push({ ...grant, scopes, ...(sources ? { sources } : {}) });
    } else if (r.kind === 'assign_user' && r.roleChoices && r.roleChoices.length > 0) {
      const picked = field(input.data, ROLE_INPUT_ID);
      if (picked === undefined || picked === '') {
        return { ok: false, message: 'Pick the app role to assign on the card first; nothing was changed.' };
      }
      const appRoleId = validRolePick(picked, r.roleChoices, input.appRoles);
      if (!appRoleId)
        return { ok: false, message: 'That role is not one the card offered for this app, so nothing was changed.' };
      const { roleChoices: _choices, ...assign } = r;
      remedies.push({ ...assign, appRoleId });
    } else {
      remedies.push(r);
    }
  }
  if (remedies.length === 0) {
    return {
      ok: false,
      message:
        "Nothing here may be written without your confirmation: tick the permissions you confirm, or use Entra's admin consent link. Nothing was changed.",
    };
  }
  return { ok: true, remedies, confirmed: used };
}
