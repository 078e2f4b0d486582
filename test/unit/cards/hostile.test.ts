/**
 * Untrusted strings (user text, vendor-chosen app and publisher names, Graph error text) must render
 * inertly on every card: no links, HTML, formatting or template evaluation, bounded length.
 */
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
import { actions, expectValidCard, nodes, texts } from './helpers';

const EVIL =
  '[click](https://evil.example) <script>alert(1)</script> ${$root.ref.mac} ${string(1)} **bold** \u202Egnp.exe';
const HUGE = `${EVIL} ${'A'.repeat(10_000)}`;
const REF = signCardData('req-0001', KEY);

const evilFinding: Finding = {
  code: 'ADMIN_ONLY_SCOPES',
  severity: 'blocker',
  summary: HUGE,
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
});
