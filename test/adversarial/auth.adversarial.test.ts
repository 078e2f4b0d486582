/**
 * Production-mode Bot Framework authentication with real JWTs. The simulator plays the Bot
 * Framework (channel issuer, its OpenID metadata and keys, and the botframework.com token endpoint);
 * the bot runs in production mode pointed at it (BOT_OPENID_METADATA_URL, BOT_TOKEN_ISSUER,
 * BOT_LOGIN_URL, BOT_OAUTH_SCOPE, BOT_AUTHORITY_URL), with Azurite storage and the fake connector.
 * Every bad token is refused with 401 before a turn starts; a valid one gets a reply that reaches the
 * connector with a bearer token the simulator issued.
 */
import { createPublicKey, randomUUID, verify, type JsonWebKey } from 'node:crypto';
import { mintChannelToken, type MintChannelTokenOptions } from '../../sim/identity/bot-framework-client';
import { personalConversationId, teamsUserId } from '../helpers/app-harness';
import { actionExecuteActivity, messageActivity, type TeamsActivity } from '../helpers/teams-activity';
import { useProductionHarness } from './support/production-harness';

const OTHER_APP_ID = '0d7c5e2a-3f4b-4c1d-9e8f-7a6b5c4d3e2f';
const OTHER_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const consoleError = console.error;

beforeAll(async () => {
  // botbuilder console.error()s every refused token (and its key); the bot's own log is asserted instead.
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const first = args[0];
    const name = typeof first === 'object' && first !== null ? String((first as { name?: unknown }).name) : '';
    if (
      /AuthenticationError|TokenExpiredError|JsonWebTokenError/.test(name) ||
      (typeof first === 'string' && first.startsWith('Error finding key for token'))
    )
      return;
    consoleError(...args);
  });
});
afterAll(() => jest.restoreAllMocks());

const { bot: BOT, sim, h } = useProductionHarness();

beforeAll(() => expect(h.services.config.mode).toBe('production'));

function activityFrom(who: string, opts: { text?: string; tenantId?: string } = {}): TeamsActivity {
  const user = h.user(who);
  return messageActivity({
    serviceUrl: h.connector.serviceUrl,
    tenantId: opts.tenantId ?? h.tenantId,
    text: opts.text ?? 'help',
    // A fresh conversation per request, so "nothing was sent" is checked per case.
    conversationId: `${personalConversationId(user)}-${randomUUID()}`,
    userId: teamsUserId(user),
    userAadObjectId: user.id,
    userName: user.displayName,
  });
}

