/**
 * The bot's features, each registering its own routes on the teams-ai Application.
 * Order matters: teams-ai dispatches to the first matching route, and src/teams/bot.ts adds the
 * help fallback after these.
 */
import type { Services } from '../services';
import type { Feature, Routes } from './feature';
import { approvalFeature } from './handlers/approve-feature';
import { chatFeature } from './handlers/chat-feature';
import { digestFeature } from './handlers/digest-command';

export const FEATURES: Feature[] = [
  approvalFeature,
  digestFeature,
  // Last: it answers every personal message the features above did not take.
  chatFeature,
];

/** FEATURES bound to the services, in order. */
export function featuresFor(services: Services): Routes[] {
  return FEATURES.map((feature) => (app) => feature(app, services));
}
