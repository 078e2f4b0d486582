/** Exit codes of `consent-doctor` (scripts branch on them; keep them stable). */
export const EXIT = {
  /** The diagnosis ran (whatever it found). */
  ok: 0,
  /** Unexpected internal error. */
  internal: 1,
  /** Bad or missing arguments; usage was printed. */
  usage: 2,
  /** The user does not exist in the tenant (the diagnosis is still printed). */
  unknownUser: 3,
  /** No app matches the --app text. */
  unknownApp: 4,
  /** Several apps match the --app text; they are printed. */
  ambiguousApp: 5,
  /** Graph or the token endpoint is unreachable, throttles us out, or refuses our credentials. */
  graphUnavailable: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