async function postWith(activity: object, authorization: string | null): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  const res = await fetch(`${h.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity) });
  return { status: res.status, body: await res.text() };
}

function token(overrides: Partial<MintChannelTokenOptions> = {}): Promise<string> {
  return mintChannelToken(sim.url, { audience: BOT.appId, serviceUrl: h.connector.serviceUrl, ...overrides });
}

function turnsFor(activityId: string): Array<Record<string, unknown>> {
  return h.logs.filter((l) => l.msg === 'turn' && l.activityId === activityId);
}

function connectorCallsFor(conversationId: string) {
  return h.connector.calls.filter(
    (c) => c.conversationId === conversationId || JSON.stringify(c.body).includes(conversationId),
  );
}

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function expectRefused(
  authorization: string | null,
  activity: TeamsActivity = activityFrom('alice'),
): Promise<void> {
  const res = await postWith(activity, authorization);
  expect(res.status).toBe(401);
  expect(res.body).not.toMatch(/\bat \S+ \(|node_modules|\/work\/|\.ts:\d+/);
  expect(turnsFor(activity.id)).toEqual([]);
  const conversationId = (activity.conversation as { id: string }).id;
  expect(connectorCallsFor(conversationId)).toEqual([]);
  expect(h.logs.some((l) => l.msg === 'refused an unauthenticated request' && l.activityId === activity.id)).toBe(true);
}

describe('production Bot Framework authentication against the simulator', () => {
  it('accepts a valid channel token and replies to the connector with a simulator-issued bearer token', async () => {
    const activity = activityFrom('alice');
    const conversationId = (activity.conversation as { id: string }).id;
    const res = await postWith(activity, `Bearer ${await token()}`);
    expect(res.status).toBe(200);
    expect(turnsFor(activity.id)).toHaveLength(1);

    const call = await h.connector.waitFor((c) => c.conversationId === conversationId && c.method === 'POST');
    expect(call.body.type).toBe('message');
    const match = /^Bearer (\S+)$/.exec(call.authorization ?? '');
    expect(match).not.toBeNull();
    const [header, payload, signature] = (match as RegExpExecArray)[1].split('.');
    const claims = decodePart(payload);
    expect(claims).toMatchObject({ aud: 'https://api.botframework.com', appid: BOT.appId });
    expect(claims.exp as number).toBeGreaterThan(Date.now() / 1000);

    // Signed by the simulator's botframework.com tenant, whose keys msal's authority publishes.
    const keys = (await (await fetch(`${sim.url}/botframework.com/discovery/v2.0/keys`)).json()) as {
      keys: Array<JsonWebKey & { kid: string }>;
    };
    const jwk = keys.keys.find((k) => k.kid === decodePart(header).kid);
    expect(jwk).toBeDefined();
    const publicKey = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(
      true,
    );
    expect(
      sim
        .log()
        .some((e) => e.path === '/botframework.com/oauth2/v2.0/token' && e.status === 200 && e.clientId === BOT.appId),
    ).toBe(true);
  });

  it('refuses a request without an Authorization header', async () => {
    await expectRefused(null);
  });

  it('refuses malformed Authorization headers', async () => {
    await expectRefused('Bearer');
    await expectRefused('Bearer not.a.jwt');
    await expectRefused(`Basic ${Buffer.from(`${BOT.appId}:${BOT.secret}`).toString('base64')}`);
  });

  it('refuses a token signed with a foreign key (unknown key id, and the real key id)', async () => {
    await expectRefused(`Bearer ${await token({ signer: 'foreign' })}`);
    await expectRefused(`Bearer ${await token({ signer: 'foreign-same-kid' })}`);
  });

  it('refuses a token signed with a tenant (Entra) key instead of the channel key', async () => {
    await expectRefused(`Bearer ${await token({ signer: 'entra' })}`);
    await expectRefused(`Bearer ${sim.issueAppToken({ tenantId: h.tenantId, clientId: BOT.appId })}`);
  });

  it('refuses an expired token', async () => {
    await expectRefused(`Bearer ${await token({ lifetimeSeconds: -600 })}`);
  });

  it('refuses a token for another audience', async () => {
    await expectRefused(`Bearer ${await token({ audience: OTHER_APP_ID })}`);
    await expectRefused(`Bearer ${await token({ audience: BOT.appId.toUpperCase() })}`);
  });

  it('refuses a token whose serviceurl claim does not match the activity', async () => {
    await expectRefused(`Bearer ${await token({ serviceUrl: 'https://smba.trafficmanager.net/amer/' })}`);
    // A valid token replayed with the activity redirected to another service URL.
    const redirected = { ...activityFrom('alice'), serviceUrl: 'http://127.0.0.1:9/' };
    await expectRefused(`Bearer ${await token()}`, redirected);
    await expectRefused(`Bearer ${await token({ serviceUrl: null })}`);
  });

  it('refuses a channel-key token from another issuer (e.g. an Emulator issuer)', async () => {
    await expectRefused(
      `Bearer ${await token({ issuer: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/' })}`,
    );
    await expectRefused(`Bearer ${await token({ issuer: 'https://evil.example/' })}`);
  });

  it('refuses an invoke (card click) without a valid token before any handler runs', async () => {
    const user = h.user('alice');
    const click = actionExecuteActivity({
      serviceUrl: h.connector.serviceUrl,
      tenantId: h.tenantId,
      verb: 'approve',
      data: { requestId: 'r1' },
      conversationId: `${personalConversationId(user)}-${randomUUID()}`,
      userId: teamsUserId(user),
      userAadObjectId: user.id,
    });
    await expectRefused(`Bearer ${await token({ signer: 'foreign-same-kid' })}`, click);
    await expectRefused(null, click);
  });

  it('authenticates, then refuses an activity from another tenant without replying', async () => {
    const activity = activityFrom('alice', { tenantId: OTHER_TENANT_ID });
    const res = await postWith(activity, `Bearer ${await token()}`);
    expect(res.status).toBe(200);
    expect(turnsFor(activity.id)).toEqual([expect.objectContaining({ outcome: 'refused' })]);
    expect(connectorCallsFor((activity.conversation as { id: string }).id)).toEqual([]);
  });

  it('still serves valid requests after the refusals', async () => {
    const activity = activityFrom('ben');
    const res = await postWith(activity, `Bearer ${await token()}`);
    expect(res.status).toBe(200);
    expect(turnsFor(activity.id)).toEqual([expect.objectContaining({ outcome: 'handled' })]);
  });
});
