/**
 * Untrusted strings (user text, vendor-chosen app and publisher names, Graph error text) must render
 * inertly on every card: no links, HTML, formatting or template evaluation, bounded length.
 */
import { signInCard } from '../../../src/auth/sign-in-card';
import { answerCard } from '../../../src/cards/answer';
import { toAnswerViewModel } from '../../../src/cards/answer-model';
import { approvalCard } from '../../../src/cards/approval';
import { toApprovalViewModel } from '../../../src/cards/approval-model';
import { auditCard } from '../../../src/cards/audit';
import { chooseAppCard } from '../../../src/cards/choose-app';
import { digestCard } from '../../../src/cards/digest';
import { toDigestPendingItem } from '../../../src/cards/digest-model';
import { signCardData } from '../../../src/cards/mac';
import { noticeCard, toNoticeViewModel } from '../../../src/cards/notice';
import { statusCard, toStatusItems } from '../../../src/cards/status';
import type { AdaptiveCard } from '../../../src/cards/types';
import type { Finding } from '../../../src/diagnosis/types';
import { REQUEST_STATES } from '../../../src/requests/model';
import { KEY, context, diagnosis, request } from './fixtures';
import { actions, allText, expectValidCard, nodes, texts } from './helpers';

const EVIL =
  '[click](https://evil.example) <script>alert(1)</script> ${$root.ref.mac} ${string(1)} **bold** \u202Egnp.exe';
const HUGE = `${EVIL} ${'A'.repeat(10_000)}`;
const REF = signCardData('req-0001', KEY);

const evilFinding: Finding = {
  code: 'ADMIN_ONLY_SCOPES',
  severity: 'blocker',
  summary: HUGE,
  summaryForAdmins: HUGE,
  adminSummary: HUGE,
  fixable: true,
};
const evilDiagnosis = diagnosis({
  app: { appId: '22222222-2222-4222-8222-222222222222', displayName: HUGE, servicePrincipalId: null },
  findings: [evilFinding],
  remedies: [
    ...diagnosis().remedies,
    { kind: 'manual', title: EVIL, steps: [HUGE] },
    {
      kind: 'grant_delegated',
      clientAppId: 'c',
      resourceAppId: EVIL,
      scopes: [EVIL],
      consentType: 'Principal',
      principalId: EVIL,
    },
  ],
  candidates: [],
});
const evilRequest = (state: (typeof REQUEST_STATES)[number]) =>
  request(state, {
    appDisplayName: HUGE,
    justification: HUGE,
    requester: { aadObjectId: 'u', teamsUserId: '29:u', displayName: HUGE, userPrincipalName: EVIL },
    linkedRequesters: Array.from({ length: 50 }, () => ({
      aadObjectId: 'x',
      teamsUserId: '29:x',
      displayName: HUGE,
      userPrincipalName: null,
    })),
    diagnosis: evilDiagnosis,
    decision: { by: { aadObjectId: 'a', displayName: HUGE }, at: EVIL, scope: 'user', reason: HUGE },
    outcome: {
      steps: [
        { remedy: { kind: 'manual', title: EVIL, steps: [] }, status: 'failed', graphRequestId: EVIL, error: HUGE },
      ],
      verified: false,
      error: HUGE,
    },
  });
const evilContext = {
  ...context,
  servicePrincipal: {
    publisherName: HUGE,
    verifiedPublisher: { displayName: HUGE, verifiedPublisherId: 'x', addedDateTime: null },
  },
};

/** Text a markdown renderer would interpret (TextBlock text, FactSet titles and values). */
function markdownTexts(card: AdaptiveCard): string[] {
  return nodes(card).flatMap((n) => {
    if (n.type === 'TextBlock' && typeof n.text === 'string') return [n.text];
    if (typeof n.title === 'string' && typeof n.value === 'string') return [n.title, n.value];
    return [];
  });
}

