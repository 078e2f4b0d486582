/**
 * The proactive offer after a consent-error sign-in: what the bot saw, and the diagnosis one click
 * away. The button is the choice card's own (chooseApp {appId}): the click diagnoses the person who
 * clicks, for that app, exactly as if they had asked, and asks the admins only if they must act.
 */
import { expandTemplate } from './render';
import template from './templates/helpOffer.json';
import { LIMITS, cardDate, md, plain } from './text';
import type { AdaptiveCard } from './types';

/** What the sign-in watcher saw: one failed sign-in of one person to one app. */
export interface HelpOfferFacts {
  appId: string;
  appName: string;
  errorCode: number;
  at: string;
}

export function helpCard(offer: HelpOfferFacts): AdaptiveCard {
  return expandTemplate(template, {
    appName: md(offer.appName, LIMITS.name),
    signInDate: cardDate(offer.at),
    errorCode: String(offer.errorCode),
    appId: offer.appId,
  });
}

/** The notification preview (plain). */
export function helpPreview(offer: HelpOfferFacts): string {
  return plain(`I saw you hit "Need admin approval" for ${offer.appName}. Want me to ask your admins?`, LIMITS.line);
}
