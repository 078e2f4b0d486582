/**
 * The Bot Framework token service's memory, per simulator: sign-ins started by a bot
 * (GetSignInResource), the magic codes a finished sign-in shows, and the sign-ins bound to a chat
 * user (the token service then hands out tokens for them without a code, as Azure Bot Service does
 * until the user signs out). User tokens live here, never in the bot.
 *
 * Keys follow the service: a user's token is kept per (channel user id, connection name, channel id)
 * (api/usertoken/GetToken?userId&connectionName&channelId). A magic code binds only the chat user the
 * sign-in was started for: whoever else types it gets nothing (the code is the proof that the person
 * in the browser is the person in the chat:
 * https://learn.microsoft.com/azure/bot-service/bot-builder-concept-authentication#about-the-bot-framework-token-service).
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { SimulatorCore } from '../core';

/** What the bot's GetSignInResource call said (its token exchange state), kept server side. */
export interface PendingSignIn {
  connectionName: string;
  /** The chat user (activity.from.id) the sign-in was started for. */
  chatUserId: string;
  channelId: string;
  /** The bot's app id as the state names it ('AnonymousSkill' for a bot with authentication off). */
  msAppId: string;
  /** Set once the user signed in on the page. */
  signedIn?: { tenantId: string; userId: string; magicCode: string; at: number };
  createdAt: number;
}

/** A chat user's standing sign-in for one connection. */
export interface BoundSignIn {
  tenantId: string;
  userId: string;
  msAppId: string;
}

/** Magic codes and pending sign-ins stop working after this long (the service's own is short too). */
export const SIGN_IN_TTL_MS = 10 * 60 * 1000;

export class TokenServiceState {
  private readonly pending = new Map<string, PendingSignIn>();
  private readonly bound = new Map<string, BoundSignIn>();

  start(sign: Omit<PendingSignIn, 'createdAt'>): string {
    const id = randomBytes(18).toString('base64url');
    this.pending.set(id, { ...sign, createdAt: Date.now() });
    return id;
  }

  get(id: string): PendingSignIn | undefined {
    const found = this.pending.get(id);
    if (found && Date.now() - found.createdAt > SIGN_IN_TTL_MS) {
      this.pending.delete(id);
      return undefined;
    }
    return found;
  }

  /** The user signed in on the page: a six-digit code to take back to the chat. */
  signedIn(id: string, tenantId: string, userId: string): string {
    const found = this.get(id);
    if (!found) throw new Error('unknown sign-in');
    const magicCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
    found.signedIn = { tenantId, userId, magicCode, at: Date.now() };
    return magicCode;
  }

  /** Redeems a magic code for this chat user and connection; binds the sign-in. Single use. */
  redeem(chatUserId: string, connectionName: string, channelId: string, code: string): BoundSignIn | null {
    for (const [id, p] of this.pending) {
      if (!p.signedIn || p.signedIn.magicCode !== code) continue;
      if (
        p.chatUserId !== chatUserId ||
        p.connectionName.toLowerCase() !== connectionName.toLowerCase() ||
        p.channelId !== channelId
      )
        continue;
      if (Date.now() - p.signedIn.at > SIGN_IN_TTL_MS) continue;
      this.pending.delete(id);
      const bound: BoundSignIn = { tenantId: p.signedIn.tenantId, userId: p.signedIn.userId, msAppId: p.msAppId };
      this.bound.set(key(chatUserId, connectionName, channelId), bound);
      return bound;
    }
    return null;
  }

  bind(chatUserId: string, connectionName: string, channelId: string, signIn: BoundSignIn): void {
    this.bound.set(key(chatUserId, connectionName, channelId), signIn);
  }

  find(chatUserId: string, connectionName: string, channelId: string): BoundSignIn | undefined {
    return this.bound.get(key(chatUserId, connectionName, channelId));
  }

  signOut(chatUserId: string, connectionName: string | null, channelId: string): void {
    for (const k of [...this.bound.keys()]) {
      const [u, c, ch] = JSON.parse(k) as [string, string, string];
      if (u === chatUserId && ch === channelId && (connectionName === null || c === connectionName.toLowerCase()))
        this.bound.delete(k);
    }
  }
}

function key(chatUserId: string, connectionName: string, channelId: string): string {
  return JSON.stringify([chatUserId, connectionName.toLowerCase(), channelId]);
}

const states = new WeakMap<SimulatorCore, TokenServiceState>();

export function tokenServiceState(core: SimulatorCore): TokenServiceState {
  let state = states.get(core);
  if (!state) {
    state = new TokenServiceState();
    states.set(core, state);
  }
  return state;
}
