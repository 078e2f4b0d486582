/**
 * Argument parsing for `consent-doctor diagnose` (node:util parseArgs, strict: unknown options are
 * errors, not silently ignored).
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { resolveScope } from '../diagnosis/resources';

export const DIAGNOSE_USAGE = `Usage: consent-doctor diagnose --user UPN|ID --app APPID|TEXT [options]

Diagnoses why a user sees "Need admin approval" for an app.

  --user UPN|ID          the person who sees the prompt
  --app APPID|TEXT       the app id, a pasted consent URL or error text, or words ("the SharePoint connector")
  --tenant FIXTURE       run against the local simulator loaded with this tenant fixture (JSON file);
                         without it: the tenant configured in the environment (GRAPH_TENANT_ID,
                         GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET, GRAPH_AUTHORITY_URL, GRAPH_BASE_URL)
  --app-permissions LIST application permissions the app is documented to request, space separated,
                         e.g. "https://graph.microsoft.com/Sites.Read.All" (Graph cannot tell these)
  --now ISO-TIME         judge time-based rules (expired requests) as of this instant, e.g. to
                         reproduce an earlier diagnosis; default: the current time
  --json                 machine-readable output
  --no-color             no ANSI colours (also when NO_COLOR is set or stdout is not a terminal)
  -h, --help             this text

Exit codes: 0 diagnosed, 2 bad arguments, 3 unknown user, 4 unknown app, 5 several apps match,
6 Graph or the tenant unreachable / authentication failed.`;

export interface DiagnoseArgs {
  tenant: string | null;
  user: string;
  app: string;
  json: boolean;
  color: boolean;
  applicationPermissions: Record<string, string[]> | undefined;
  now: Date | undefined;
}

/** Strict parseArgs for a subcommand: an unknown option or a positional is an error, given back as text. */
export function parseCommandOptions<const O extends ParseArgsOptionsConfig>(argv: readonly string[], options: O) {
  try {
    return {
      ok: true as const,
      values: parseArgs({ args: [...argv], allowPositionals: false, strict: true, options }).values,
    };
  } catch (err) {
    return { ok: false as const, error: err instanceof Error ? err.message : String(err) };
  }
}

export type ParseResult = { ok: true; args: DiagnoseArgs } | { ok: false; help: boolean; error: string | null };

export function parseDiagnoseArgs(argv: readonly string[], colorDefault: boolean): ParseResult {
  const parsed = parseCommandOptions(argv, {
    tenant: { type: 'string' },
    user: { type: 'string' },
    app: { type: 'string' },
    'app-permissions': { type: 'string' },
    now: { type: 'string' },
    json: { type: 'boolean', default: false },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (!parsed.ok) return { ok: false, help: false, error: parsed.error };
  const { values } = parsed;
  if (values.help) return { ok: false, help: true, error: null };
  const user = values.user?.trim() ?? '';
  const app = values.app?.trim() ?? '';
  if (!user) return { ok: false, help: false, error: 'missing --user' };
  if (!app) return { ok: false, help: false, error: 'missing --app' };
  const tenant = values.tenant?.trim() || null;
  if (values.tenant !== undefined && !tenant) return { ok: false, help: false, error: '--tenant needs a fixture file' };
  let applicationPermissions: Record<string, string[]> | undefined;
  if (values['app-permissions'] !== undefined) {
    const parsed = parseAppPermissions(values['app-permissions']);
    if (typeof parsed === 'string') return { ok: false, help: false, error: parsed };
    applicationPermissions = parsed;
  }
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.now) || Number.isNaN(now.getTime()))
      return { ok: false, help: false, error: `--now: not an ISO date-time: ${values.now}` };
  }
  const color = values['no-color'] ? false : (values.color ?? colorDefault);
  return { ok: true, args: { tenant, user, app, json: values.json ?? false, color, applicationPermissions, now } };
}

/** "https://graph.microsoft.com/Sites.Read.All Mail.Read" -> { graphAppId: [...] } (bare names are Graph's). */
function parseAppPermissions(text: string): Record<string, string[]> | string {
  const out: Record<string, string[]> = {};
  for (const raw of text.split(/[\s,]+/).filter((s) => s.length > 0)) {
    const resolved = resolveScope(raw);
    if (!resolved || !resolved.resourceAppId || resolved.isDefault)
      return `--app-permissions: cannot tell which API "${raw}" belongs to`;
    (out[resolved.resourceAppId] ??= []).push(resolved.value);
  }
  return Object.keys(out).length > 0 ? out : '--app-permissions: empty list';
}
