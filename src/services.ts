/**
 * What every feature (chat, approvals, digest, watchers) needs at run time, built once by
 * src/app.ts (for src/index.ts and the test harnesses). Plain object: no globals, so two bot
 * replicas in one test process stay independent.
 */
import type { Config } from './config';
import type { FactsConnection } from './graph/facts-connection';
import type { ChatLimits } from './limits/chat-limits';
import type { Logger } from './logger';
import type { Messenger } from './ports/messenger';
import type { Store } from './store';

export interface Services {
  config: Config;
  /** The one tenant this bot serves. */
  tenantId: string;
  /** Bot Framework app id ('' in local mode). */
  botAppId: string;
  /** Cards and messages outside a turn (the admins' channel, people's 1:1 chats). */
  messenger: Messenger;
  store: Store;
  /** The bot's own app-only Graph connection (reads and remedies). */
  graph: FactsConnection;
  /** HMAC key for card data (>= 32 bytes). */
  cardKey: Buffer;
  /** Local mode: base URL of the simulator's sign-in page, so cards can link to it. */
  signInBaseUrl: string | null;
  logger: Logger;
  /** Per-person and per-tenant limits shared across replicas (absent = unlimited, e.g. unit wiring). */
  limits?: ChatLimits;
  /** Injectable clock (tests, the digest's schedule). */
  now: () => Date;
}
