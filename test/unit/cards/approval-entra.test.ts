/** The approval card's part about Entra's own admin consent requests (the Entra request watcher, docs/watchers.md). */
import { approvalCard } from '../../../src/cards/approval';
import { toApprovalViewModel } from '../../../src/cards/approval-model';
import { ENTRA_CONSENT_REQUESTS_URL } from '../../../src/cards/links';
import { signCardData } from '../../../src/cards/mac';
import { helpCard } from '../../../src/cards/help-offer';
import type { EntraRequestRef, RequestState } from '../../../src/requests/model';
import { KEY, context, request } from './fixtures';
import { actions, allText, expectValidCard } from './helpers';

const REF = signCardData('req-0001', KEY);
const entra: EntraRequestRef[] = [
  {
    userConsentRequestId: 'u1',
    appConsentRequestId: 'a1',
    requesterId: 'x',
    requesterName: 'Grace *Analyst*',
    reason: 'Weekly mail export',
    scopes: ['Mail.Read', 'User.Read'],
    createdDateTime: '2025-06-12T10:00:00Z',
  },
  {
    userConsentRequestId: 'u2',
    appConsentRequestId: 'a1',
    requesterId: 'y',
    requesterName: 'Erin',
    reason: null,
    scopes: [],
    createdDateTime: '2025-06-12T11:00:00Z',
  },
];
const render = (state: RequestState, refs = entra) =>
  approvalCard(toApprovalViewModel(request(state, { entraRequests: refs }), REF, context), 'approver');

describe('approval card with Entra requests', () => {
  test.each(['pending', 'approved', 'denied', 'failed'] as const)(
    '%s: valid, names each requester, reason and recorded scopes, links to Entra',
    (state) => {
      const card = render(state);
      expectValidCard(card);
      const text = allText(card);
      expect(text).toContain('Grace \\*Analyst\\*');
      expect(text).toContain('"Weekly mail export"');
      expect(text).toContain('Scopes Entra recorded: Mail.Read, User.Read.');
      expect(text).toContain('(no reason given). Scopes Entra recorded: none listed.');
      expect(actions(card, 'Action.OpenUrl').map((a) => a.url)).toContain(ENTRA_CONSENT_REQUESTS_URL);
    },
  );

  test("while pending it says a decision here will not close Entra's; after one, that Entra's stay open", () => {
    expect(allText(render('pending'))).toMatch(
      /Also waiting in Entra's admin consent workflow \(2 requests\)[\s\S]*Deciding here does not close the Entra requests/,
    );
    expect(allText(render('approved', entra.slice(0, 1)))).toMatch(
      /Entra's own request is still open\*\*: Microsoft Graph cannot approve or deny it/,
    );
  });

  test("a reason already shown as the card's reason is not repeated", () => {
    const card = approvalCard(
      toApprovalViewModel(
        request('pending', { entraRequests: entra, justification: 'Weekly mail export' }),
        REF,
        context,
      ),
      'approver',
    );
    expect(allText(card).match(/Weekly mail export/g)).toHaveLength(1);
    expect(allText(card)).toContain('(the reason above)');
  });

  test('a chat-only request shows nothing about Entra', () => {
    expect(allText(render('pending', []))).not.toMatch(/Entra's admin consent workflow/);
  });
});

test('the sign-in help card passes the bot checks and the official parser, and offers the chooseApp button', () => {
  const card = helpCard({
    appId: '46d8463e-640b-4298-825f-a19bbf762b16',
    appName: 'Outlook <connector>',
    errorCode: 90095,
    at: '2025-06-12T10:00:00Z',
  });
  expectValidCard(card);
  expect(actions(card, 'Action.Execute')).toEqual([
    expect.objectContaining({ verb: 'chooseApp', data: { appId: '46d8463e-640b-4298-825f-a19bbf762b16' } }),
  ]);
});
