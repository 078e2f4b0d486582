/**
 * One realistic instance of every card the bot sends, built with the real builders from domain
 * objects shaped like the diagnosis and the request store produce (shared with the card unit tests).
 * Each sample names the texts and buttons a person must see.
 */
import {
  answerCard,
  approvalCard,
  askForAppCard,
  auditCard,
  chooseAppCard,
  digestCard,
  noticeCard,
  signCardData,
  statusCard,
  teamsMessageUrl,
  toApprovalViewModel,
  toAnswerViewModel,
  toNoticeViewModel,
  toStatusItems,
  type AdaptiveCard,
  type ApprovalView,
  type DigestEntraItem,
  type DigestPendingItem,
} from '../../src/cards';
import { signInCard } from '../../src/auth/sign-in-card';
import type { AuditEntry, RequestState } from '../../src/requests/model';
import { APP_ID, KEY, TENANT_ID, context, diagnosis, request } from '../unit/cards/fixtures';

export interface CardSample {
  /** File name under docs/images/cards/, without extension. */
  name: string;
  caption: string;
  card: AdaptiveCard;
  texts: string[];
  /** Visible button titles, in order (ShowCard contents stay hidden until opened). */
  buttons: string[];
}

const REF = signCardData('req-0001', KEY);
const NOW = '2025-03-10T12:00:00Z';
const SIGN_IN = `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/authorize?client_id=${APP_ID}&response_type=code&scope=openid`;
const QLIK = 'Qlik Web Connectors (Office 365 SharePoint)';

const approval = (state: RequestState, view: ApprovalView): AdaptiveCard =>
  approvalCard(toApprovalViewModel(request(state), REF, context), view);

function notice(state: RequestState): AdaptiveCard {
  const vm = toNoticeViewModel(request(state), context, SIGN_IN);
  if (!vm) throw new Error(`no notice for ${state}`);
  return noticeCard(vm);
}

const THREAD = teamsMessageUrl('19:abc@thread.tacv2;messageid=1741600000000', '1741600000000', TENANT_ID);
const pending: DigestPendingItem[] = [
  {
    requestId: 'req-0001',
    requester: 'Ana Lima',
    appName: QLIK,
    proposedFix: 'Grant delegated permissions on Microsoft Graph for all users',
    createdAt: '2025-03-01T09:30:00Z',
    expiresAt: '2025-03-31T09:30:00Z',
    threadUrl: THREAD,
  },
  {
    requestId: 'req-0002',
    requester: 'Bo Chen',
    appName: 'Miro',
    proposedFix: 'Assign Bo Chen to the app',
    createdAt: '2025-03-09T15:10:00Z',
    expiresAt: '2025-03-11T15:10:00Z',
    threadUrl: THREAD,
  },
];
const entra: DigestEntraItem[] = [
  {
    appName: 'Adobe Acrobat Sign',
    appId: '5a1b2c3d-0000-4000-8000-000000000001',
    requester: 'Chris Park',
    createdAt: '2025-03-05T08:00:00Z',
    expiresAt: '2025-03-12T08:00:00Z',
    alreadyGranted: false,
  },
  {
    appName: 'Zoom',
    appId: '5a1b2c3d-0000-4000-8000-000000000002',
    requester: 'Dee Singh',
    createdAt: '2025-02-20T08:00:00Z',
    expiresAt: '2025-03-22T08:00:00Z',
    alreadyGranted: true,
  },
];

const audit: AuditEntry[] = [
  {
    requestId: 'req-0001',
    at: '2025-03-01T09:30:00Z',
    actor: { aadObjectId: 'ana', displayName: 'Ana Lima' },
    action: 'request',
    detail: 'Sent to the admins with a justification.',
    graphRequestId: null,
    result: 'ok',
  },
  {
    requestId: 'req-0001',
    at: '2025-03-02T09:58:00Z',
    actor: { aadObjectId: 'eve', displayName: 'Eve Guest' },
    action: 'approve',
    detail: 'Not an approver: no eligible directory role.',
    graphRequestId: null,
    result: 'refused',
  },
  {
    requestId: 'req-0001',
    at: '2025-03-02T10:00:00Z',
    actor: { aadObjectId: 'admin', displayName: 'Dana Admin' },
    action: 'approve',
    detail: 'Granted Sites.ReadWrite.All, User.Read on Microsoft Graph for all users.',
    graphRequestId: 'a3f1c2d4-1111-4222-8333-944455556666',
    result: 'ok',
  },
];

