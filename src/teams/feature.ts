/**
 * A feature (chat, approvals, digest): registers its routes on the bot with the services it needs
 * (src/teams/features.ts lists them, in order).
 */
import type { Services } from '../services';
import type { BotApplication } from './bot';

export type Feature = (app: BotApplication, services: Services) => void;

/** A feature bound to its services: what src/teams/bot.ts registers. */
export type Routes = (app: BotApplication) => void;
