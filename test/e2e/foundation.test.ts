/**
 * The bot over HTTP: a Teams activity posted to /api/messages is answered by sending the reply
 * to the activity's serviceUrl (a loopback fake of the Bot Connector).
 */
import { startBotHarness, TEST_TENANT_ID, type BotHarness } from '../helpers/bot-harness';
import { invokeActivity, messageActivity } from '../helpers/teams-activity';
import { HELP_TEXT } from '../../src/teams/bot';

const FOREIGN_TENANT = '11111111-2222-3333-4444-555555555555';

describe('foundation: /api/messages and /healthz', () => {
  let harness: BotHarness;

  beforeAll(async () => {
    harness = await startBotHarness();
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('answers "help" in personal chat by posting the help text to the serviceUrl', async () => {
    const activity = messageActivity({
      serviceUrl: harness.connector.serviceUrl,
      tenantId: TEST_TENANT_ID,
      text: 'help',
    });
    const res = await harness.post(activity);
    expect(res.status).toBe(200);

    const reply = await harness.connector.waitFor(
      (c) => c.conversationId === (activity.conversation as { id: string }).id,
    );
    expect(reply.method).toBe('POST');
    expect(reply.activityId).toBe(activity.id); // replyToActivity
    expect(reply.body.type).toBe('message');
    expect(reply.body.text).toBe(HELP_TEXT);
    expect(reply.body.replyToId).toBe(activity.id);
    // Local mode: Bot Framework auth is off, so no token is sent to the connector.
    expect(reply.authorization).toBeNull();
  });

  it('answers anything it does not understand in personal chat with help', async () => {
    const activity = messageActivity({
      serviceUrl: harness.connector.serviceUrl,
      tenantId: TEST_TENANT_ID,
      text: 'hello there',
    });
    await harness.post(activity);
    const reply = await harness.connector.waitFor(
      (c) => c.conversationId === (activity.conversation as { id: string }).id,
    );
    expect(reply.body.text).toBe(HELP_TEXT);
  });

  it('stays quiet on unknown channel messages', async () => {
    const activity = messageActivity({
      serviceUrl: harness.connector.serviceUrl,
      tenantId: TEST_TENANT_ID,
      text: 'hello',
      conversationType: 'channel',
    });
    const res = await harness.post(activity);
    expect(res.status).toBe(200);
    expect(
      harness.connector.calls.filter((c) => c.conversationId === (activity.conversation as { id: string }).id),
    ).toHaveLength(0);
  });

  it('refuses and logs a message from another tenant without replying', async () => {
    const activity = messageActivity({
      serviceUrl: harness.connector.serviceUrl,
      tenantId: FOREIGN_TENANT,
      text: 'help',
    });
    const before = harness.connector.calls.length;
    await harness.post(activity);
    expect(harness.connector.calls.length).toBe(before);
    const refusal = harness.logs.find(
      (l) => l.msg === 'refused activity from another tenant' && l.activityId === activity.id,
    );
    expect(refusal).toMatchObject({ activityTenantId: FOREIGN_TENANT, expectedTenantId: TEST_TENANT_ID });
    expect(harness.logs.find((l) => l.msg === 'turn' && l.activityId === activity.id)).toMatchObject({
      outcome: 'refused',
    });
  });

  it('answers a foreign-tenant invoke with 403', async () => {
    const activity = invokeActivity({
      serviceUrl: harness.connector.serviceUrl,
      tenantId: FOREIGN_TENANT,
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'approve', data: {} }, trigger: 'manual' },
    });
    const res = await harness.post(activity);
    expect(res.status).toBe(403);
  });

  it('logs one line per turn with correlation ids and no secrets', async () => {
    const activity = messageActivity({
      serviceUrl: harness.connector.serviceUrl,
      tenantId: TEST_TENANT_ID,
      text: 'help',
      userAadObjectId: 'a1b2c3d4-0000-0000-0000-000000000001',
    });
    await harness.post(activity);
    const lines = harness.logs.filter((l) => l.msg === 'turn' && l.activityId === activity.id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      conversationId: (activity.conversation as { id: string }).id,
      tenantId: TEST_TENANT_ID,
      userAadObjectId: 'a1b2c3d4-0000-0000-0000-000000000001',
      outcome: 'handled',
      type: 'message',
    });
    expect(typeof lines[0].turnId).toBe('string');
    const all = JSON.stringify(harness.logs);
    expect(all).not.toContain(harness.config.cardMacKey);
    expect(all).not.toMatch(/AccountKey=/);
  });

  it('GET /healthz reports storage ok, graph skipped, version and mode', async () => {
    const res = await fetch(`${harness.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      version: '0.0.0-test',
      mode: 'local',
      storage: 'ok',
      graph: 'skipped',
    });
  });
});
