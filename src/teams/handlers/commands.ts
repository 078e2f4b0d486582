/**
 * Text commands in chat, parsed before anything is treated as a question about an app. Pure.
 * Only whole-message commands count: "cancel" is a command, "why did my cancel fail" is a question.
 */
import { isSharePointPermissionQuestion } from './help';

export type Command =
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'cancel' }
  | { kind: 'use_channel' }
  | { kind: 'sharepoint_permission' };

const HELP = /^(help|what can you do|how does (this|it) work)$/;
const STATUS = /^(status|my requests?|(show|list) my requests?|requests?|where is my request)$/;
const CANCEL = /^(cancel|withdraw|cancel (it|that|my request)|withdraw (it|that|my request))$/;
const USE_CHANNEL = /^use this channel for approvals?$/;

/** Lower-case, single spaces, no surrounding punctuation or leftover <at> markup. */
export function normalizeCommandText(text: string): string {
  return text
    .replace(/<at>[^<]{0,200}<\/at>/gi, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s"'“”.,!:;/-]+|[\s"'“”.,!?:;]+$/g, '');
}

export function parseCommand(text: string | undefined | null): Command | null {
  if (typeof text !== 'string' || text.length > 200) return null;
  const t = normalizeCommandText(text);
  if (HELP.test(t) || text.trim() === '?') return { kind: 'help' };
  if (STATUS.test(t)) return { kind: 'status' };
  if (CANCEL.test(t)) return { kind: 'cancel' };
  if (USE_CHANNEL.test(t)) return { kind: 'use_channel' };
  if (isSharePointPermissionQuestion(t)) return { kind: 'sharepoint_permission' };
  return null;
}
