/**
 * The admins' channel chosen on one replica while another has just seen "not set up" (each keeps that a few seconds
 * for the answer's wording, src/approvals/approval-card-posting.ts): a request the other stores meanwhile still
 * reaches the channel, because posting a card reads the channel fresh.
 */
import { replicaOf, useAppHarness, type AppHarness } from '../helpers/app-harness';
import { BOT_ID, messageActivity } from '../helpers/teams-activity';
import type { ApprovalRequest } from '../../src/requests/model';

const APPROVALS = '19:replica-approvals@thread.tacv2';
const OUTLOOK_CONSENT_URL =
  'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=46d8463e-640b-4298-825f-a19bbf762b16' +
  '&response_type=code&scope=Mail.Read%20offline_access%20User.Read';

function useThisChannel(h: AppHarness, who: string) {
  const u = h.user(who);
  return {
    ...messageActivity({
      serviceUrl: h.connector.serviceUrl,
      tenantId: h.tenantId,
      text: '<at>Consent Doctor</at> use this channel for approvals',
      conversationType: 'channel',
      conversationId: `${APPROVALS};messageid=1718000000000`,
      channelId: APPROVALS,
      userId: `29:${u.id}`,
      userAadObjectId: u.id,
      userName: u.displayName,
    }),
    entities: [{ type: 'mention', text: '<at>Consent Doctor</at>', mentioned: { id: BOT_ID, name: 'Consent Doctor' } }],
  };
}

async function requestOf(h: AppHarness, who: string): Promise<ApprovalRequest | undefined> {
  return (await h.store.requests.listByRequester(h.user(who).id))[0]?.value;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, tries = 40): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

describe('admin channel chosen on another replica', () => {
  const a = useAppHarness();
  const b = useAppHarness(() => replicaOf(a));

  it('a request stored on the other replica just after the setup is still posted to the channel', async () => {
    // Replica b answers without a channel, and so has just read "not set up".
    expect((await b.say('heidi', 'the CRM connector asks for admin approval')).status).toBe(200);
    expect((await requestOf(b, 'heidi'))?.adminCard).toBeNull();

    expect((await a.post(useThisChannel(a, 'ben'))).status).toBe(200);
    expect((await requestOf(a, 'heidi'))?.adminCard?.conversationId).toBe(APPROVALS);

    expect((await b.say('dave', `IT approved it but I still get asked: ${OUTLOOK_CONSENT_URL}`)).status).toBe(200);
    const dave = await eventually(
      () => requestOf(a, 'dave'),
      (r) => r?.adminCard != null,
    );
    expect(dave?.adminCard?.conversationId).toBe(APPROVALS);
  });
});
