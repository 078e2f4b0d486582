import { answerCard } from '../../../src/cards/answer';
import { type AnswerViewModel, toAnswerViewModel } from '../../../src/cards/answer-model';
import { askForAppCard } from '../../../src/cards/ask-for-app';
import { chooseAppCard } from '../../../src/cards/choose-app';
import { signCardData } from '../../../src/cards/mac';
import { noticeCard, toNoticeViewModel } from '../../../src/cards/notice';
import { statusCard, toStatusItems } from '../../../src/cards/status';
import type { AppCandidate } from '../../../src/diagnosis/types';
import { REQUEST_STATES } from '../../../src/requests/model';
import { APP_ID, KEY, SP_ID, context, diagnosis, request } from './fixtures';
import { actions, allText, expectValidCard, nodes, verbs } from './helpers';

const REF = signCardData('req-0001', KEY);

describe('answer card', () => {
  const base = (overrides: Partial<AnswerViewModel> = {}): AnswerViewModel => ({
    ...toAnswerViewModel(diagnosis(), { request: null, nextStep: { kind: 'admins_asked' }, publisherName: 'Qlik' }),
    ...overrides,
  });

  test("the person's own waiting request without a note: the template offers one note box and Send to admins", () => {
    const card = answerCard(base({ ref: REF, status: 'pending', noteInvited: true }));
    expectValidCard(card);
    expect(verbs(card)).toEqual(['sendToAdmins', 'checkAgain']);
    expect(nodes(card).filter((n) => n.id === 'justification')).toHaveLength(1);
    expect(allText(card)).toContain('The admins have been asked');
    // Not invited (a note was given, or someone else's request): no box, no button.
    const plain = answerCard(base({ ref: REF, status: 'pending' }));
    expect(verbs(plain)).toEqual(['checkAgain']);
    expect(nodes(plain).some((n) => n.id === 'justification')).toBe(false);
  });

  test('new request: justification input, Send to admins and Check again', () => {
    const card = answerCard(base({ ref: REF }));
    expectValidCard(card);
    expect(verbs(card)).toEqual(['sendToAdmins', 'checkAgain']);
    expect(actions(card, 'Action.Execute').map((a) => a.data)).toEqual([REF, REF]);
    expect(nodes(card).find((n) => n.id === 'justification')).toMatchObject({ type: 'Input.Text' });
    const text = allText(card);
    expect(text).toContain('by Qlik');
    expect(text).toContain('An admin needs to approve this app.');
    expect(text).toContain('Status: Not sent to the admins yet.');
    // Blockers first, in plain words.
    // Users get the plain summary, never the admin wording.
    expect(text).not.toContain('Sites.ReadWrite.All is type Admin');
    expect(text.indexOf('The app asks for permissions only an admin can approve.')).toBeLessThan(
      text.indexOf('Your organization only lets you'),
    );
  });

  test('before a request exists the buttons name only the app', () => {
    const card = answerCard(base());
    expect(actions(card, 'Action.Execute').map((a) => a.data)).toEqual([{ appId: APP_ID }, { appId: APP_ID }]);
  });

  test.each(REQUEST_STATES)('existing request in state %s: no send button, state shown', (state) => {
    const card = answerCard(
      base({ status: state, ref: REF, reason: state === 'denied' ? 'Use [other](https://evil)' : null }),
    );
    expectValidCard(card);
    expect(verbs(card)).toEqual(['checkAgain']);
    expect(nodes(card).some((n) => n.id === 'justification')).toBe(false);
    if (state === 'denied') expect(allText(card)).toContain('Their reason: Use \\[other\\](https:\u200B//evil)');
  });

  test('next steps in plain words', () => {
    const self = answerCard(base({ nextStep: { kind: 'self_fix', how: 'Use the app called Qlik SharePoint.' } }));
    expect(allText(self)).toContain('Good news: you can fix this yourself. Use the app called Qlik SharePoint.');
    expect(verbs(self)).toEqual(['checkAgain']);
    const notConsent = answerCard(base({ nextStep: { kind: 'not_consent', contact: 'the IT helpdesk' } }));
    expect(allText(notConsent)).toContain(
      'This is not a consent problem, so an admin approval would not help. Please contact the IT helpdesk.',
    );
    const notSetUp = answerCard(base({ nextStep: { kind: 'not_set_up' } }));
    expect(allText(notSetUp)).toContain('Approvals are not set up yet.');
    expect(verbs(notSetUp)).toEqual(['sendToAdmins', 'checkAgain']);
    for (const c of [self, notConsent, notSetUp]) expectValidCard(c);
  });

  test("what just happened to the request: the bot's own sentences after the status line, one block each", () => {
    const notes = [
      'You had already asked about this app, so I did not send a second request.',
      'Write a line about why in the box on the card and press **Send to admins**.',
    ];
    const card = answerCard(base({ ref: REF, status: 'pending', noteInvited: true, notes }));
    expectValidCard(card);
    const blocks = nodes(card)
      .filter((n) => n.type === 'TextBlock')
      .map((n) => n.text);
    const status = blocks.indexOf('⏳ Status: Waiting for an admin to decide.');
    expect(status).toBeGreaterThanOrEqual(0);
    // As written: the bold button name stays bold, unlike the diagnosis' text, which is escaped.
    expect(blocks.slice(status + 1, status + 3)).toEqual(notes);
    // Before the note box, which the second sentence points to.
    const order = nodes(card).map((n) => (n.id === 'justification' ? 'box' : n.text));
    expect(order.indexOf(notes[1])).toBeLessThan(order.indexOf('box'));
    expect(allText(answerCard(base({ ref: REF, status: 'pending' })))).not.toContain('did not send a second request');
    expect(JSON.stringify(answerCard(base({ notes: [] })))).toEqual(JSON.stringify(answerCard(base())));
  });

  test('local mode: "Try signing in" only with a safe https URL', () => {
    const url = `https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${APP_ID}`;
    expect(actions(answerCard(base({ signInUrl: url })), 'Action.OpenUrl')).toEqual([
      { type: 'Action.OpenUrl', title: 'Try signing in', url },
    ]);
    expect(actions(answerCard(base({ signInUrl: 'javascript:alert(1)' })), 'Action.OpenUrl')).toEqual([]);
  });
});

