/**
 * The oracle check: the simulator's sign-in page (sim/signin/entra-decision.ts, written from
 * Entra's documented behaviour and independently of src/diagnosis) decides whether a user is
 * blocked; the bot's diagnosis must report a fixable cause exactly when the user is blocked, and
 * applying its remedies through Graph must let the user in.
 *
 * Run over every finding fixture. Where the two sides disagree the disagreement is listed in KNOWN
 * with the reason, rather than bending either side; a new disagreement (or a fixed one) fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthorizeParams } from '../../sim/signin/entra-decision';
import { runDiagnosis } from '../../src/diagnosis/run';
import { applyRemedies } from '../../src/graph/remedies';
import { MICROSOFT_GRAPH_APP_ID, type SignIn } from '../../src/graph/types';
import { openSim, type SimSession } from './diagnosis/sim-conn';

interface FixtureCase { user: string; app: string; expect: string[]; args?: string[]; now?: string }

const dir = join(__dirname, '..', 'fixtures', 'tenants', 'findings');
const cases = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .map((file) => ({ file, c: (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { _case: FixtureCase })._case }));

/** What the user would open: the pasted sign-in URL, else the app's own sign-in (its fixture scopes). */
function authorizeParams(c: FixtureCase): AuthorizeParams | null {
  const url = /https:\/\/\S+\/oauth2\/v2\.0\/authorize\?\S+/.exec(c.app)?.[0];
  if (url) {
    const q = new URL(url).searchParams;
    return { clientId: q.get('client_id'), scope: q.get('scope'), prompt: q.get('prompt'), loginHint: c.user, redirectUri: q.get('redirect_uri') };
  }
  if (/^[0-9a-f-]{36}$/i.test(c.app.trim())) return { clientId: c.app.trim(), scope: null, prompt: null, loginHint: c.user, redirectUri: null };
  return null;
}

function applicationPermissions(args: string[] | undefined): Record<string, string[]> | undefined {
  const i = args?.indexOf('--app-permissions') ?? -1;
  if (!args || i < 0) return undefined;
  return { [MICROSOFT_GRAPH_APP_ID]: args[i + 1].split(/\s+/).map((s) => s.replace('https://graph.microsoft.com/', '')) };
}

/** The page's verdict, read from the sign-in it records: 0 signed in, 65001 consent page, else blocked. */
async function visit(s: SimSession, params: AuthorizeParams): Promise<{ code: number; title: string }> {
  const query = new URLSearchParams(Object.entries({ client_id: params.clientId, scope: params.scope, prompt: params.prompt, login_hint: params.loginHint })
    .filter((e): e is [string, string] => e[1] !== null));
  const before = s.sim.tenant(s.tenantId).signIns.length;
  const res = await fetch(`${s.sim.url}/${s.tenantId}/oauth2/v2.0/authorize?${query.toString()}`);
  const body = await res.text();
  const signIns = s.sim.tenant(s.tenantId).signIns;
  expect(signIns.length).toBe(before + 1);
  return { code: (signIns.at(-1) as SignIn).status.errorCode, title: /<h1>([^<]*)<\/h1>/.exec(body)?.[1] ?? '' };
}

const blockedBy = (code: number): boolean => code !== 0 && code !== 65001;

/**
 * Known disagreements with the strict rule "fixable finding <=> blocked", each with its reason.
 * Reported to the lead rather than bent to agree.
 */
const KNOWN: Record<string, string> = {
  'APP_DISABLED.json': 'blocked (7000112); the diagnosis names the cause but by design offers no Graph fix (re-enabling an app is a manual admin step)',
  'USER_ACCOUNT_DISABLED.json': 'blocked (50057); account state is out of the bot\'s remedies by design',
  'USER_NOT_IN_TENANT.json': 'blocked (50020); inviting a guest is out of the bot\'s remedies by design',
  'APP_NOT_IN_TENANT.json': 'not blocked: a multi-tenant app without a service principal is instantiated by the first consent, and user consent is on (legacy), so Carol sees the consent page; the diagnosis offers to create the service principal',
  'WRONG_APP.json': 'by construction the two sides look at different apps: the page opens the pasted SharePoint link (healthy), the diagnosis picks the OneDrive connector named in the text (50105)',
};

describe.each(cases)('$file', ({ file, c }) => {
  const params = authorizeParams(c);
  const testOrSkip = params ? test : test.skip;
  testOrSkip(`the diagnosis finds a fixable cause exactly when the sign-in page blocks ${c.user}`, async () => {
    const s = await openSim(join(dir, file));
    try {
      // Diagnosis first, so the page's own sign-in record is not part of its evidence.
      const outcome = await runDiagnosis(s.conn, {
        tenantId: s.tenantId, userQuery: c.user, appText: c.app, applicationPermissions: applicationPermissions(c.args), now: c.now ? new Date(c.now) : undefined,
      });
      // A fixable *blocker* is the diagnosis's claim that the person is stopped now and Approve helps;
      // fixable warnings (e.g. scopes the person may still consent to themselves) make no such claim.
      const fixable = outcome.diagnosis.findings.filter((f) => f.fixable && f.severity === 'blocker').map((f) => f.code);
      const before = await visit(s, params as AuthorizeParams);
      const blocked = blockedBy(before.code);
      let after: number | null = null;
      if (blocked && fixable.length > 0) {
        await applyRemedies(s.graph, outcome.diagnosis.remedies);
        after = (await visit(s, params as AuthorizeParams)).code;
      }
      const line = `${file}: page=${before.code} "${before.title}" fixable=[${fixable.join(',')}] findings=[${outcome.diagnosis.findings.map((f) => f.code).join(',')}] after=${after}`;
      const agrees = blocked === (fixable.length > 0) && (after === null || after === 0);
      if (file in KNOWN) {
        // Still the documented disagreement (an agreement now means KNOWN must be updated).
        expect({ line, agrees }).toEqual({ line, agrees: false });
      } else {
        expect({ line, agrees }).toEqual({ line, agrees: true });
      }
      // Whatever the rule says: a fix the bot applies must never leave the user blocked.
      if (after !== null) expect({ line, after }).toEqual({ line, after: 0 });
    } finally {
      await s.close();
    }
  });
});
