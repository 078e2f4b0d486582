/**
 * Clicks and sign-ins for e2e tests of approvals written with the admin's own token
 * (APPROVAL_WRITES=delegated, APPROVAL_SIGN_IN_PROMPT=login-request): a click as Teams sends it,
 * the simulator token service's sign-in page, and the Graph writes in the simulator's log.
 */
import type { RequestLogEntry } from '../../sim/state';
import {
  ADMIN_CHANNEL_CONVERSATION_ID,
  DEMO_FIXTURE,
  teamsUserId,
  useAppHarness,
  type AppHarness,
  type UseAppHarnessOptions,
} from '../helpers/app-harness';
import { actionExecuteActivity, type TeamsActivity } from '../helpers/teams-activity';

/**
 * The whole bot writing with the admin's own token, Teams' way of asking for a sign-in (loginRequest).
 * Each test starts from the fixture's tenant (an approval for everyone leaves nothing to write for
 * the next); the token service keeps its sign-ins, as Azure Bot Service does.
 */
export function useDelegatedHarness(options: UseAppHarnessOptions = {}): AppHarness {
  const h = useAppHarness({
    ...options,
    env: { APPROVAL_WRITES: 'delegated', APPROVAL_SIGN_IN_PROMPT: 'login-request', ...options.env },
    adminChannel: true,
  });
  beforeEach(() => {
    h.sim.addTenant(DEMO_FIXTURE);
  });
  return h;
}

export interface ClickOptions {
  /** The magic code in value.state, as Teams sends it after a sign-in. */
  state?: string;
  /** Another Teams client of the same person ("second-device"): its own token-service sign-in. */
  device?: string;
  trigger?: 'manual' | 'automatic' | 'absent';
}

/** A click on the approvals channel card as Teams sends it (post it with h.post; change value.state to retry). */
export function clickActivity(
  h: AppHarness,
  who: string,
  verb: string,
  data: Record<string, unknown>,
  opts: ClickOptions = {},
): TeamsActivity {
  const u = h.user(who);
  const activity = actionExecuteActivity({
    serviceUrl: h.connector.serviceUrl,
    tenantId: h.tenantId,
    verb,
    data,
    trigger: opts.trigger,
    conversationType: 'channel',
    conversationId: ADMIN_CHANNEL_CONVERSATION_ID,
    channelId: ADMIN_CHANNEL_CONVERSATION_ID,
    userId: opts.device ? `${teamsUserId(u)}-${opts.device}` : teamsUserId(u),
    userAadObjectId: u.id,
    userName: u.displayName,
  });
  if (opts.state !== undefined) (activity.value as Record<string, unknown>).state = opts.state;
  return activity;
}

/** A click on the approvals channel card as Teams sends it, with the magic code in value.state when given. */
export async function clickAs(h: AppHarness, who: string, verb: string, data: Record<string, unknown>, state?: string) {
  return h.post(clickActivity(h, who, verb, data, { state }));
}

/** Signs in on the token service's page as `upn` and returns the code the page shows. */
export async function signInOnPage(link: string, upn: string): Promise<string> {
  const form = await fetch(link);
  expect(form.status).toBe(200);
  const done = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: upn }).toString(),
  });
  const page = await done.text();
  const code = /id="magic-code">(\d{6})</.exec(page)?.[1];
  if (!code) throw new Error(`no magic code on the page: ${page.slice(0, 300)}`);
  return code;
}

/** The sign-in link of a loginRequest invoke answer (fails the test when the answer is something else). */
export function loginRequestLink(res: { status: number; json: unknown }): string {
  const answer = res.json as {
    statusCode?: number;
    type?: string;
    value?: { connectionName?: string; buttons?: Array<{ type?: string; value?: string }> };
  };
  expect(res.status).toBe(200);
  if (answer.type !== 'application/vnd.microsoft.activity.loginRequest')
    throw new Error(`not a loginRequest: ${JSON.stringify(answer).slice(0, 1500)}`);
  expect(answer).toMatchObject({
    statusCode: 401,
    type: 'application/vnd.microsoft.activity.loginRequest',
    value: { connectionName: 'graph-approvals' },
  });
  const link = answer.value?.buttons?.find((b) => b.type === 'signin')?.value;
  expect(link).toMatch(/^https:\/\/localhost:\d+\/botframework\/oauth\/signin\?id=/);
  return link as string;
}

/** Graph writes (remedies never batch; a $batch of the bot's reads is not a write). */
export const writesIn = (log: RequestLogEntry[]) =>
  log.filter((e) => e.kind === 'graph' && e.method !== 'GET' && !e.path.includes('$batch'));
