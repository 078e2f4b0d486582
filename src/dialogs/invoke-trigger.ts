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
  if (!Object.prototype.hasOwnProperty.call(invokeValue, 'trigger')) return 'manual';
  const trigger = (invokeValue as { trigger?: unknown }).trigger;
  return trigger === 'manual' || trigger === undefined || trigger === null ? 'manual' : 'automatic';
}
