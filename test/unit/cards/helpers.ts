/** Shared assertions: every card must pass the bot's own checks and Microsoft's parser. */
import { parseWithAdaptiveCards } from './official-parser';
import type { AdaptiveCard } from '../../../src/cards/types';
import { validateCard } from '../../../src/cards/validate';

export function expectValidCard(card: AdaptiveCard): void {
  const own = validateCard(card);
  expect(own.issues).toEqual([]);
  const official = parseWithAdaptiveCards(card);
  expect(official.errors).toEqual([]);
}

type Found = Record<string, unknown>;

/** Every object in the card (elements, actions, nested cards) in document order. */
export function nodes(value: unknown, out: Found[] = []): Found[] {
  if (Array.isArray(value)) value.forEach((v) => nodes(v, out));
  else if (typeof value === 'object' && value !== null) {
    out.push(value as Found);
    Object.values(value).forEach((v) => nodes(v, out));
  }
  return out;
}

/** Actions a person can click (the refresh action is invoked by Teams itself, so it is left out). */
export function actions(card: AdaptiveCard, type?: string): Found[] {
  return nodes({ ...card, refresh: undefined }).filter(
    (n) => typeof n.type === 'string' && n.type.startsWith('Action.') && (!type || n.type === type),
  );
}

export function verbs(card: AdaptiveCard): string[] {
  return actions(card, 'Action.Execute').map((a) => String(a.verb));
}

/** All text a person can read: TextBlock text, fact titles/values, action titles. */
export function texts(card: AdaptiveCard): string[] {
  return nodes(card).flatMap((n) => {
    const out: string[] = [];
    for (const key of ['text', 'title', 'value', 'label', 'placeholder']) {
      if (typeof n[key] === 'string') out.push(n[key] as string);
    }
    return out;
  });
}

export function allText(card: AdaptiveCard): string {
  return texts(card).join('\n');
}
