/**
 * The bot's features, each registering its own routes on the teams-ai Application.
 * Order matters: teams-ai dispatches to the first matching route, and src/bot.ts adds the
 * help fallback after these.
 */
import type { Feature } from './services';
import { approvalFeature } from './teams/handlers/approve-feature';
import { chatFeature } from './teams/handlers/chat-feature';
import { digestFeature } from './teams/handlers/digest-command';

export const FEATURES: Feature[] = [
  approvalFeature,
  digestFeature,
  // Last: it answers every personal message the features above did not take.
  chatFeature,
];
