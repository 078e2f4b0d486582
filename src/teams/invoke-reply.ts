/**
 * Answers an Action.Execute invoke directly, instead of returning a card to teams-ai: teams-ai
 * switches a verb to "replace for everyone" once a returned card has `refresh` (docs/architecture.md#teams-sdk-behaviour), while
 * this bot decides itself when the shared message changes (src/approvals/publish.ts).
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards';
import type { InvokeReply } from '../approvals/invoke-response';

export const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';

export function invokeResponseBody(reply: Exclude<InvokeReply, { kind: 'answered' }>) {
  return reply.kind === 'card'
    ? { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: reply.card }
    : { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: reply.text };
}

export async function sendInvokeReply(context: TurnContext, reply: InvokeReply): Promise<void> {
  if (reply.kind === 'answered') return;
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: invokeResponseBody(reply) },
  });
}
