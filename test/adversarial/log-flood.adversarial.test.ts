/**
 * Logs that cannot be flooded, against the production-mode bot (real Bot Framework JWT checks,
 * the simulator as the channel): hundreds of unauthenticated requests (no token, an expired one,
 * one without `exp`, one with a bad signature, a malformed activity, an oversized body) each get a short 401/400/413 and
 * cost at most LOG_REFUSALS_PER_MINUTE one-line log entries per reason per minute; the rest are
 * counted into one "refusals suppressed" line. No stack trace reaches the log, and nothing (not
 * even what botbuilder prints itself about a bad signature) reaches stderr.
 * A token without `exp` is refused (jsonwebtoken alone would accept it forever).
 */
import { randomUUID } from 'node:crypto';
import { mintChannelToken } from '../../sim/identity/bot-framework-client';
import { refusalLogFor } from '../../src/limits/refusal-log';
import { personalConversationId, teamsUserId } from '../helpers/app-harness';
import { messageActivity } from '../helpers/teams-activity';
import { useProductionHarness } from './support/production-harness';

const PER_MINUTE = 20;
const FLOOD = 150;

const stderrLines: string[] = [];

beforeAll(async () => {
  // What botbuilder (or anything else) prints to stderr is a log line too: collect, don't show.
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    stderrLines.push(args.map(String).join(' '));
  });
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    stderrLines.push(args.map(String).join(' '));
  });
});
afterAll(() => jest.restoreAllMocks());

const {
  bot: BOT,
  sim,
  h,
} = useProductionHarness({
  logLevel: 'info',
  env: { LOG_REFUSALS_PER_MINUTE: String(PER_MINUTE) },
});

function activity(): Record<string, unknown> {
  const user = h.user('alice');
  return messageActivity({
    serviceUrl: h.connector.serviceUrl,
    tenantId: h.tenantId,
    text: 'help',
    conversationId: `${personalConversationId(user)}-${randomUUID()}`,
    userId: teamsUserId(user),
    userAadObjectId: user.id,
    userName: user.displayName,
  });
}

async function send(body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(`${h.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, body: await res.text() };
}

it('answers a flood of refused requests briefly and logs one line per reason per minute, then a suppressed count', async () => {
  const expired = `Bearer ${await mintChannelToken(sim.url, { audience: BOT.appId, serviceUrl: h.connector.serviceUrl, lifetimeSeconds: -3600 })}`;
  const noExp = `Bearer ${await mintChannelToken(sim.url, { audience: BOT.appId, serviceUrl: h.connector.serviceUrl, withoutExp: true })}`;
  const valid = `Bearer ${await mintChannelToken(sim.url, { audience: BOT.appId, serviceUrl: h.connector.serviceUrl })}`;
  // Signed by a key that is not the channel's, under the channel key's id: only the signature check can tell.
  const badSignature = `Bearer ${await mintChannelToken(sim.url, { audience: BOT.appId, serviceUrl: h.connector.serviceUrl, signer: 'foreign-same-kid' })}`;
  const linesBefore = h.logs.length;
  const stderrBefore = stderrLines.length;

  const cases: Array<{ reason: string; status: number; run: () => Promise<{ status: number; body: string }> }> = [
    { reason: 'no_token', status: 401, run: () => send(JSON.stringify(activity()), {}) },
    { reason: 'expired', status: 401, run: () => send(JSON.stringify(activity()), { authorization: expired }) },
    { reason: 'no_exp', status: 401, run: () => send(JSON.stringify(activity()), { authorization: noExp }) },
    {
      reason: 'invalid_token',
      status: 401,
      run: () => send(JSON.stringify(activity()), { authorization: badSignature }),
    },
    {
      reason: 'bad_activity',
      status: 400,
      run: () => send(JSON.stringify({ ...activity(), recipient: null }), { authorization: valid }),
    },
    {
      reason: 'body_too_large',
      status: 413,
      run: () => send(JSON.stringify({ ...activity(), text: 'x'.repeat(300 * 1024) }), {}),
    },
  ];
  const statuses = new Map<string, number[]>();
  for (const c of cases) {
    const results = [];
    for (let i = 0; i < FLOOD; i += 25)
      results.push(...(await Promise.all(Array.from({ length: Math.min(25, FLOOD - i) }, () => c.run()))));
    statuses.set(c.reason, [...new Set(results.map((r) => r.status))]);
    for (const r of results) expect(r.body.length).toBeLessThan(100);
  }
  refusalLogFor(h.services.logger).flush(true);

  const lines = h.logs.slice(linesBefore);
  const refusedLines = (reason: string) => lines.filter((l) => l.reason === reason && l.suppressed === undefined);
  const suppressed = (reason: string) =>
    lines
      .filter((l) => l.reason === reason && l.msg === 'refusals suppressed')
      .reduce((n, l) => n + Number(l.suppressed), 0);
  process.stdout.write(
    `${cases.length} x ${FLOOD} refused requests -> ${lines.length} log lines, ${stderrLines.length - stderrBefore} stderr lines; per reason: ` +
      cases
        .map(
          (c) =>
            `${c.reason} ${JSON.stringify(statuses.get(c.reason))} ${refusedLines(c.reason).length} logged + ${suppressed(c.reason)} suppressed`,
        )
        .join('; ') +
      '\n',
  );

  for (const c of cases) {
    expect(statuses.get(c.reason)).toEqual([c.status]);
    expect(refusedLines(c.reason)).toHaveLength(PER_MINUTE);
    expect(suppressed(c.reason)).toBe(FLOOD - PER_MINUTE);
  }
  // Short lines, no stack traces, in our log and on stderr.
  for (const l of lines) {
    expect(l.err).toBeUndefined();
    expect(JSON.stringify(l)).not.toMatch(/\\n\s+at /);
  }
  expect(lines.filter((l) => l.msg === 'turn')).toEqual([]);
  expect(stderrLines.slice(stderrBefore)).toEqual([]);
  expect(lines.length).toBeLessThanOrEqual(cases.length * (PER_MINUTE + 1));

  // The bot still answers a real message.
  const ok = await send(JSON.stringify(activity()), { authorization: valid });
  expect(ok.status).toBe(200);
});
