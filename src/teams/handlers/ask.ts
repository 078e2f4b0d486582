/**
 * A person's question in 1:1 chat ("the SharePoint connector asks for admin approval"): intake,
 * diagnosis, and the answer. One app -> the answer card (and a request when the admins must act);
 * several -> a choice card; none -> a card asking for the name, the link or the error text.
 */
import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { adminChannel } from '../../approvals/approval-card-posting';
import { askForAppCard, chooseAppCard, type AdaptiveCard } from '../../cards';
import { parseMessage } from '../../diagnosis/intake';
import { runDiagnosis } from '../../diagnosis/run';
import type { Diagnosis } from '../../diagnosis/types';
import type { ApprovalRequest, Requester } from '../../requests/model';
import { submitRequest, type SubmitResult } from '../../requests/submit';
import { rememberRequesterCard } from '../../requests/requester-cards';
import type { Services } from '../../services';
import { isGuid } from '../../guid';
import { buildAnswerCard } from '../../cards/answer-card';
import { decideNextStep, isNoProblem, isUnconfirmedApp, requestNextStep } from '../../requests/next-step';
import { signInLinkFor } from '../../diagnosis/sign-in-link';

export interface ChatUser {
  aadObjectId: string;
  teamsUserId: string;
  displayName: string;
}

export const NO_IDENTITY_TEXT =
  'Sorry, I can only help people signed in with a work account of this organisation, and I could not tell who you are. ' +
  'Please message me from Microsoft Teams with your work account.';

/** The person behind an activity: their Entra object id is what every Graph read is about. */
export function chatUser(context: TurnContext): ChatUser | null {
  const from = context.activity?.from;
  const aad = typeof from?.aadObjectId === 'string' ? from.aadObjectId.trim() : '';
  if (!isGuid(aad)) return null;
  return { aadObjectId: aad.toLowerCase(), teamsUserId: from.id ?? '', displayName: from.name ?? '' };
}

export function requesterFor(user: ChatUser, diagnosis: Diagnosis): Requester {
  return {
    aadObjectId: user.aadObjectId,
    teamsUserId: user.teamsUserId,
    displayName: diagnosis.user?.displayName ?? (user.displayName || 'Someone'),
    userPrincipalName: diagnosis.user?.userPrincipalName ?? null,
  };
}

/** An app the tenant does not have: the admins see nothing until the person confirms (src/requests/submit.ts). */
export const AWAITING_CONFIRMATION_TEXT =
  'This app is not in your organisation yet, so I have not sent anything to the admins. If you need it, write a line about why in the box on the card and press **Send to admins**: only then will the admins see your request.';

/** A request the person follows ("Check again") that no longer needs the admins. */
export const SEEMS_FIXED_TEXT =
  'Good news: nothing blocks your sign-in to this app any more, so it seems fixed. Please try signing in again. ' +
  'If it works, you can withdraw your request by typing **cancel**.';

export interface Answer {
  diagnosis: Diagnosis;
  /** The answer card, with what just happened to the request on it (notesFor). */
  card: AdaptiveCard;
  request: ApprovalRequest | null;
}

/** What happened to the request just now, in sentences for the answer card. */
function notesFor(result: SubmitResult | null, known: ApprovalRequest | null, diagnosis: Diagnosis): string[] {
  if (known?.state === 'pending' && isNoProblem(diagnosis)) return [SEEMS_FIXED_TEXT];
  if (!result) return [];
  const notes: string[] = [];
  if (result.kind === 'linked') {
    notes.push(
      'Someone else already asked the admins for the same fix, so I added you to their request instead of sending a second one. I will tell you here when an admin decides.',
    );
  }
  if (result.kind === 'reused')
    notes.push(
      'You had already asked about this app, so I did not send a second request: this is the one that is waiting.',
    );
  if (result.adminCard === 'awaiting_confirmation') notes.push(AWAITING_CONFIRMATION_TEXT);
  if (result.adminCard === 'failed') {
    notes.push(
      "I saved your request, but I could not post it to the admins' channel just now. It stays in the queue, and the admins' regular digest will list it.",
    );
  }
  return notes;
}

