/**
 * Structured logs (pino, one JSON object per line). Redaction is configured here, once, so no
 * call site can leak an Authorization header, a client secret or a token by accident.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Key paths pino censors wherever they appear (up to two levels deep). */
export const REDACT_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'req.headers.cookie',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.client_secret',
  '*.assertion',
  '*.cardMacKey',
  '*.connectionString',
  'password',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  'access_token',
  'client_secret',
  'cardMacKey',
  'connectionString',
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
