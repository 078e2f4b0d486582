/** Small shared pieces of the watchers' runs. */

/** An error as one line for a run record (never a stack). */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.split('\n')[0].slice(0, 300);
}
