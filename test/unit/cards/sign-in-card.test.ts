/**
 * The approver's sign-in card (APPROVAL_SIGN_IN_PROMPT=card) is built from its template and looks as
 * it did when it was built by hand: the expected cards below are that hand-built JSON.
 */
import { MAGIC_CODE_FIELD, retryData, signInCard } from '../../../src/auth/sign-in-card';
import { signCardData } from '../../../src/cards/mac';
import { KEY } from './fixtures';
import { actions, allText, expectValidCard } from './helpers';

const REF = signCardData('req-0001', KEY);
const LINK = 'https://token.botframework.com/api/oauth/signin?signin=abc123';
const TOGGLE = '00000003-0000-0000-c000-000000000000/Sites.FullControl.All';
const ROLE = 'b1c2d3e4-0000-4000-8000-000000000001';

function handBuilt(verb: string, data: Record<string, string>, retry: boolean) {
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
      ...(retry
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
      { type: 'Action.OpenUrl', title: 'Sign in', url: LINK },
      { type: 'Action.Execute', title: 'Approve', verb, data },
    ],
  };
}

describe('sign-in card', () => {
  test.each([
    ['approveAll', false],
    ['approveAll', true],
    ['approveUser', false],
    ['approveUser', true],
  ] as const)('%s (retry %s): the same card as the hand-built one', (verb, retry) => {
    const data = { ...REF, confirm_0: TOGGLE, assignRole: ROLE };
    const card = signInCard({ signInLink: LINK, verb, data: { ...data, magicCode: '123456' }, retry });
    expectValidCard(card);
    expect(card).toEqual(handBuilt(verb, data, retry));
  });

  test('the retry is the same click: the signed reference and the approval card inputs, nothing else', () => {
    expect(
      retryData('approveAll', {
        ...REF,
        confirm_0: TOGGLE,
        confirm_12: TOGGLE,
        assignRole: ROLE,
        magicCode: '123456',
        denyReason: 'no',
        appId: 'x',
        confirm_x: TOGGLE,
      }),
    ).toEqual({ ...REF, confirm_0: TOGGLE, confirm_12: TOGGLE, assignRole: ROLE });
    // An unticked toggle sends "no": carried as sent, so the retry is unticked too.
    expect(retryData('approveUser', { ...REF, confirm_0: 'no' })).toEqual({ ...REF, confirm_0: 'no' });
  });

  test('a click it cannot repeat gets a card that says what to do instead, with no button and no field', () => {
    for (const [verb, data, link] of [
      ['deny', { ...REF }, LINK],
      ['approveAll', { requestId: REF.requestId }, LINK],
      ['approveAll', { ...REF }, 'http://token.example/signin'],
    ] as const) {
      const card = signInCard({ signInLink: link, verb, data, retry: true });
      expectValidCard(card);
      expect(actions(card)).toEqual([]);
      expect(allText(card)).toContain('Press Approve on the approval card again');
      expect(allText(card)).not.toMatch(/code did not work|Code from the sign-in page/);
    }
  });
});