const answerBase = toAnswerViewModel(diagnosis(), {
  request: null,
  nextStep: { kind: 'admins_asked' },
  publisherName: 'Qlik',
});

export const SAMPLES: CardSample[] = [
  {
    name: 'answer',
    caption: 'The diagnosis in plain words, with a box for a justification and "Send to admins".',
    card: answerCard({ ...answerBase, ref: REF }),
    texts: [
      QLIK,
      'by Qlik',
      'What is going on',
      'The app asks for permissions only an admin can approve.',
      'An admin needs to approve this app.',
      'Status: Not sent to the admins yet.',
      'Anything the admins should know?',
    ],
    buttons: ['Send to admins', 'Check again'],
  },
  {
    name: 'answer-pending',
    caption: 'The same answer once a request is waiting: no second send, just "Check again".',
    card: answerCard({ ...answerBase, ref: REF, status: 'pending' }),
    texts: [QLIK, 'What happens next'],
    buttons: ['Check again'],
  },
  {
    name: 'answer-pending-note',
    caption: 'The requester\'s own waiting request without a note yet: one box for a note and "Send to admins".',
    card: answerCard({ ...answerBase, ref: REF, status: 'pending', noteInvited: true }),
    texts: [QLIK, 'The admins have been asked.', 'Waiting for an admin to decide.', 'Anything the admins should know?'],
    buttons: ['Send to admins', 'Check again'],
  },
  {
    name: 'choose-app',
    caption: 'Several apps match what the user typed: they pick one, best match first.',
    card: chooseAppCard([
      {
        appId: APP_ID,
        displayName: QLIK,
        servicePrincipalId: null,
        score: 9,
        reasons: ['service_principal_name'],
        why: 'Name matches "sharepoint connector"',
      },
      {
        appId: '0000000a-0000-4000-8000-000000000000',
        displayName: 'Qlik Sense',
        servicePrincipalId: null,
        score: 5,
        reasons: ['catalog'],
        why: 'Known app from the same publisher',
      },
      {
        appId: '0000000b-0000-4000-8000-000000000000',
        displayName: 'SharePoint Online Client Extensibility',
        servicePrincipalId: null,
        score: 3,
        reasons: ['service_principal_name'],
        why: 'Name contains "SharePoint"',
      },
    ]),
    texts: ['Name matches "sharepoint connector"', 'Known app from the same publisher'],
    buttons: [`Choose ${QLIK}`, 'Choose Qlik Sense', 'Choose SharePoint Online Client Extensibility'],
  },
  {
    name: 'ask-for-app',
    caption: 'When the message names no app: what to paste, with examples.',
    card: askForAppCard(),
    texts: ["The app's name", 'The link it opened', 'The error text', 'AADSTS90094'],
    buttons: [],
  },
  {
    name: 'status',
    caption: '"status": the user\'s requests and where each stands; only pending ones can be withdrawn.',
    card: statusCard(
      toStatusItems(
        [
          request('pending', { id: 'req-0003', createdAt: '2025-03-09T10:00:00Z', updatedAt: '2025-03-09T10:00:00Z' }),
          request('approved', { id: 'req-0002' }),
          request('denied', { id: 'req-0001', appDisplayName: 'Miro', createdAt: '2025-02-01T10:00:00Z' }),
        ],
        (id) => signCardData(id, KEY),
      ),
    ),
    texts: ['Your requests', 'Waiting for an admin to decide.'],
    buttons: ['Withdraw'],
  },
  {
    name: 'approval-approver',
    caption: "The admins' channel card as an approver sees it: cause, exact changes, Approve / Deny.",
    card: approval('pending', 'approver'),
    texts: [
      'Admin approval requested',
      QLIK,
      'Ana Lima',
      'I need it for the weekly sales report.',
      'Why it is blocked',
      'What each option changes',
      'Sites.ReadWrite.All',
    ],
    buttons: [
      'Technical details',
      'Open the app in Entra',
      'Approve for everyone',
      'Approve for Ana Lima only',
      'Deny',
    ],
  },
  {
    name: 'approval-observer',
    caption: 'The same card for channel members who cannot approve: status only.',
    card: approval('pending', 'observer'),
    texts: ['Admin approval requested', QLIK, 'Only approvers can act on this request.'],
    buttons: ['Technical details'],
  },
  {
    name: 'approval-approved',
    caption: 'After Approve: what changed, by whom, verified by diagnosing again.',
    card: approval('approved', 'observer'),
    texts: [QLIK, 'Dana Admin'],
    buttons: ['Technical details'],
  },
  {
    name: 'approval-failed',
    caption: 'A fix that Graph refused: each step and its Graph error, and Approve / Deny to decide again.',
    card: approval('failed', 'approver'),
    texts: [QLIK, 'Authorization_RequestDenied', 'An approver can approve again'],
    buttons: [
      'Technical details',
      'Open the app in Entra',
      'Approve for everyone',
      'Approve for Ana Lima only',
      'Deny',
    ],
  },
  {
    name: 'approval-denied',
    caption: "A denied request, with the admin's reason.",
    card: approval('denied', 'observer'),
    texts: [QLIK, 'Use the approved connector instead.'],
    buttons: ['Technical details'],
  },
  {
    name: 'audit',
    caption: '"audit req-0001": who did what and when, with Graph request-ids, refusals included.',
    card: auditCard(request('approved'), audit),
    texts: ['req-0001', 'approve by Dana Admin (ok)', 'a3f1c2d4-1111-4222-8333-944455556666', 'Eve Guest'],
    buttons: [],
  },
  {
    name: 'digest',
    caption: "The scheduled digest: requests waiting here and in Entra's admin consent workflow.",
    card: digestCard({
      now: NOW,
      pending,
      entra,
      expiringSoonDays: 3,
      seeAllText: 'Mention me with "digest" to see this again.',
    }),
    texts: ['Waiting for approval here', QLIK, 'Miro', 'Adobe Acrobat Sign', 'Zoom'],
    buttons: ['Open admin consent requests in Entra'],
  },
  {
    name: 'digest-entra-unreadable',
    caption: "The digest when Entra's queue could not be read: why, what fixes it, and the requests waiting here.",
    card: digestCard({
      now: NOW,
      pending,
      entra: [],
      expiringSoonDays: 3,
      seeAllText: 'Mention me with "digest" to see this again.',
      entraNote: {
        kind: 'unreadable',
        text: "**Entra's admin consent requests could not be read:** Microsoft Graph refused the read (403). Grant the bot's app registration the Microsoft Graph application permission **ConsentRequest.Read.All** (with admin consent) to see it here.",
      },
    }),
    texts: [
      'could not be read',
      'ConsentRequest.Read.All',
      'unknown (not readable, see above)',
      'Not available: see the note above.',
      QLIK,
    ],
    buttons: ['Open admin consent requests in Entra'],
  },
  {
    name: 'approval-sign-in',
    caption:
      "Approvals written with the approver's own account, in a client that cannot show Teams' sign-in prompt: sign in, type the code, Approve again.",
    card: signInCard({
      signInLink: 'https://token.botframework.com/api/oauth/signin?signin=sample',
      verb: 'approveAll',
      data: { ...REF, confirm_0: '00000003-0000-0000-c000-000000000000/Sites.FullControl.All' },
      retry: false,
    }),
    texts: ['Sign in to approve', 'enter the code the sign-in page shows', 'Code from the sign-in page'],
    buttons: ['Sign in', 'Approve'],
  },
  {
    name: 'notice-approved',
    caption: 'The requester\'s notice after approval: what changed and "Try signing in".',
    card: notice('approved'),
    texts: ['is approved', 'Please try signing in again now.'],
    buttons: ['Try signing in'],
  },
  {
    name: 'notice-denied',
    caption: "The requester's notice after a denial, with the reason.",
    card: notice('denied'),
    texts: ['was declined', "The admin's reason: Use the approved connector instead."],
    buttons: [],
  },
];
