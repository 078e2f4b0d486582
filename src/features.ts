/**
 * The bot's features, each registering its own routes on the teams-ai Application.
 * Order matters: teams-ai dispatches to the first matching route, and src/bot.ts adds the
 * help fallback after these.
 */
import type { Feature } from './services';
import { approvalFeature } from './dialogs/approve-feature';
import { chatFeature } from './dialogs/chat-feature';
import { digestFeature } from './dialogs/digest-command';

export const FEATURES: Feature[] = [
  approvalFeature,
  digestFeature,
  // Last: it answers every personal message the features above did not take.
  chatFeature,
];
