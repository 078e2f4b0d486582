/**
 * The bot's features, each registering its own routes on the teams-ai Application.
 * Order matters: teams-ai dispatches to the first matching route, and src/bot.ts adds the
 * help fallback after these.
 */
import type { BotApplication } from './bot';
import type { Services } from './services';

export type Feature = (app: BotApplication, services: Services) => void;

export const FEATURES: Feature[] = [];
