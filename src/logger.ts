/**
 * Structured logs (pino, one JSON object per line). Redaction is configured here, once, so no
 * call site can leak an Authorization header, a client secret or a token by accident.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { TurnContext } from 'botbuilder';

export type { Logger } from 'pino';

/** Key paths pino censors wherever they appear (up to two levels deep). */
export const REDACT_PATHS = [
  'authorization', 'Authorization',
  '*.authorization', '*.Authorization',
  'headers.authorization', '*.headers.authorization', '*.headers.Authorization',
  'req.headers.cookie',
  '*.password', '*.secret', '*.clientSecret', '*.token', '*.accessToken', '*.access_token',
  '*.refresh_token', '*.id_token', '*.client_secret', '*.assertion', '*.cardMacKey', '*.connectionString',
  'password', 'secret', 'clientSecret', 'token', 'accessToken', 'access_token', 'client_secret',
  'cardMacKey', 'connectionString',
];

export interface LoggerOptions {
  level?: string;
  /** Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'consent-doctor',
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    opts.destination,
  );
}

const TURN_LOGGER = Symbol('consent-doctor.turnLogger');

/** Attach a per-turn child logger (carrying the correlation ids) so dialogs log with the same ids. */
export function setTurnLogger(context: TurnContext, logger: Logger): void {
  context.turnState.set(TURN_LOGGER, logger);
}

export function turnLogger(context: TurnContext, fallback: Logger): Logger {
  const found: unknown = context.turnState.get(TURN_LOGGER);
  return (found as Logger | undefined) ?? fallback;
}
