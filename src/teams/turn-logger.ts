/**
 * The turn's own logger: a child carrying the correlation ids, kept on the turn so every handler
 * logs with the same ids (src/teams/server.ts attaches it).
 */
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logger';

const TURN_LOGGER = Symbol('consent-doctor.turnLogger');

/** Attach a per-turn child logger (carrying the correlation ids) so handlers log with the same ids. */
export function setTurnLogger(context: TurnContext, logger: Logger): void {
  context.turnState.set(TURN_LOGGER, logger);
}

export function turnLogger(context: TurnContext, fallback: Logger): Logger {
  const found: unknown = context.turnState.get(TURN_LOGGER);
  return (found as Logger | undefined) ?? fallback;
}
