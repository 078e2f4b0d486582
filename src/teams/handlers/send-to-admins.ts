/**
 * "Send to admins" on the answer card (verb sendToAdmins): the person's note for the admins goes
 * onto their pending request (CAS) and the admin card shows it. Data {requestId, mac} is verified;
 * an older card naming only {appId} is treated as asking again about that app, with the note.
 */
import type { TurnContext } from 'botbuilder';
import { adminChannel } from '../../approvals/approval-card-posting';
import { verifyCardData, type AdaptiveCard } from '../../cards';
import { isRecord } from '../../graph/errors';
import { addJustification, type JustificationResult } from '../../requests/submit';
import type { Services } from '../../services';
import { answerQuestion, type ChatUser } from './ask';
import { buildAnswerCard } from '../../cards/answer-card';
import { signInLinkFor } from '../../diagnosis/sign-in-link';
import { requestNextStep } from '../../requests/next-step';
import { isGuid } from '../../guid';

function resultText(result: Exclude<JustificationResult, { kind: 'saved' }>): string {
  switch (result.kind) {
    case 'not_found':
      return 'I could not find that request any more. Type **status** to see your requests.';
    case 'not_yours':
      return 'Only the person who asked first can add a note to this request.';
    case 'closed':
      return 'This request is no longer waiting for a decision, so I did not add the note.';
    case 'empty':
      return 'Type a note in the box first, then press "Send to admins".';
  }
}

const NOTE_NOT_POSTED_TEXT =
  "I saved your note, but could not update the admins' channel just now. They will see it with the request.";

export async function sendToAdminsAction(
  _context: TurnContext,
  services: Services,
  user: ChatUser,
  data: unknown,
): Promise<AdaptiveCard | string> {
  const note = isRecord(data) ? data.justification : undefined;
  if (isRecord(data) && Object.prototype.hasOwnProperty.call(data, 'requestId')) {
    const verified = verifyCardData(data, services.cardKey);
    if (!verified.ok) return "Sorry, I could not read that button. Tell me the app's name and I will check again.";
    const result = await addJustification(services, verified.requestId, user.aadObjectId, note);
    if (result.kind !== 'saved') return resultText(result);
    const { request } = result;
    const channelConnected = request.adminCard !== null || (await adminChannel(services)) !== null;
    return buildAnswerCard({
      diagnosis: request.diagnosis,
      step: requestNextStep(request, channelConnected),
      request,
      viewerAadObjectId: user.aadObjectId,
      cardKey: services.cardKey,
      signInUrl: signInLinkFor(services.signInBaseUrl, request.diagnosis),
      notes: result.adminCard === 'failed' ? [NOTE_NOT_POSTED_TEXT] : [],
    });
  }
  const appId = isRecord(data) && typeof data.appId === 'string' ? data.appId.trim() : '';
  if (!isGuid(appId)) return 'Sorry, I could not tell which app this is about. Tell me its name and I will look again.';
  const outcome = await answerQuestion(services, user, appId.toLowerCase(), typeof note === 'string' ? note : null);
  return outcome.kind === 'diagnosed' ? outcome.answer.card : outcome.card;
}
