/**
 * Pure: the card a click gets when the approver has no token yet and the client cannot show Teams'
 * loginRequest answer (APPROVAL_SIGN_IN_PROMPT=card; the Agents Playground's web client only renders
 * card, message and error answers to Action.Execute). It carries what a loginRequest carries — the
 * token service's sign-in link — plus a field for the code the sign-in page shows and the same
 * button again, with the click's own card data, so the retry is the same click (Teams sends the code
 * in `value.state` instead; src/teams/auth/approver-sign-in.ts reads both).
 *
 * The click's data is untrusted and is not echoed as sent: the retry carries only what an Approve
 * click of the approval card can carry (its signed {requestId, mac} and its inputs), each in the
 * shape the bot issues, so nothing else can ride on the card, nor reach the template as `${...}`.
 * The retry is checked again like any click (MAC, rights, the stored plan).
 */
import type { AdaptiveCard } from '../cards';
import { safeHttpsUrl } from '../cards/links';
import { cardDataRefShape } from '../cards/mac';
import { expandTemplate } from '../cards/render';
import { CARD_MAX_BYTES, jsonBytes } from '../cards/size';
import template from '../cards/templates/signIn.json';
import { type AdminVerb, MAX_DATA_VALUE_LENGTH, isVerbDataKey } from '../cards/verbs';

export const MAGIC_CODE_FIELD = 'magicCode';

/** Only approvals write with the approver's token (src/approvals/click.ts), so only they ask for sign-in. */
const SIGN_IN_VERBS = ['approveAll', 'approveUser'] as const satisfies readonly AdminVerb[];

function isSignInVerb(verb: string): verb is (typeof SIGN_IN_VERBS)[number] {
  return (SIGN_IN_VERBS as readonly string[]).includes(verb);
}

function isCarriedValue(value: unknown): value is string {
  // Toggle values are "<resource appId>/<scope>" and role picks are ids: short, never template syntax.
  // An empty role pick means "none picked", as its absence does.
  return typeof value === 'string' && value !== '' && value.length <= MAX_DATA_VALUE_LENGTH && !value.includes('${');
}

/** What the retry button carries, or null when the click is not one this card can repeat. */
export function retryData(verb: unknown, data: Record<string, unknown>): Record<string, string> | null {
  if (typeof verb !== 'string' || !isSignInVerb(verb)) return null;
  const ref = cardDataRefShape(data);
  if (!ref) return null;
  // The previous code is not sent back either: a new sign-in gives a new one.
  const inputs = Object.entries(data).filter(
    (entry): entry is [string, string] =>
      entry[0] !== 'requestId' && entry[0] !== 'mac' && isVerbDataKey(verb, entry[0]) && isCarriedValue(entry[1]),
  );
  return { requestId: ref.requestId, mac: ref.mac, ...Object.fromEntries(inputs) };
}

function render(signInLink: string | null, verb: string, data: Record<string, string> | null, retry: boolean) {
  const canRetry = signInLink !== null && data !== null;
  return expandTemplate(template, {
    canRetry,
    cannotRetry: !canRetry,
    showRetryNote: canRetry && retry,
    codeField: MAGIC_CODE_FIELD,
    signInLink: signInLink ?? '',
    verb: canRetry ? verb : '',
    retryData: data ?? {},
  });
}

export function signInCard(input: {
  signInLink: string;
  verb: string;
  data: Record<string, unknown>;
  retry: boolean;
}): AdaptiveCard {
  // Typed as strings, but they come from an invoke and the token service: checked, not trusted.
  const link = typeof input.signInLink === 'string' ? safeHttpsUrl(input.signInLink) : null;
  const card = render(link, input.verb, retryData(input.verb, input.data), input.retry);
  // Many inputs of the longest shape could still outgrow a card: then the click is not repeated here.
  return jsonBytes(card) <= CARD_MAX_BYTES ? card : render(link, input.verb, null, input.retry);
}
