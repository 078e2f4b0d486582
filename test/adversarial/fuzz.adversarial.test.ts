/**
 * Fuzzing /api/messages with the whole bot (local mode, app harness): thousands of hostile message
 * texts, Action.Execute payloads and broken envelopes, sent a few at a time from a seeded PRNG
 * (FUZZ_SEED reproduces a run; FUZZ_SCALE scales the counts). The bot must never crash, never answer
 * with internals (stack traces, file paths), never write a request row for card garbage, never let
 * prototype keys through, and must keep answering afterwards.
 */
import { randomUUID } from 'node:crypto';
import { REQUEST_STATES } from '../../src/requests/model';
import {
  ADMIN_CHANNEL_CONVERSATION_ID,
  personalConversationId,
  useAppHarness,
  teamsUserId,
} from '../helpers/app-harness';
import { invokeActivity, messageActivity, type TeamsActivity } from '../helpers/teams-activity';
import { NO_CHAT_LIMITS } from './support/no-chat-limits';
import { fuzzEnvelope, fuzzInvokeName, fuzzInvokeValue, fuzzText, pick, seededRng, type Rng } from './fuzz/payloads';

const SEED = Number(process.env.FUZZ_SEED ?? 20250909);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const TEXT_CASES = Math.round(1200 * SCALE);
const CARD_CASES = Math.round(900 * SCALE);
const ENVELOPE_CASES = Math.round(150 * SCALE);
const CONCURRENCY = 4;
const OTHER_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** What must never reach a client: stack frames, source paths, raw exception names. */
const INTERNALS =
  /\bat [\w.<>$[\]]+ \(|at Object\.|at async |node_modules|\/work\/|[\w-]+\.(?:ts|js):\d+:\d+|TypeError|ReferenceError|RangeError|SyntaxError|ECONNREFUSED|StorageError|RestError/;

interface Failure {
  phase: string;
  index: number;
  status: number | 'no response';
  detail: string;
}

// The fuzzed texts must reach intake: the chat limits and the body limit (their own tests are
// limits.adversarial and bodies.adversarial) would otherwise answer most of them first.
const h = useAppHarness({
  env: { MAX_ACTIVITY_BYTES: String(4 * 1024 * 1024), ...NO_CHAT_LIMITS },
  adminChannel: true,
});
const failures: Failure[] = [];
const statuses = new Map<string, number>();
const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

type Sender = { conversationType: 'personal' | 'channel'; who: string };

function senders(): Sender[] {
  const personal: Sender[] = h.users.map((u) => ({ conversationType: 'personal', who: u.id }));
  const channel: Sender[] = h.users.slice(0, 3).map((u) => ({ conversationType: 'channel', who: u.id }));
  return [...personal, ...channel];
}

function baseActivity(rng: Rng, tenantId = h.tenantId): Omit<Parameters<typeof messageActivity>[0], 'text'> {
  const { conversationType, who } = pick(rng, senders());
  const user = h.user(who);
  return {
    serviceUrl: h.connector.serviceUrl,
    tenantId,
    conversationType,
    conversationId: conversationType === 'personal' ? personalConversationId(user) : ADMIN_CHANNEL_CONVERSATION_ID,
    ...(conversationType === 'channel' ? { channelId: ADMIN_CHANNEL_CONVERSATION_ID } : {}),
    userId: teamsUserId(user),
    userAadObjectId: user.id,
    userName: user.displayName,
  };
}

async function postRaw(body: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${h.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: await res.text() };
}

type Outcome = { status: number; body: string } | { error: string };

function record(phase: string, index: number, result: Outcome): void {
  if ('error' in result) {
    failures.push({ phase, index, status: 'no response', detail: result.error });
    return;
  }
  const key = `${phase} ${result.status}`;
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
  const leaked = INTERNALS.exec(result.body);
  if (leaked)
    failures.push({
      phase,
      index,
      status: result.status,
      detail: `internals in the response: ${result.body.slice(Math.max(0, leaked.index - 80), leaked.index + 120)}`,
    });
  if (result.status >= 500 && result.body.length > 0 && result.status !== 501) {
    failures.push({ phase, index, status: result.status, detail: `a 5xx with a body: ${result.body.slice(0, 200)}` });
  }
}

/** Runs `count` cases, CONCURRENCY at a time; case i always gets the same generated input. */
async function runCases(phase: string, count: number, make: (rng: Rng, index: number) => string): Promise<void> {
  const rng = seededRng(SEED ^ phase.split('').reduce((a, c) => a * 31 + c.charCodeAt(0), 7));
  const bodies = Array.from({ length: count }, (_, i) => make(rng, i));
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const index = next++;
      try {
        record(phase, index, await postRaw(bodies[index]));
      } catch (err) {
        // undici's errors come from another realm than jest's: no instanceof here.
        const cause = (err as { cause?: { message?: string } }).cause?.message;
        record(phase, index, { error: `${String(err)}${cause ? ` (${cause})` : ''}` });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function expectHealthy(): Promise<void> {
  const res = await fetch(`${h.url}/healthz`);
  expect(res.status).toBe(200);
}

async function requestRows(): Promise<Map<string, string>> {
  const rows = await h.store.requests.listByState([...REQUEST_STATES]);
  return new Map(
    rows.map((r) => [
      r.value.id,
      `${r.value.id} app ${r.value.appId} by ${r.value.requester.userPrincipalName ?? r.value.requester.aadObjectId} (${r.value.state})`,
    ]),
  );
}

function describeFailures(): string {
  return `seed ${SEED}: ${failures.length} failures\n${failures
    .slice(0, 15)
    .map((f) => `  ${f.phase}#${f.index} ${f.status}: ${f.detail}`)
    .join('\n')}`;
}

describe(`fuzzing /api/messages (seed ${SEED})`, () => {
  it(`survives ${TEXT_CASES} hostile message texts`, async () => {
    const sp = h.sim.tenant(h.tenantId).servicePrincipals;
    const appWords = [...sp.map((s) => s.displayName), ...sp.map((s) => s.appId), 'SharePoint', 'Qlik', 'OneDrive'];
    const appIds = sp.map((s) => s.appId);
    const turnErrorsBefore = h.logs.filter((l) => l.msg === 'turn failed').length;
    await runCases('text', TEXT_CASES, (rng) =>
      JSON.stringify(messageActivity({ ...baseActivity(rng), text: fuzzText(rng, appWords, appIds) })),
    );
    expect(describeFailures()).toBe(`seed ${SEED}: 0 failures\n`);
    // Every text is an ordinary message: 200, and no turn may fail on user input.
    expect([...statuses.keys()].filter((k) => k.startsWith('text '))).toEqual(['text 200']);
    const turnErrors = h.logs.filter((l) => l.msg === 'turn failed').slice(turnErrorsBefore);
    expect(turnErrors.map((l) => (l.err as { message?: string } | undefined)?.message)).toEqual([]);
    await expectHealthy();
  });

  it(`survives ${CARD_CASES} malformed card payloads without writing a request`, async () => {
    const rowsBefore = await requestRows();
    await runCases('card', CARD_CASES, (rng) => {
      const activity = invokeActivity({ ...baseActivity(rng), name: 'adaptiveCard/action', value: null });
      const replyToId = rng() < 0.5 ? { replyToId: pick(rng, [randomUUID(), '', '0', '../x']) } : {};
      return JSON.stringify({ ...activity, ...replyToId, name: fuzzInvokeName(rng), value: fuzzInvokeValue(rng) });
    });
    expect(describeFailures()).toBe(`seed ${SEED}: 0 failures\n`);
    const created = [...(await requestRows()).entries()].filter(([id]) => !rowsBefore.has(id)).map(([, row]) => row);
    expect(created).toEqual([]);
    await expectHealthy();
  });

  it(`survives ${ENVELOPE_CASES} broken activity envelopes`, async () => {
    await runCases('envelope', ENVELOPE_CASES, (rng) =>
      fuzzEnvelope(rng, messageActivity({ ...baseActivity(rng), text: pick(rng, ['help', 'SharePoint', '']) })),
    );
    expect(describeFailures()).toBe(`seed ${SEED}: 0 failures\n`);
    await expectHealthy();
  });

  it('never put internals in anything sent to Teams, and no prototype was polluted', () => {
    const leaks = h.connector.calls.map((c) => JSON.stringify(c.body)).filter((b) => INTERNALS.test(b));
    expect(leaks.map((b) => b.slice(0, 300))).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // Loopback only: nothing tried to reach a real Bot Connector (a missing serviceUrl would).
    expect(
      h.logs.filter((l) => /ENOTFOUND|getaddrinfo|botframework\.com/.test(JSON.stringify(l))).map((l) => l.msg),
    ).toEqual([]);
  });

  it('refuses activities from another tenant (message: no reply; click: 403)', async () => {
    const rng = seededRng(SEED);
    const message = messageActivity({
      ...baseActivity(rng, OTHER_TENANT_ID),
      conversationId: `a:${randomUUID()}`,
      conversationType: 'personal',
      text: 'help',
    });
    const res = await h.post(message);
    expect(res.status).toBe(200);
    expect(h.logs.filter((l) => l.msg === 'turn' && l.activityId === message.id)).toEqual([
      expect.objectContaining({ outcome: 'refused' }),
    ]);
    expect(h.connector.calls.filter((c) => c.conversationId === (message.conversation as { id: string }).id)).toEqual(
      [],
    );

    const click = invokeActivity({
      ...baseActivity(rng, OTHER_TENANT_ID),
      name: 'adaptiveCard/action',
      value: {
        action: { type: 'Action.Execute', verb: 'approveAll', data: { requestId: randomUUID(), mac: 'x' } },
        trigger: 'manual',
      },
    });
    expect((await h.post(click)).status).toBe(403);
    // Disagreeing tenant ids in one activity are refused too.
    const mixed: TeamsActivity = {
      ...messageActivity({ ...baseActivity(rng), text: 'help' }),
      channelData: { tenant: { id: OTHER_TENANT_ID } },
    };
    await h.post(mixed);
    expect(h.logs.filter((l) => l.msg === 'turn' && l.activityId === mixed.id)).toEqual([
      expect.objectContaining({ outcome: 'refused' }),
    ]);
  });

  it('still answers a normal message afterwards', async () => {
    const user = h.user('alice');
    const conversationId = `${personalConversationId(user)}-${randomUUID()}`;
    const before = h.connector.calls.length;
    const res = await h.post(
      messageActivity({
        serviceUrl: h.connector.serviceUrl,
        tenantId: h.tenantId,
        text: 'help',
        conversationId,
        userId: teamsUserId(user),
        userAadObjectId: user.id,
        userName: user.displayName,
      }),
    );
    expect(res.status).toBe(200);
    const reply = await h.connector.waitFor((c) => c.conversationId === conversationId && c.method === 'POST');
    expect(reply.body.type).toBe('message');
    expect(h.connector.calls.length).toBeGreaterThan(before);
    // The distribution is useful when reading a run's output.
    process.stdout.write(`fuzz seed ${SEED}: ${[...statuses.entries()].map(([k, v]) => `${k}: ${v}`).join(', ')}\n`);
  });
});
