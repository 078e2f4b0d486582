/**
 * Entra object ids, app ids and tenant ids: GUIDs in 8-4-4-4-12 hex form, any case, no braces.
 * The one check for them everywhere; callers trim input a person typed.
 */
export const GUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const EXACT_GUID = new RegExp(`^${GUID_PATTERN.source}$`, 'i');

export function isGuid(value: unknown): boolean {
  return typeof value === 'string' && EXACT_GUID.test(value);
}
