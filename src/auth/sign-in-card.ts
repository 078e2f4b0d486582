/**
 * Pure: the card a click gets when the approver has no token yet and the client cannot show Teams'
 * loginRequest answer (APPROVAL_SIGN_IN_PROMPT=card; the Agents Playground's web client only renders
 * card, message and error answers to Action.Execute). It carries what a loginRequest carries — the
 * token service's sign-in link — plus a field for the code the sign-in page shows and the same
 * button again, with the click's own card data, so the retry is the same click (Teams sends the code
 * in `value.state` instead; src/teams/auth/approver-sign-in.ts reads both).
 */
import type { AdaptiveCard } from '../cards';

export const MAGIC_CODE_FIELD = 'magicCode';

export function signInCard(input: {
  signInLink: string;
  verb: string;
  data: Record<string, unknown>;
  retry: boolean;
}): AdaptiveCard {
  // The previous code is not sent back: a new sign-in gives a new one.
  const data = Object.fromEntries(Object.entries(input.data).filter(([key]) => key !== MAGIC_CODE_FIELD));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Sign in to approve', weight: 'Bolder', size: 'Medium', wrap: true },
      {
        type: 'TextBlock',
        wrap: true,
        text:
          'The change is written with your own Microsoft Entra account, so Entra itself decides what your role may grant. ' +
          'Sign in once, enter the code the sign-in page shows, then press Approve again.',
      },
      ...(input.retry
        ? [
            {
              type: 'TextBlock',
              text: 'That code did not work (or has expired). Sign in again for a new one.',
              color: 'Attention',
              wrap: true,
            },
          ]
        : []),
      {
        type: 'Input.Text',
        id: MAGIC_CODE_FIELD,
        label: 'Code from the sign-in page',
        placeholder: '6 digits',
        maxLength: 6,
        isRequired: false,
      },
    ],
    actions: [
      { type: 'Action.OpenUrl', title: 'Sign in', url: input.signInLink },
      { type: 'Action.Execute', title: 'Approve', verb: input.verb, data },
    ],
  } as unknown as AdaptiveCard;
}
