/**
 * "Check again" (verb checkAgain, data {requestId, mac} or {appId}): diagnose the same app again for
 * the clicker and answer with the updated card. A pending request that now looks fixed is said so on
 * the card (ask.ts).
 */
import type { TurnContext } from 'botbuilder';
import { verifyCardData, type AdaptiveCard } from '../../cards';
import { isRecord } from '../../graph/errors';
import type { ApprovalRequest } from '../../requests/model';
import { involves } from '../../requests/plan-request';
import type { Services } from '../../services';
import { answerQuestion, type ChatUser } from './ask';
import { isGuid } from '../../guid';

type Target = { request: ApprovalRequest | null; appId: string } | { error: string };

async function target(services: Services, user: ChatUser, data: unknown): Promise<Target> {
  if (isRecord(data) && Object.prototype.hasOwnProperty.call(data, 'requestId')) {
    const verified = verifyCardData(data, services.cardKey);
    if (!verified.ok)
      return { error: "Sorry, I could not read that button. Tell me the app's name and I will check again." };
    const row = await services.store.requests.get(verified.requestId);
    if (!row || !involves(row.value, user.aadObjectId))
      return { error: 'I could not find that request for you. Type **status** to see your requests.' };
    return { request: row.value, appId: row.value.appId };
  }
  const appId = isRecord(data) && typeof data.appId === 'string' ? data.appId.trim() : '';
  if (!isGuid(appId))
    return { error: 'Sorry, I could not tell which app to check. Tell me its name and I will look again.' };
  return { request: null, appId: appId.toLowerCase() };
}

export async function checkAgainAction(
  _context: TurnContext,
  services: Services,
  user: ChatUser,
  data: unknown,
): Promise<AdaptiveCard | string> {
  const t = await target(services, user, data);
  if ('error' in t) return t.error;
  const outcome = await answerQuestion(services, user, t.appId, null, t.request);
  return outcome.kind === 'diagnosed' ? outcome.answer.card : outcome.card;
}
