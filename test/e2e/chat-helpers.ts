/**
 * Reading what the bot sent through the fake Bot Connector: messages per conversation, the cards
 * they carry and the words on those cards.
 */
import type { ConnectorCall, FakeConnector } from '../helpers/connector';
import { personalConversationId, type AppHarness } from '../helpers/app-harness';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Card = { [key: string]: Json };

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Every call the bot made to a conversation (sends, replies, updates), in order. */
export function callsTo(connector: FakeConnector, conversationId: string): ConnectorCall[] {
  return connector.calls.filter((c) => c.conversationId === conversationId);
}

export function cardsIn(activity: Record<string, unknown>): Card[] {
  const attachments = Array.isArray(activity.attachments)
    ? (activity.attachments as Array<Record<string, unknown>>)
    : [];
  return attachments.filter((a) => a.contentType === CARD_TYPE).map((a) => a.content as Card);
}

/** Messages sent to a conversation after `since` calls had been recorded. */
export function messagesTo(
  connector: FakeConnector,
  conversationId: string,
  since = 0,
): Array<Record<string, unknown>> {
  return connector.calls
    .slice(since)
    .filter((c) => c.conversationId === conversationId && c.method === 'POST' && c.body.type === 'message')
    .map((c) => c.body);
}

/** Every string a person can read on a card: texts, fact titles and values, action titles, labels. */
export function cardWords(card: Json): string {
  const out: string[] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && ['text', 'title', 'value', 'label', 'placeholder'].includes(key))
          out.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return out.join('\n');
}

/** Actions (anywhere on the card) with their verb and data. */
export function cardActions(
  card: Json,
): Array<{ type: string; verb?: string; title?: string; data?: Record<string, unknown>; url?: string }> {
  const found: Array<{ type: string; verb?: string; title?: string; data?: Record<string, unknown>; url?: string }> =
    [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node && typeof node === 'object') {
      if (typeof node.type === 'string' && node.type.startsWith('Action.')) {
        found.push({
          type: node.type,
          verb: typeof node.verb === 'string' ? node.verb : undefined,
          title: typeof node.title === 'string' ? node.title : undefined,
          data:
            node.data && typeof node.data === 'object' && !Array.isArray(node.data)
              ? (node.data as Record<string, unknown>)
              : undefined,
          url: typeof node.url === 'string' ? node.url : undefined,
        });
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The words of every message sent (text and cards), joined, for "did the person see X" checks. */
export function wordsOf(messages: Array<Record<string, unknown>>): string {
  return messages
    .map((m) => [typeof m.text === 'string' ? m.text : '', ...cardsIn(m).map(cardWords)].join('\n'))
    .join('\n---\n');
}

/** The words of the one message sent, a card with no text beside it (the answer and its notes together). */
export function wordsOfOnlyCard(messages: Array<Record<string, unknown>>): string {
  expect(messages).toHaveLength(1);
  expect(messages[0].text ?? '').toBe('');
  const cards = cardsIn(messages[0]);
  expect(cards).toHaveLength(1);
  return cardWords(cards[0]);
}

/** The card in an Action.Execute invoke response ({statusCode, type, value}). */
export function invokeCard(json: unknown): Card | null {
  const body = json as { type?: string; value?: unknown } | null;
  return body?.type === 'application/vnd.microsoft.card.adaptive' ? (body.value as Card) : null;
}

export function invokeMessage(json: unknown): string | null {
  const body = json as { type?: string; value?: unknown } | null;
  return body?.type === 'application/vnd.microsoft.activity.message' && typeof body.value === 'string'
    ? body.value
    : null;
}

/** Says something in 1:1 and returns what the bot sent back to that chat during the turn. */
export async function askInChat(h: AppHarness, who: string, text: string): Promise<Array<Record<string, unknown>>> {
  const since = h.connector.calls.length;
  const { status } = await h.say(who, text);
  expect(status).toBe(200);
  return messagesTo(h.connector, personalConversationId(h.user(who)), since);
}
