/**
 * Health degradation and graceful shutdown, over real HTTP. No timers: the in-flight turn is held
 * open by a gate the test releases.
 */
import { startBotHarness, TEST_TENANT_ID, type BotHarness } from '../helpers/bot-harness';
import { startTestAzurite, type TestAzurite } from '../helpers/azurite';
import { messageActivity } from '../helpers/teams-activity';

describe('foundation: lifecycle', () => {
  let azurite: TestAzurite;

  beforeAll(async () => {
    azurite = await startTestAzurite();
  });
  afterAll(async () => {
    await azurite.stop();
  });

  it('/healthz answers 503 "degraded" when Graph is unreachable', async () => {
    const harness = await startBotHarness({
      azurite,
      graphProbe: async () => {
        throw new Error('ECONNREFUSED');
      },
    });
    try {
      const res = await fetch(`${harness.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'degraded', storage: 'ok', graph: 'error' });
    } finally {
      await harness.stop();
    }
  });

  it('graceful close: stops accepting, lets the in-flight turn finish and reply, then resolves', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const harness: BotHarness = await startBotHarness({
      azurite,
      features: [
        (app) =>
          app.message('slow', async (context) => {
            entered();
            await gate;
            await context.sendActivity('finished');
          }),
      ],
    });

    const activity = messageActivity({
      serviceUrl: harness.connector.serviceUrl,
      tenantId: TEST_TENANT_ID,
      text: 'slow',
    });
    const inFlight = harness.post(activity);
    await handlerEntered;

    let closed = false;
    const closing = harness.closeServer().then(() => {
      closed = true;
    });
    // New connections are refused once close() has begun.
    await expect(fetch(`${harness.url}/healthz`)).rejects.toThrow();
    expect(closed).toBe(false);

    release();
    expect((await inFlight).status).toBe(200);
    await closing;
    expect(closed).toBe(true);
    expect(harness.connector.sentMessages().map((m) => m.text)).toContain('finished');
    await harness.stop();
  });
});
