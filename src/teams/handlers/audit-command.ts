/**
 * `@Consent Doctor audit <request>` in the approvals channel: the request's history (every click,
 * every Graph write with its request-id, every notification) as a card. Plain `audit` as a reply in
 * an approval card's thread shows that card's request. Shown only in the approvals channel, the one
 * place whose members are the people who decide.
 */
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { auditCard } from '../../cards';
import { plain } from '../../cards/text';
import { adminChannel, channelIdOf } from '../../approvals/approval-card-posting';
import type { ApprovalRequest } from '../../requests/model';
import { REQUEST_STATES } from '../../requests/model';
import type { Services } from '../../services';
import { normalizeCommandText } from './commands';

const AUDIT = /^audit(?:\s+(?:request\s+)?([A-Za-z0-9][A-Za-z0-9._:-]{0,127}))?$/i;

export type AuditCommand = { requestId: string | null };

/** `audit`, `audit <id>` or `audit request <id>`; anything else is not this command. */
export function parseAuditCommand(text: string | undefined | null): AuditCommand | null {
  if (typeof text !== 'string' || text.length > 300) return null;
  const withoutMentions = text
    .replace(/<at>[^<]{0,200}<\/at>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/^audit\b/i.test(normalizeCommandText(withoutMentions))) return null;
  const match = AUDIT.exec(withoutMentions.replace(/[.!?]+$/, ''));
  return match ? { requestId: match[1] ?? null } : null;
}

export const AUDIT_MESSAGES = {
  notHere: 'Request histories are shown only in the approvals channel.',
  usage: 'Say "audit" followed by the request id, or reply "audit" in the thread of an approval card.',
} as const;

/** The message id of the thread a channel reply belongs to (";messageid=<id>"), if any. */
function threadMessageId(conversationId: string): string | null {
  const match = /;messageid=([^;]+)/.exec(conversationId);
  return match ? match[1] : null;
}

async function findRequest(
  services: Services,
  conversationId: string,
  command: AuditCommand,
): Promise<ApprovalRequest | null> {
  if (command.requestId) return (await services.store.requests.get(command.requestId))?.value ?? null;
  const messageId = threadMessageId(conversationId);
  if (!messageId) return null;
  const all = await services.store.requests.listByState([...REQUEST_STATES]);
  return all.map((r) => r.value).find((r) => r.adminCard?.activityId === messageId) ?? null;
}

export async function isAdminChannel(services: Services, conversationId: string): Promise<boolean> {
  const channel = await adminChannel(services);
  const id = channel?.reference.conversation?.id;
  return !!id && channelIdOf(id) === channelIdOf(conversationId);
}

export async function handleAuditCommand(
  services: Services,
  context: TurnContext,
  command: AuditCommand,
): Promise<void> {
  const conversationId = context.activity.conversation?.id ?? '';
  if (!(await isAdminChannel(services, conversationId))) {
    await context.sendActivity({ type: 'message', text: AUDIT_MESSAGES.notHere, textFormat: 'plain' });
    return;
  }
  const request = await findRequest(services, conversationId, command);
  if (!request || request.tenantId !== services.tenantId) {
    const text = command.requestId
      ? `There is no request with the id "${plain(command.requestId, 128)}".`
      : AUDIT_MESSAGES.usage;
    await context.sendActivity({ type: 'message', text, textFormat: 'plain' });
    return;
  }
  const entries = await services.store.audit.list(request.id);
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(auditCard(request, entries))));
}
