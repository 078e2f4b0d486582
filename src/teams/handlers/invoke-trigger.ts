/**
 * Whether an `adaptiveCard/action` invoke is a person's click or a card refresh.
 *
 * The invoke schema has `trigger?: "automatic" | "manual"`
 * (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards),
 * but not every client sends it: the Microsoft 365 Agents Playground's web UI sends a button press as
 * `{"action": {...}}` alone. So an absent trigger counts as a click on that button's own verb, and
 * `automatic` (or anything else a client might invent) as a refresh. This is safe because the
 * card refresh uses a verb of its own (refreshApproval) that never writes, whatever its trigger.
 */
export type InvokeTrigger = 'manual' | 'automatic';

export function invokeTriggerOf(invokeValue: unknown): InvokeTrigger {
  if (typeof invokeValue !== 'object' || invokeValue === null) return 'automatic';
  const { trigger, action } = invokeValue as { trigger?: unknown; action?: unknown };
  if (trigger === 'manual') return 'manual';
  if (trigger !== undefined && trigger !== null) return 'automatic';
  // No trigger: a click only when it is a well-formed Action.Execute (what a button press sends).
  const type = typeof action === 'object' && action !== null ? (action as { type?: unknown }).type : undefined;
  return type === 'Action.Execute' ? 'manual' : 'automatic';
}
