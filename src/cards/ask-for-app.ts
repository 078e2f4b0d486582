/** No app matched: ask for something that identifies it, with an example of each kind. */
import { expandTemplate } from './render';
import template from './templates/askForApp.json';
import type { AdaptiveCard } from './types';

export function askForAppCard(): AdaptiveCard {
  return expandTemplate(template, {});
}
