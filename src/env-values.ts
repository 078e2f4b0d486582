/**
 * Reading one environment variable, shared by the configuration (src/config.ts) and the settings
 * parsed beside it (src/watchers/settings.ts), so every setting treats blanks and numbers alike.
 */
export type Env = Record<string, string | undefined>;

/** Empty strings count as unset: an empty BOT_ID must never look like a configured one. */
export function envValue(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** A whole number within [min, max]; anything else is reported and the fallback used. */
export function envInteger(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problem: (variable: string, message: string) => void,
): number {
  const raw = envValue(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    problem(name, `must be an integer from ${min} to ${max}; got "${raw}"`);
    return fallback;
  }
  return n;
}
