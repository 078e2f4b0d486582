/**
 * Local mode: drop Node's DEP0111 warning ("Access to process.binding('http_parser') is
 * deprecated"), which restify 11 triggers on every start under Node 20 and which a person running
 * `npm start` can do nothing about (restify 12 needs Node 22). Every other warning is printed as
 * usual. Must run before restify is loaded.
 */
const SILENCED = new Set(['DEP0111']);

type EmitWarning = typeof process.emitWarning;

/** The warning's code, from either emitWarning signature (code argument or options object). */
export function warningCode(args: unknown[]): string | null {
  const [, typeOrOptions, code] = args;
  if (typeof code === 'string') return code;
  if (
    typeOrOptions &&
    typeof typeOrOptions === 'object' &&
    typeof (typeOrOptions as { code?: unknown }).code === 'string'
  ) {
    return (typeOrOptions as { code: string }).code;
  }
  return null;
}

export function silenceKnownDeprecations(target: { emitWarning: EmitWarning } = process): void {
  const original = target.emitWarning;
  const filtered = function (this: unknown, ...args: unknown[]): void {
    const code = warningCode(args);
    if (code !== null && SILENCED.has(code)) return;
    (original as (...a: unknown[]) => void).apply(target, args);
  };
  target.emitWarning = filtered as EmitWarning;
}
