/** The end-to-end harness itself: the full wiring answers over HTTP and reaches the simulated Graph. */
import { useAppHarness } from '../helpers/app-harness';

describe('app harness', () => {
  const h = useAppHarness();

  it('answers help over /api/messages and reaches Graph through the services', async () => {
    const { status, activity } = await h.say('alice', 'help');
    expect(status).toBe(200);
    const reply = await h.connector.waitFor((c) => c.conversationId === (activity.conversation as { id: string }).id);
    expect(String(reply.body.text)).toContain('Consent Doctor');
    const res = (await h.services.graph.client
      .api(`${h.services.graph.versionRoot}/users/${h.user('alice').id}`)
      .get()) as { userPrincipalName: string };
    expect(res.userPrincipalName).toBe(h.user('alice').userPrincipalName);
  });
});
