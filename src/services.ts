/**
 * What every feature (chat, approvals, digest) needs at run time, built once by src/index.ts
 * (and by test/helpers/bot-harness.ts for end-to-end tests). Plain object: no globals, so two bot
 * replicas in one test process stay independent.
 */
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { BotApplication } from './teams/bot';
import type { Config } from './config';
import type { FactsConnection } from './graph/facts-connection';
import type { ChatLimits } from './limits/chat-limits';
import type { Logger } from './logger';
import type { Store } from './store';

export interface Services {
  config: Config;
  /** The one tenant this bot serves. */
  tenantId: string;
  /** Bot Framework app id ('' in local mode). */
  botAppId: string;
  adapter: TeamsAdapter;
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

/** A feature (chat, approvals, digest): registers its routes on the bot with the services it needs (src/features.ts lists them). */
export type Feature = (app: BotApplication, services: Services) => void;
