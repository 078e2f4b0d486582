/**
 * Builders for the activities Teams posts to /api/messages. Shapes follow what Teams sends
 * (conversation.tenantId + channelData.tenant.id, from.aadObjectId, conversationType).
 */
import { randomUUID } from 'node:crypto';

export const BOT_ID = '28:consent-doctor-bot';

export interface ActivityOptions {
  serviceUrl: string;
  tenantId: string;
  text?: string;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  conversationId?: string;
  userId?: string;
  userAadObjectId?: string;
  userName?: string;
  /** For channel messages: the channel id in channelData. */
  channelId?: string;
  teamId?: string;
}

export type TeamsActivity = Record<string, unknown> & { id: string; type: string; serviceUrl: string };

function common(opts: ActivityOptions): TeamsActivity {
  const conversationType = opts.conversationType ?? 'personal';
  const conversationId =
    opts.conversationId ?? (conversationType === 'personal' ? `a:${randomUUID()}` : `19:${randomUUID()}@thread.tacv2`);
  const channelData: Record<string, unknown> = { tenant: { id: opts.tenantId } };
  if (conversationType === 'channel') {
    channelData.channel = { id: opts.channelId ?? conversationId };
    channelData.team = { id: opts.teamId ?? `19:${randomUUID()}@thread.tacv2` };
  }
  return {
    id: randomUUID(),
    type: 'message',
    channelId: 'msteams',
    serviceUrl: opts.serviceUrl,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    from: {
      id: opts.userId ?? `29:${randomUUID()}`,
      name: opts.userName ?? 'Adele Vance',
      aadObjectId: opts.userAadObjectId ?? randomUUID(),
    },
    recipient: { id: BOT_ID, name: 'Consent Doctor' },
    conversation: {
      id: conversationId,
      conversationType,
      tenantId: opts.tenantId,
      isGroup: conversationType !== 'personal',
    },
    channelData,
    locale: 'en-US',
  };
}

export function messageActivity(opts: ActivityOptions): TeamsActivity {
  return { ...common(opts), type: 'message', text: opts.text ?? '', textFormat: 'plain' };
}

export function invokeActivity(opts: ActivityOptions & { name: string; value: unknown }): TeamsActivity {
  return { ...common(opts), type: 'invoke', name: opts.name, value: opts.value };
}

/** An Adaptive Card Action.Execute click (adaptiveCard/action invoke). */
export function actionExecuteActivity(
  opts: ActivityOptions & {
    verb: string;
    data: Record<string, unknown>;
    trigger?: 'manual' | 'automatic' | 'absent';
    replyToId?: string;
  },
): TeamsActivity {
  return {
    ...invokeActivity({
      ...opts,
      name: 'adaptiveCard/action',
      value: {
        action: { type: 'Action.Execute', verb: opts.verb, data: opts.data },
        ...(opts.trigger === 'absent' ? {} : { trigger: opts.trigger ?? 'manual' }),
      },
    }),
    ...(opts.replyToId ? { replyToId: opts.replyToId } : {}),
  };
}
