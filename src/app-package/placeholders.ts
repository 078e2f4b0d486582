/**
 * Teams Toolkit style `${{NAME}}` placeholders. The manifest template keeps ids and domains out of
 * source control; filling happens at packaging time from env/.env.<env> plus the process environment.
 * Pure: callers pass the variable map.
 */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export class UnfilledPlaceholderError extends Error {
  constructor(
    readonly variables: string[],
    readonly source: string,
  ) {
    super(
      `${source}: no value for ${variables.map((v) => `\${{${v}}}`).join(', ')}. ` +
        `Set ${variables.length === 1 ? 'it' : 'them'} in the env file or the process environment.`,
    );
    this.name = 'UnfilledPlaceholderError';
  }
}

/** Every placeholder name in the text, in first-seen order, without duplicates. */
export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Replaces every placeholder; throws naming every variable that has no (or an empty) value, so a
 * half-filled manifest never reaches a zip. Values are JSON-string escaped because the template is
 * JSON and placeholders sit inside string literals.
 */
export function fillPlaceholders(text: string, vars: Record<string, string | undefined>, source = 'manifest'): string {
  const missing = placeholderNames(text).filter((name) => !vars[name]?.trim());
  if (missing.length > 0) throw new UnfilledPlaceholderError(missing, source);
  return text.replace(PLACEHOLDER, (_m, name: string) => JSON.stringify(vars[name]!.trim()).slice(1, -1));
}
