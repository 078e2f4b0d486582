/**
 * The proactive offer after a consent-error sign-in: what the bot saw, and the diagnosis one click
 * away. The button is the choice card's own (chooseApp {appId}): the click diagnoses the person who
 * clicks, for that app, exactly as if they had asked, and asks the admins only if they must act.
 */
import { LIMITS, cardDate, md, plain } from '../cards/text';
import type { AdaptiveCard } from '../cards/types';
import type { HelpOffer } from './signin-plan';

export function helpCard(offer: HelpOffer): AdaptiveCard {
  const app = md(offer.appName, LIMITS.name);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'TextBlock',
        text: `I saw you hit "Need admin approval" for **${app}**`,
        size: 'Medium',
        weight: 'Bolder',
        wrap: true,
      },
      {
        type: 'TextBlock',
        wrap: true,
        text: `Your sign-in on ${cardDate(offer.at)} stopped with AADSTS${offer.errorCode}: the app needs permissions that someone has to approve first. Want me to ask your admins? I will check your account and the app first, tell you what is blocking you, and send the admins the exact fix if they have to act.`,
      },
      {
        type: 'TextBlock',
        isSubtle: true,
        wrap: true,
        text: 'If you no longer need it, ignore this message: I will not write to you about this app again today.',
      },
    ],
    actions: [
      { type: 'Action.Execute', verb: 'chooseApp', title: 'Check it and ask my admins', data: { appId: offer.appId } },
    ],
  };
}

/** The notification preview (plain). */
export function helpPreview(offer: HelpOffer): string {
  return plain(`I saw you hit "Need admin approval" for ${offer.appName}. Want me to ask your admins?`, LIMITS.line);
}
