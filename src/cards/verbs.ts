/**
 * Every Action.Execute verb the bot emits, with the data keys each may carry. The handlers treat data
 * as untrusted; this allowlist keeps the cards from carrying more than the handlers are meant to read.
 */
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

export function isCardVerb(verb: unknown): verb is CardVerb {
  return typeof verb === 'string' && Object.prototype.hasOwnProperty.call(VERB_DATA_KEYS, verb);
}
