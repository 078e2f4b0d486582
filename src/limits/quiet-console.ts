/**
 * Keeps what botframework-connector prints itself out of the log while it checks a channel token.
 *
 * Its JwtTokenExtractor writes to console.error whenever verification fails after the key was found
 * (a bad signature under a known key id): "Error finding key for token. Available keys: " and the
 * whole PEM key, several lines for every such request, unsampled, from anyone who can reach the
 * port. The refusal that follows is already logged once, sampled, with the library's error message
 * (src/teams/bot-auth.ts), so inside `quietly` the library's console output is dropped. Everywhere else
 * console behaves as usual: the check is on the async context, not on the message text.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const QUIET = new AsyncLocalStorage<true>();
const METHODS = ['error', 'warn', 'log', 'info', 'debug'] as const;
const WRAPPED = Symbol.for('consent-doctor.quiet-console');

type ConsoleMethod = (...args: unknown[]) => void;

/** Wraps console's methods once (again if something, e.g. a test spy, replaced them since). */
function install(): void {
  for (const method of METHODS) {
    const current = console[method] as ConsoleMethod & { [WRAPPED]?: true };
    if (current[WRAPPED]) continue;
    const wrapped = Object.assign(
      (...args: unknown[]): void => {
        if (QUIET.getStore()) return;
        current.apply(console, args);
      },
      { [WRAPPED]: true as const },
    );
    console[method] = wrapped;
  }
}

/** Runs `work` with library console output dropped for everything it (asynchronously) does. */
export function quietly<T>(work: () => Promise<T>): Promise<T> {
  install();
  return QUIET.run(true, work);
}
