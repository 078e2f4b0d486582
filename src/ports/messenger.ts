/**
 * How the bot reaches people and channels outside a turn: post a card or text, update a posted
 * card, open a 1:1 chat. Plain data only, so approvals/, digest/, requests/, watchers/ and store/
 * never see a Bot Framework type; src/teams/messenger.ts implements it over the Bot Connector.
 */
import type { AdaptiveCard } from '../cards/types';

/** A Teams user or bot account as the Bot Connector names it. */
export interface ChatAccount {
  id: string;
  name: string;
  aadObjectId?: string;
}

/** A conversation (channel thread, group or 1:1 chat) as the Bot Connector names it. */
export interface ChatConversation {
  id: string;
  name: string;
  isGroup: boolean;
  conversationType: string;
  tenantId?: string;
  aadObjectId?: string;
}

/**
 * Where a conversation is and how to reach it again (a Bot Framework conversation reference, as
 * stored in the conversations table). Every part is optional: stored references are partial.
 */
export interface ConversationAddress {
  activityId?: string;
  user?: ChatAccount;
  bot?: ChatAccount;
  conversation?: ChatConversation;
  channelId?: string;
  locale?: string;
  serviceUrl?: string;
}

/** What is sent: an Adaptive Card (with the notification preview), or text. */
export type OutgoingMessage =
  | { kind: 'card'; card: AdaptiveCard; summary?: string }
  | { kind: 'text'; text: string; textFormat?: 'plain' | 'markdown' };

/** How to open a new 1:1 chat: the tenant's Bot Connector and the bot's own account. */
export interface PersonalChatRoute {
  serviceUrl: string;
  bot: ChatAccount;
}

export interface OpenPersonalChat {
  route: PersonalChatRoute;
  person: { teamsUserId: string; displayName: string };
  tenantId: string;
  /** Called with the new chat's address before the message is sent (to remember it). */
  onOpened(address: ConversationAddress): Promise<void>;
  message: OutgoingMessage;
}

export interface Messenger {
  /**
   * Sends the message into the conversation and resolves to the new message's id (null when the
   * Bot Connector returned none). `newThread`: in a channel, start a thread instead of replying.
   * Throws when the Bot Connector refuses.
   */
  send(to: ConversationAddress, message: OutgoingMessage, options?: { newThread?: boolean }): Promise<string | null>;
  /** Replaces a message the bot posted earlier with this card. Throws when the Bot Connector refuses. */
  updateCard(to: ConversationAddress, activityId: string, card: AdaptiveCard): Promise<void>;
  /** Creates a 1:1 chat with the person and sends the message there. Throws when the Bot Connector refuses. */
  openPersonalChat(input: OpenPersonalChat): Promise<void>;
}

/** A card message (the preview is what Teams shows in notifications). */
export function cardMessage(card: AdaptiveCard, summary?: string): OutgoingMessage {
  return summary === undefined ? { kind: 'card', card } : { kind: 'card', card, summary };
}