describe('choose-app card', () => {
  const candidate = (i: number, overrides: Partial<AppCandidate> = {}): AppCandidate => ({
    appId: `0000000${i}-0000-4000-8000-000000000000`,
    displayName: `Connector ${i}`,
    servicePrincipalId: null,
    score: i,
    reasons: ['service_principal_name'],
    why: `Name matches "connector" (${i})`,
    ...overrides,
  });

  test('one Execute per candidate, best first, data only ids', () => {
    const card = chooseAppCard([candidate(1), candidate(3, { servicePrincipalId: SP_ID }), candidate(2)]);
    expectValidCard(card);
    const execs = actions(card, 'Action.Execute');
    expect(execs.map((a) => a.verb)).toEqual(['chooseApp', 'chooseApp', 'chooseApp']);
    expect(execs.map((a) => a.data)).toEqual([
      { appId: candidate(3).appId, servicePrincipalId: SP_ID },
      { appId: candidate(2).appId },
      { appId: candidate(1).appId },
    ]);
    expect(allText(card)).toContain('Name matches "connector" (3)');
  });

  test('at most five shown; candidates without ids cannot be chosen', () => {
    const card = chooseAppCard([
      ...Array.from({ length: 8 }, (_, i) => candidate(i + 1)),
      candidate(9, { appId: null }),
    ]);
    expectValidCard(card);
    expect(verbs(card)).toHaveLength(5);
    expect(allText(card)).toContain('3 less likely matches are not shown.');
  });
});

test('ask-for-app card gives an example of each kind of answer', () => {
  const card = askForAppCard();
  expectValidCard(card);
  const text = allText(card);
  for (const s of ["The app's name", 'The link it opened', 'The error text', 'AADSTS90094']) expect(text).toContain(s);
  expect(actions(card)).toEqual([]);
});

describe('status card', () => {
  const sign = (id: string) => signCardData(id, KEY);

  test('each state, Withdraw only on pending', () => {
    const requests = REQUEST_STATES.map((state, i) =>
      request(state, { id: `req-${i}`, createdAt: `2025-03-0${i + 1}T00:00:00Z` }),
    );
    const card = statusCard(toStatusItems(requests, sign));
    expectValidCard(card);
    const withdraws = actions(card, 'Action.Execute');
    expect(withdraws).toEqual([expect.objectContaining({ verb: 'withdraw', data: sign('req-0') })]);
    expect(allText(card)).toContain('Waiting for an admin to decide.');
  });

  test('a request not sent yet (an app the tenant does not have) reads as not sent, and can be withdrawn', () => {
    const unsent = request('pending', { id: 'req-unsent', awaitingConfirmation: true });
    const card = statusCard(toStatusItems([unsent], sign));
    expectValidCard(card);
    expect(allText(card)).toContain('Not sent to the admins yet.');
    expect(allText(card)).not.toContain('Waiting for an admin to decide.');
    expect(actions(card, 'Action.Execute')).toEqual([expect.objectContaining({ verb: 'withdraw' })]);
  });

  test('empty and long lists', () => {
    expect(allText(statusCard([]))).toContain('You have no requests.');
    const many = Array.from({ length: 40 }, (_, i) =>
      request('pending', { id: `req-${i}`, createdAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString() }),
    );
    const card = statusCard(toStatusItems(many, sign));
    expectValidCard(card);
    expect(verbs(card)).toHaveLength(15);
    expect(allText(card)).toContain('25 older requests are not shown.');
  });
});

describe('notices to the requester', () => {
  test('approved: what changed and try again now', () => {
    const vm = toNoticeViewModel(request('approved'), context, 'https://login.microsoftonline.com/common')!;
    const card = noticeCard(vm);
    expectValidCard(card);
    const text = allText(card);
    expect(text).toContain('is approved');
    expect(text).toContain(
      'The app may now use Microsoft Graph on your behalf (Sites.ReadWrite.All, User.Read, Custom.Unknown).',
    );
    expect(text).toContain('Please try signing in again now.');
    expect(actions(card, 'Action.OpenUrl')).toHaveLength(1);
  });

  test('denied carries the reason; failed and expired explain; others send nothing', () => {
    expect(allText(noticeCard(toNoticeViewModel(request('denied'))!))).toContain(
      "The admin's reason: Use the approved connector instead.",
    );
    expect(allText(noticeCard(toNoticeViewModel(request('failed'))!))).toContain('did not go through');
    expect(allText(noticeCard(toNoticeViewModel(request('expired'))!))).toContain('No admin answered in time.');
    for (const s of ['denied', 'failed', 'expired'] as const)
      expectValidCard(noticeCard(toNoticeViewModel(request(s))!));
    for (const s of ['pending', 'approving', 'withdrawn'] as const) expect(toNoticeViewModel(request(s))).toBeNull();
  });
});
