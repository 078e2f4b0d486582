/**
 * The choice card's buttons (verb chooseApp, data {appId?, servicePrincipalId?}). The data is
 * untrusted: ids must be GUIDs, and a service principal id must name one of this tenant's service
 * principals (with the same app id, when both are given) before anything is diagnosed. An app id
 * alone is diagnosed like a typed app id (an app not in the tenant is itself a finding).
 */
import type { TurnContext } from 'botbuilder';
import { isRecord } from '../../graph/errors';
import { readServicePrincipalAppId } from '../../graph/service-principal-read';
import type { AdaptiveCard } from '../../cards';
import type { Services } from '../../services';
import { answerQuestion, type ChatUser } from './ask';
import { isGuid } from '../../guid';

export type ChosenApp = { appId: string | null; servicePrincipalId: string | null };

/** Pure: the ids the button carried, or null when they are missing or malformed. */
export function parseChoice(data: unknown): ChosenApp | null {
  if (!isRecord(data)) return null;
  const pick = (key: string): string | null | undefined => {
    if (!Object.prototype.hasOwnProperty.call(data, key) || data[key] === undefined || data[key] === null) return null;
    const v = data[key];
    return typeof v === 'string' && isGuid(v.trim()) ? v.trim().toLowerCase() : undefined;
  };
  const appId = pick('appId');
  const servicePrincipalId = pick('servicePrincipalId');
  if (appId === undefined || servicePrincipalId === undefined) return null;
  if (appId === null && servicePrincipalId === null) return null;
  return { appId, servicePrincipalId };
}

/** The app id to diagnose, after checking the service principal in Graph; null = not this tenant's app. */
export async function resolveChoice(services: Services, choice: ChosenApp): Promise<string | null> {
  if (!choice.servicePrincipalId) return choice.appId;
  const appId = await readServicePrincipalAppId(services.graph, choice.servicePrincipalId);
  if (appId === null || (choice.appId && appId !== choice.appId)) return null;
  return appId;
}

export async function chooseAction(
  _context: TurnContext,
  services: Services,
  user: ChatUser,
  data: unknown,
): Promise<AdaptiveCard | string> {
  const choice = parseChoice(data);
  const appId = choice ? await resolveChoice(services, choice) : null;
  if (!appId)
    return 'Sorry, I could not find that app in your organisation. Tell me its name, the link it opened or the error text, and I will look again.';
  const outcome = await answerQuestion(services, user, appId, null);
  return outcome.kind === 'diagnosed' ? outcome.answer.card : outcome.card;
}