/**
 * A diagnosed app -> the next step, the request when the admins must act, and the answer card.
 * `known` is a request the person is following ("Check again"): shown when no request is needed now.
 */
export async function answerDiagnosis(
  services: Services,
  user: ChatUser,
  diagnosis: Diagnosis,
  justification: string | null,
  known: ApprovalRequest | null = null,
): Promise<Answer> {
  // Every message asks, so a read a few seconds old does; posting the card reads it fresh.
  const configured = (await adminChannel(services, { recent: true })) !== null;
  const decision = decideNextStep(diagnosis, configured);
  let result: SubmitResult | null = null;
  if (decision.needsRequest) {
    result = await submitRequest(services, { diagnosis, requester: requesterFor(user, diagnosis), justification });
  }
  const request = result?.request ?? known;
  // A request made or found now shows its own step (its card may already be in the channel).
  const step = result ? requestNextStep(result.request, configured) : decision.step;
  const card = buildAnswerCard({
    diagnosis,
    step,
    request,
    viewerAadObjectId: user.aadObjectId,
    cardKey: services.cardKey,
    signInUrl: signInLinkFor(services.signInBaseUrl, diagnosis),
    notes: notesFor(result, known, diagnosis),
  });
  return { diagnosis, card, request };
}

export type QuestionOutcome =
  | { kind: 'diagnosed'; answer: Answer }
  | { kind: 'choose'; card: AdaptiveCard }
  | { kind: 'no_candidate'; card: AdaptiveCard };

/**
 * Runs intake + diagnosis for the person and the text (an app id, a URL, error text or words).
 * `diagnosisCounted`: a chat question's diagnosis was counted with its message (chat-feature.ts).
 */
export async function answerQuestion(
  services: Services,
  user: ChatUser,
  appText: string,
  justification: string | null,
  known: ApprovalRequest | null = null,
  opts: { diagnosisCounted?: boolean } = {},
): Promise<QuestionOutcome> {
  if (!opts.diagnosisCounted) await services.limits?.diagnosis(user.aadObjectId);
  const outcome = await runDiagnosis(services.graph, {
    tenantId: services.tenantId,
    userQuery: user.aadObjectId,
    appText,
    now: services.now(),
  });
  if (outcome.status === 'choose') return { kind: 'choose', card: chooseAppCard(outcome.diagnosis.candidates) };
  if (outcome.status === 'no_candidate' || isUnconfirmedApp(outcome.diagnosis))
    return { kind: 'no_candidate', card: askForAppCard() };
  return { kind: 'diagnosed', answer: await answerDiagnosis(services, user, outcome.diagnosis, justification, known) };
}

/** The message handler's work: the person asked something that is not a command (its limits already counted). */
export async function handleQuestion(
  context: TurnContext,
  services: Services,
  user: ChatUser,
  text: string,
): Promise<void> {
  const justification = parseMessage(text).justification;
  const outcome = await answerQuestion(services, user, text, justification, null, { diagnosisCounted: true });
  if (outcome.kind !== 'diagnosed') {
    await context.sendActivity(cardMessage(outcome.card));
    return;
  }
  const sent = await context.sendActivity(cardMessage(outcome.answer.card));
  const request = outcome.answer.request;
  const { conversation, serviceUrl } = context.activity;
  if (request && sent?.id && conversation?.id && serviceUrl) {
    // Remembered so the card follows the request (requester-cards.ts); losing it only leaves the card as sent.
    await rememberRequesterCard(services, request.id, {
      conversationId: conversation.id,
      activityId: sent.id,
      serviceUrl,
      viewerAadObjectId: user.aadObjectId,
    }).catch((err: unknown) =>
      services.logger.warn({ err, requestId: request.id }, 'could not remember the answer card'),
    );
  }
}

export function cardMessage(card: AdaptiveCard): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}
