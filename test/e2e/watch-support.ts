/**
 * Shared by the watcher end-to-end tests: driving the simulator's sign-in page as a person would
 * (GET shows the page and records the sign-in; POST action=request sends Entra's "Request approval"),
 * and reading what reached the admins' channel.
 */
import type { AppHarness } from '../helpers/app-harness';
import { ADMIN_CHANNEL_CONVERSATION_ID } from '../helpers/app-harness';
import type { ConnectorCall } from '../helpers/connector';
import { attachedCard, cardText } from '../integration/approvals/helpers';

export const APPS = {
  sharePoint: '34f0b59e-a9fc-4d21-8a85-a3a124438861',
  outlook: '46d8463e-640b-4298-825f-a19bbf762b16',
  crm: 'f61a6a12-70d6-41b4-b6e6-e5b11da7d08e',
};

/** Opens the app's sign-in page as `who` (the simulator records the sign-in); returns the page title. */
export async function signIn(h: AppHarness, who: string, appId: string): Promise<string> {
  const res = await fetch(
    `${h.sim.url}/${h.tenantId}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: appId, login_hint: h.user(who).userPrincipalName })}`,
  );
  return /<h1>([^<]*)<\/h1>/.exec(await res.text())?.[1] ?? '';
}

/** "Request approval" on Entra's page, with a reason: Entra records a userConsentRequest. */
export async function requestApprovalInEntra(h: AppHarness, who: string, appId: string, reason: string): Promise<void> {
  const res = await fetch(`${h.sim.url}/${h.tenantId}/oauth2/v2.0/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      action: 'request',
      client_id: appId,
      login_hint: h.user(who).userPrincipalName,
      justification: reason,
    }).toString(),
  });
  const title = /<h1>([^<]*)<\/h1>/.exec(await res.text())?.[1] ?? '';
  if (res.status !== 200 || !/request/i.test(title))
    throw new Error(`Entra's "Request approval" did not go through for ${who}: ${res.status} ${title}`);
}

const inChannel = (c: ConnectorCall): boolean => c.conversationId?.split(';')[0] === ADMIN_CHANNEL_CONVERSATION_ID;

/** New posts in the admins' channel (cards and texts), in order. */
export function channelPosts(h: AppHarness): ConnectorCall[] {
  return h.connector.calls.filter((c) => c.method === 'POST' && inChannel(c));
}

/** Approval cards posted (not updated) to the admins' channel. */
export function approvalCardPosts(h: AppHarness): ConnectorCall[] {
  return channelPosts(h).filter((c) => /Approve|Deny|Waiting for approval/.test(cardText(attachedCard(c.body))));
}

export function channelUpdates(h: AppHarness, activityId: string): ConnectorCall[] {
  return h.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === activityId);
}

export function textOf(call: ConnectorCall): string {
  return typeof call.body.text === 'string' ? call.body.text : cardText(attachedCard(call.body));
}