function expectInert(card: AdaptiveCard): void {
  expectValidCard(card);
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  expect(json).not.toContain('\u202E');
  expect(json).toContain('\\\\[click\\\\](https:\u200B//evil.example)');
  for (const t of markdownTexts(card)) {
    // What is left once escaped characters are removed is what a renderer could interpret.
    const live = t.replace(/\\[\s\S]/g, '');
    expect(live).not.toMatch(/\[click|<script|\*\*bold|https:\/\/evil|\$\{/);
  }
  for (const t of texts(card)) expect(t.length).toBeLessThan(2_000);
  for (const a of actions(card)) if (typeof a.title === 'string') expect(a.title.length).toBeLessThanOrEqual(80);
}

describe('hostile strings render inertly', () => {
  test.each(REQUEST_STATES)('approval card, %s', (state) => {
    for (const view of ['approver', 'observer'] as const) {
      const card = approvalCard(toApprovalViewModel(evilRequest(state), REF, evilContext), view);
      expectInert(card);
      for (const a of actions(card, 'Action.Execute')) expect(a.data).toEqual(REF);
      for (const a of actions(card, 'Action.OpenUrl'))
        expect(String(a.url)).toMatch(/^https:\/\/(entra\.microsoft\.com|login\.microsoftonline\.com)\//);
    }
  });

  test('answer card', () => {
    const vm = toAnswerViewModel(evilDiagnosis, {
      request: { state: 'denied', ref: REF, reason: HUGE },
      nextStep: { kind: 'not_consent', contact: HUGE },
      publisherName: HUGE,
    });
    expectInert(answerCard(vm));
    expectInert(answerCard({ ...vm, status: 'new', nextStep: { kind: 'self_fix', how: HUGE }, signInUrl: EVIL }));
    // Notes are the bot's own sentences, never user text; every kind at once still fits and validates.
    const notes = Array.from(
      { length: 5 },
      (_, i) => `Note ${i}: ${'a sentence of ours, press **Send to admins**. '.repeat(6)}`,
    );
    expectInert(answerCard({ ...vm, status: 'pending', nextStep: { kind: 'admins_asked' }, notes }));
  });

  test('choose-app card', () => {
    const card = chooseAppCard([
      { appId: 'a', displayName: HUGE, servicePrincipalId: null, score: 1, reasons: ['error_text'], why: HUGE },
    ]);
    expectInert(card);
    // Action titles are not markdown: shown as typed, but bounded and with template syntax broken.
    const title = String(actions(card)[0]!.title);
    expect(title.length).toBeLessThanOrEqual(80);
    expect(title).not.toContain('${');
  });

  test('status, notice, audit and digest cards', () => {
    expectInert(
      statusCard(
        toStatusItems(
          REQUEST_STATES.map((s) => evilRequest(s)),
          () => REF,
        ),
      ),
    );
    for (const s of ['approved', 'denied', 'failed', 'expired'] as const) {
      const vm = toNoticeViewModel(evilRequest(s), { userNames: { [EVIL]: HUGE } })!;
      if (vm.kind === 'approved') vm.changes.push(HUGE);
      expectInert(noticeCard(vm));
    }
    expectInert(
      auditCard(evilRequest('denied'), [
        {
          requestId: 'r',
          at: EVIL,
          actor: { aadObjectId: null, displayName: HUGE },
          action: HUGE,
          detail: HUGE,
          graphRequestId: EVIL,
          result: 'error',
        },
      ]),
    );
    const item = { ...toDigestPendingItem(evilRequest('pending'), EVIL), expiresAt: EVIL };
    expectInert(
      digestCard({
        now: '2025-03-10T00:00:00Z',
        pending: Array.from({ length: 500 }, () => item),
        entra: [],
        expiringSoonDays: 3,
        seeAllText: HUGE,
      }),
    );
  });

  test('sign-in card: the click data it repeats is carried only in the shapes the bot issues, or the click is refused', () => {
    const LINK = 'https://token.botframework.com/api/oauth/signin?signin=abc';
    const retryOf = (card: AdaptiveCard) => actions(card, 'Action.Execute')[0];
    const refused = (card: AdaptiveCard) => {
      expectValidCard(card);
      expect(actions(card)).toEqual([]);
      expect(allText(card)).toContain('Press Approve on the approval card again');
    };
    const carried = (verb: unknown, data: Record<string, unknown>, signInLink: unknown = LINK) => {
      // Wrong types reach the builder as they arrive in an invoke: anything at all.
      const card = signInCard({ signInLink: signInLink as string, verb: verb as string, data, retry: true });
      const json = JSON.stringify(card);
      expect(json).not.toContain('${');
      expect(json).not.toContain('evil');
      expect(json).not.toContain('\u202E');
      expect(json.length).toBeLessThan(28_000);
      return card;
    };

    // Hostile inputs next to a genuine reference: dropped, the rest is repeated as sent.
    const card = carried('approveAll', {
      ...REF,
      confirm_0: EVIL,
      confirm_1: HUGE,
      confirm_2: 42,
      confirm_3: { $when: '${true}' },
      confirm_4: ['x'],
      assignRole: '',
      denyReason: EVIL,
      [EVIL]: 'x',
      __proto__: { requestId: 'evil' },
      magicCode: '${$root}',
    });
    expectValidCard(card);
    expect(retryOf(card)).toMatchObject({ verb: 'approveAll', data: REF });
    expect(Object.keys(retryOf(card)!.data as object).sort()).toEqual(['mac', 'requestId']);

    // A reference not in the bot's shape, a verb that does not sign in, a bad link: nothing to repeat.
    refused(carried('approveAll', { requestId: '${$root.ref.mac}', mac: REF.mac }));
    refused(carried('approveAll', { requestId: REF.requestId, mac: EVIL }));
    refused(carried('approveAll', { requestId: 42, mac: null }));
    refused(carried('approveAll', { requestId: HUGE, mac: REF.mac }));
    refused(carried('approveAll', JSON.parse('{"__proto__": {"requestId": "req-0001"}}') as Record<string, unknown>));
    for (const verb of ['${$root}', EVIL, 'deny', 'refreshApproval', '', 7, null, { verb: 'approveAll' }])
      refused(carried(verb, { ...REF }));
    for (const link of ['javascript:alert(1)', 'http://token.example/', `https://x.example/${'${a}'}`, EVIL, 7, null])
      refused(carried('approveAll', { ...REF }, link));
    // So many inputs of the longest allowed shape that the card would outgrow Teams' limit.
    const many = Object.fromEntries(Array.from({ length: 999 }, (_, k) => [`confirm_${k}`, 'a'.repeat(256)]));
    refused(carried('approveUser', { ...REF, ...many }));
  });
});
