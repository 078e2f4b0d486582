/**
 * Every Action.Execute verb the bot emits, with the data keys each may carry. The handlers treat data
 * as untrusted; this allowlist keeps the cards from carrying more than the handlers are meant to read.
 */
import { CONFIRM_INPUT_PREFIX, ROLE_INPUT_ID } from '../approvals/choices';

export const ADMIN_VERBS = ['approveAll', 'approveUser', 'deny', 'refreshApproval'] as const;
export const USER_VERBS = ['sendToAdmins', 'checkAgain', 'chooseApp', 'withdraw'] as const;
export type AdminVerb = (typeof ADMIN_VERBS)[number];
export type UserVerb = (typeof USER_VERBS)[number];
export type CardVerb = AdminVerb | UserVerb;

const REF = ['requestId', 'mac'] as const;

export const VERB_DATA_KEYS: Readonly<Record<CardVerb, readonly string[]>> = {
  approveAll: REF,
  approveUser: REF,
  deny: REF,
  refreshApproval: REF,
  withdraw: REF,
  // Before a request exists the user's card can only name the app; the server re-diagnoses the clicker.
  sendToAdmins: [...REF, 'appId'],
  checkAgain: [...REF, 'appId'],
  chooseApp: ['appId', 'servicePrincipalId'],
};

/** Keys that must all be present for the verb (admin verbs are useless without a signed id). */
export const VERB_REQUIRED_KEYS: Readonly<Record<CardVerb, readonly string[]>> = {
  approveAll: REF,
  approveUser: REF,
  deny: REF,
  refreshApproval: REF,
  withdraw: REF,
  sendToAdmins: [],
  checkAgain: [],
  chooseApp: [],
};

/** Longest value a card's action data may carry. */
export const MAX_DATA_VALUE_LENGTH = 256;

/** The approval card's input ids (confirm toggles, role pick), whose values an Approve click sends along. */
const APPROVE_INPUT_KEY = new RegExp(`^(?:${CONFIRM_INPUT_PREFIX}\\d{1,3}|${ROLE_INPUT_ID})$`);

/**
 * Whether the verb's data may hold this key. Approve data may also hold the approval card's input
 * values: the sign-in card's retry carries them (src/auth/sign-in-card.ts), so it is the same click.
 */
export function isVerbDataKey(verb: CardVerb, key: string): boolean {
  if (VERB_DATA_KEYS[verb].includes(key)) return true;
  return (verb === 'approveAll' || verb === 'approveUser') && APPROVE_INPUT_KEY.test(key);
}

export function isCardVerb(verb: unknown): verb is CardVerb {
  return typeof verb === 'string' && Object.prototype.hasOwnProperty.call(VERB_DATA_KEYS, verb);
}
