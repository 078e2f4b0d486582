/**
 * Logging never carries a secret or token, and a failing turn is logged and answered politely.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { startBotHarness, TEST_TENANT_ID } from '../helpers/bot-harness';
import { messageActivity } from '../helpers/teams-activity';

function capture(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, destination };
}

describe('logging', () => {
  it('redacts authorization headers, secrets and tokens wherever they appear', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination });
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJhbGciOi.secret.sig', cookie: 'session=abc' } },
        authorization: 'Bearer top-level-token',
        credential: { secret: 'client-secret-1', password: 'pw-1', clientSecret: 'cs-1' },
        token: { access_token: 'at-1', refresh_token: 'rt-1' },
        storage: { connectionString: 'AccountKey=abc' },
        config: { cardMacKey: 'mac-1' },
      },
      'request',
    );
    const text = lines.join('');
    for (const leaked of [
      'eyJhbGciOi',
      'session=abc',
      'top-level-token',
      'client-secret-1',
      'pw-1',
      'cs-1',
      'at-1',
      'rt-1',
      'AccountKey=abc',
      'mac-1',
    ]) {
      expect(text).not.toContain(leaked);
    }
    expect(text).toContain('[redacted]');
  });

  it('a turn that throws is logged as an error and the user gets a friendly reply', async () => {
    const harness = await startBotHarness({
      features: [
        (app) =>
          app.message('boom', async () => {
            throw new Error('kaboom');
          }),
      ],
    });
    try {
      const activity = messageActivity({
        serviceUrl: harness.connector.serviceUrl,
        tenantId: TEST_TENANT_ID,
        text: 'boom',
      });
      await harness.post(activity);
      expect(harness.connector.sentMessages().map((m) => m.text)).toEqual([
        expect.stringMatching(/something went wrong.*reference: \S+/i),
      ]);
      expect(harness.logs.find((l) => l.msg === 'turn failed')).toMatchObject({
        activityId: activity.id,
        err: { message: 'kaboom' },
      });
      expect(harness.logs.find((l) => l.msg === 'turn' && l.activityId === activity.id)).toMatchObject({
        outcome: 'error',
      });
    } finally {
      await harness.stop();
    }
  });
});
