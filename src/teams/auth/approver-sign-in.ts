/**
 * The approving admin's own Microsoft Graph token, for approvals written as them (APPROVAL_WRITES=
 * delegated, docs/permissions.md). teams-ai 1.7.4's Adaptive Card authentication with an OAuth
 * setting does the work (OAuthAdaptiveCardAuthentication via Authentication.signInUser): it asks the
 * Bot Framework token service for the user's token, redeems a magic code found in the invoke's
 * `value.state`, exchanges a Teams SSO token, or else answers the invoke with a `loginRequest` (the
 * token service's sign-in link). Its Teams-SSO-setting variant throws "Not implemented" for cards,
 * so it is not used. The token is only held for this click's writes; it is never stored (the token
 * service keeps it).
 *
 * Two client adaptations, both local to this file:
 *  - APPROVAL_SIGN_IN_PROMPT=card: the loginRequest answer is rewritten, on its way out, into a card
 *    with the same sign-in link and a field for the code (src/auth/sign-in-card.ts), and a code typed
 *    into that field is moved to `value.state`, where Teams would have put it;
 *  - local mode: the turn's user-token client is the simulator's (src/teams/auth/user-token-client.ts).
 */
import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai/lib/Application';
import { Authentication, type OAuthSettings } from '@microsoft/teams-ai/lib/authentication/Authentication';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../cards';
import type { Services } from '../../services';
import { MAGIC_CODE_FIELD, signInCard } from '../../auth/sign-in-card';
import { useLocalTokenService } from './user-token-client';
import { approverFromToken, type SignInResult } from '../../auth/approver-token';

const LOGIN_REQUEST_TYPE = 'application/vnd.microsoft.activity.loginRequest';

export type ApproverSignIn = (context: TurnContext, state: TurnState) => Promise<SignInResult>;

function invokeValue(context: TurnContext): Record<string, unknown> {
  const value: unknown = context.activity.value;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function actionOf(context: TurnContext): { verb: string; data: Record<string, unknown> } {
  const action = invokeValue(context).action as { verb?: unknown; data?: unknown } | undefined;
  const data = typeof action?.data === 'object' && action.data !== null ? (action.data as Record<string, unknown>) : {};
  return { verb: typeof action?.verb === 'string' ? action.verb : '', data };
}

/** A code typed into the sign-in card: moved to where Teams puts it (teams-ai reads `value.state`). */
function carryMagicCode(context: TurnContext): boolean {
  const value = invokeValue(context);
  const code = actionOf(context).data[MAGIC_CODE_FIELD];
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim()) || value.state !== undefined) return false;
  value.state = code.trim();
  return true;
}

/** Rewrites teams-ai's loginRequest answer into the sign-in card, for clients that cannot show one. */
function answerWithCard(context: TurnContext, retry: boolean): void {
  const { verb, data } = actionOf(context);
  context.onSendActivities(async (_ctx, activities, next) => {
    for (const activity of activities as Partial<Activity>[]) {
      if (activity.type !== ActivityTypes.InvokeResponse) continue;
      const body = (
        activity.value as { body?: { type?: unknown; value?: { buttons?: Array<{ value?: unknown }> } } } | undefined
      )?.body;
      const link = body?.type === LOGIN_REQUEST_TYPE ? body.value?.buttons?.[0]?.value : undefined;
      if (typeof link !== 'string') continue;
      activity.value = {
        status: 200,
        body: {
          statusCode: 200,
          type: ADAPTIVE_CARD_CONTENT_TYPE,
          value: signInCard({ signInLink: link, verb, data, retry }),
        },
      };
    }
    return next();
  });
}

/** The settings of the approval connection, as teams-ai's OAuth setting. */
export function oauthSettings(services: Pick<Services, 'config'>): OAuthSettings {
  const { connectionName, ssoTokenExchangeUri } = services.config.approvals;
  return {
    connectionName,
    title: 'Sign in to approve',
    text: 'Approvals are written with your own account.',
    ...(ssoTokenExchangeUri ? { tokenExchangeUri: ssoTokenExchangeUri, enableSso: true } : {}),
  };
}

/** Where the local bot's token service is: BOT_TOKEN_SERVICE_URL, else the simulator's origin. */
function localTokenService(services: Pick<Services, 'config' | 'signInBaseUrl'>): string | null {
  if (services.config.approvals.tokenServiceUrl) return services.config.approvals.tokenServiceUrl;
  return services.signInBaseUrl ? new URL(services.signInBaseUrl).origin : null;
}

export function approverSignIn(
  app: Application<TurnState>,
  services: Pick<Services, 'config' | 'signInBaseUrl'>,
): ApproverSignIn {
  const auth = new Authentication<TurnState>(app, services.config.approvals.connectionName, oauthSettings(services));
  return async (context, state) => {
    if (services.config.mode === 'local') {
      const url = localTokenService(services);
      if (url) useLocalTokenService(context, url);
    }
    const typedCode = carryMagicCode(context);
    if (services.config.approvals.signInPrompt === 'card') answerWithCard(context, typedCode);
    const token = await auth.signInUser(context, state);
    return token ? { kind: 'token', approver: approverFromToken(token) } : { kind: 'answered' };
  };
}
