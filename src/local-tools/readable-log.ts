/**
 * Local mode's log format: one short line per event for a person at a terminal, instead of pino's
 * JSON objects (a turn line was ~600 characters and pushed the start-up guide off the screen).
 * Production keeps JSON; LOG_FORMAT=json keeps it locally too. Redaction has already happened in
 * pino when a line reaches this stream.
 */
import { Writable } from 'node:stream';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
/** Bookkeeping and correlation ids: useful in JSON logs, noise on a terminal. */
const HIDDEN = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'name',
  'msg',
  'turnId',
  'activityId',
  'conversationId',
  'tenantId',
  'userAadObjectId',
  'replicaId',
  'v',
]);
const MAX_VALUE = 60;
export const MAX_LINE = 160;

function short(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') {
    const err = value as { message?: unknown; code?: unknown };
    if (typeof err.message === 'string')
      return `${typeof err.code === 'string' ? `${err.code}: ` : ''}${err.message}`.slice(0, MAX_VALUE);
    return JSON.stringify(value).slice(0, MAX_VALUE);
  }
  const text = String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function clock(ms: unknown): string {
  const d = typeof ms === 'number' ? new Date(ms) : new Date();
  return d.toTimeString().slice(0, 8);
}

/** One pino JSON line -> one readable line (pure). Lines that are not JSON pass through. */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = LEVELS[Number(entry.level)] ?? 'INFO ';
  const msg = typeof entry.msg === 'string' ? entry.msg : '';
  let fields: string;
  if (msg === 'turn') {
    // "turn message personal handled 85ms"
    const invokeName = entry.name === 'consent-doctor' ? null : entry.name;
    fields =
      [entry.type, invokeName, entry.conversationType, entry.outcome]
        .filter((v) => typeof v === 'string' && v !== '')
        .join(' ') + (typeof entry.durationMs === 'number' ? ` ${entry.durationMs}ms` : '');
  } else if (msg === 'starting' && entry.config && typeof entry.config === 'object') {
    const c = entry.config as Record<string, unknown>;
    fields = `mode=${short(c.mode)} listen=${short(c.listen)}`;
  } else {
    fields = Object.entries(entry)
      .filter(([k]) => !HIDDEN.has(k))
      .map(([k, v]) => `${k}=${short(v)}`)
      .join(' ');
  }
  const line = `${clock(entry.time)} ${level} ${msg}${fields ? `  ${fields}` : ''}`;
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

/** A pino destination writing readable lines to `out` (stdout). */
export function readableDestination(out: NodeJS.WritableStream = process.stdout): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') out.write(`${readableLine(line)}\n`);
      done();
    },
  });
}

/** Whether local mode should write readable lines (LOG_FORMAT=json keeps JSON). */
export function wantsReadableLogs(mode: string, env: Record<string, string | undefined>): boolean {
  return mode === 'local' && env.LOG_FORMAT?.trim().toLowerCase() !== 'json';
}
