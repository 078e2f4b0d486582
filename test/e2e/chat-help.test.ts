/**
 * Help per place and the welcome on install, over HTTP: people's help in their 1:1 chat names
 * status and cancel; the admins' channel gets the admin commands; installing the app says hello in
 * both places; the "minimum SharePoint permission" question gets its own answer with its sources.
 */
import {
  ADMIN_CHANNEL_CONVERSATION_ID,
  personalConversationId,
  teamsUserId,
  useAppHarness,
} from '../helpers/app-harness';
import { messageActivity } from '../helpers/teams-activity';
import { askInChat, messagesTo, wordsOf } from './chat-helpers';

const h = useAppHarness();

test('help in the personal chat: asking, status, cancel', async () => {
  const words = wordsOf(await askInChat(h, 'carol', 'help'));
  expect(words).toContain('**status**');
  expect(words).toContain('**cancel**');
  expect(words).not.toContain('use this channel for approvals');
});

test("help in the admins' channel: use this channel, audit, digest", async () => {
  const since = h.connector.calls.length;
  await h.sayInAdminChannel('alice', 'help');
  const words = wordsOf(messagesTo(h.connector, ADMIN_CHANNEL_CONVERSATION_ID, since));
  expect(words).toContain('use this channel for approvals');
  expect(words).toContain('**audit**');
  expect(words).toContain('**digest**');
  expect(words).not.toContain('**cancel**');
});

test('a welcome on install, in the personal chat and in a team', async () => {
  const carol = h.user('carol');
  const base = {
    serviceUrl: h.connector.serviceUrl,
    tenantId: h.tenantId,
    userId: teamsUserId(carol),
    userAadObjectId: carol.id,
    userName: carol.displayName,
  };
  const since = h.connector.calls.length;
  await h.post({
    ...messageActivity({ ...base, conversationType: 'personal', conversationId: personalConversationId(carol) }),
    type: 'installationUpdate',
    action: 'add',
    text: undefined,
  });
  await h.post({
    ...messageActivity({
      ...base,
      conversationType: 'channel',
      conversationId: ADMIN_CHANNEL_CONVERSATION_ID,
      channelId: ADMIN_CHANNEL_CONVERSATION_ID,
    }),
    type: 'installationUpdate',
    action: 'add',
    text: undefined,
  });
  expect(wordsOf(messagesTo(h.connector, personalConversationId(carol), since))).toContain('tell me which app it is');
  expect(wordsOf(messagesTo(h.connector, ADMIN_CHANNEL_CONVERSATION_ID, since))).toContain(
    'use this channel for approvals',
  );
  // Removing the app says nothing.
  const before = h.connector.calls.length;
  await h.post({
    ...messageActivity({ ...base, conversationType: 'personal', conversationId: personalConversationId(carol) }),
    type: 'installationUpdate',
    action: 'remove',
    text: undefined,
  });
  expect(messagesTo(h.connector, personalConversationId(carol), before)).toEqual([]);
});

test('the welcome comes once per installation, however often the Playground reloads', async () => {
  const dave = h.user('dave');
  const chat = {
    serviceUrl: h.connector.serviceUrl,
    tenantId: h.tenantId,
    userId: teamsUserId(dave),
    userAadObjectId: dave.id,
    userName: dave.displayName,
    conversationType: 'personal' as const,
    conversationId: personalConversationId(dave),
  };
  const install = (action: string) =>
    h.post({ ...messageActivity(chat), type: 'installationUpdate', action, text: undefined });
  const welcomes = (since: number) =>
    messagesTo(h.connector, personalConversationId(dave), since).filter((m) =>
      wordsOf([m]).includes('tell me which app it is'),
    );
  const since = h.connector.calls.length;
  await install('add');
  await install('add');
  await install('add');
  expect(welcomes(since)).toHaveLength(1);
  // Removed and installed again: a new installation is welcomed again.
  await install('remove');
  const reinstalled = h.connector.calls.length;
  await install('add');
  expect(welcomes(reinstalled)).toHaveLength(1);
});

test('"what minimum SharePoint permission does the connector need?" is answered with Microsoft sources', async () => {
  const words = wordsOf(await askInChat(h, 'carol', 'What minimum SharePoint permission does the connector need?'));
  expect(words).toMatch(/never do more on a SharePoint site than \*\*you\*\* can/);
  expect(words).toContain('**Read** permission level');
  expect(words).toContain('**Visitors**');
  expect(words).toContain('Stop inheriting permissions');
  expect(words).toContain('https://learn.microsoft.com/');
  expect(words).toContain('https://support.microsoft.com/');
});
