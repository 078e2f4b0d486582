/**
 * Local mode only: botbuilder's user-token client for a bot with Bot Framework authentication off.
 * Such a bot has no app id in its claims, so the client the adapter puts in the turn state cannot
 * even build a sign-in state (UserTokenClient.createTokenExchangeState requires an app id); this one
 * names the bot 'AnonymousSkill' (botbuilder's own id for unauthenticated callers) and calls the
 * simulator's token service (sim/bot-token-service) unauthenticated, which accepts exactly that.
 * Production uses the adapter's own client (the bot's credentials, BOT_TOKEN_SERVICE_URL).
 */
import type { TurnContext } from 'botbuilder';
import { MicrosoftAppCredentials, type UserTokenClient } from 'botframework-connector';
// Deep import: botframework-connector exports only the abstract UserTokenClient.
import { UserTokenClientImpl } from 'botframework-connector/lib/auth/userTokenClientImpl';

export const ANONYMOUS_BOT_ID = 'AnonymousSkill';

export function useLocalTokenService(context: TurnContext, tokenServiceUrl: string): void {
  const adapter = context.adapter as { UserTokenClientKey?: symbol };
  if (!adapter.UserTokenClientKey) return;
  const client: UserTokenClient = new UserTokenClientImpl(
    ANONYMOUS_BOT_ID,
    MicrosoftAppCredentials.Empty,
    tokenServiceUrl,
  );
  context.turnState.set(adapter.UserTokenClientKey, client);
}
