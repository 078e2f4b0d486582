/**
 * The OAuth connection the simulator's Bot Framework token service signs people in with. In Azure
 * Bot Service an OAuth connection names an Entra app (client id and secret), the tenant and the
 * delegated scopes; the service runs the authorization-code flow and keeps the tokens
 * (https://learn.microsoft.com/azure/bot-service/bot-builder-authentication). Here every
 * connection name is accepted and stands for Consent Doctor's own approval connection:
 *  - client: the fixture client whose app id the sign-in state names (the bot), else the tenant's
 *    first registered client (a bot running with Bot Framework authentication off names none);
 *  - scopes: what docs/permissions.md asks the connection for (delegated Microsoft Graph).
 * Admin consent for these scopes is assumed given at set-up (the bot's deployment guide), so the
 * token carries them for every user; what the user may actually do is Graph's business
 * (sim/graph/delegated-roles.ts).
 */
import { GRAPH_RESOURCE, type SimulatorCore } from '../core';
import type { FixtureClient } from '../fixture';
import type { TenantRuntime } from '../state';
import { issueDelegatedToken } from '../identity/tokens';

export const CONNECTION_SCOPES: readonly string[] = [
  'DelegatedPermissionGrant.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'Application.Read.All',
];

export function connectionClient(tenant: TenantRuntime, msAppId: string): FixtureClient | undefined {
  const key = msAppId.toLowerCase();
  return tenant.data.clients.find((c) => c.appId.toLowerCase() === key) ?? tenant.data.clients[0];
}

export interface UserTokenIssued {
  token: string;
  expiration: string;
}

/** A fresh delegated Graph token for the signed-in user (the service refreshes on every GetToken). */
export function userGraphToken(
  core: SimulatorCore,
  tenant: TenantRuntime,
  userId: string,
  msAppId: string,
): UserTokenIssued | null {
  const user = tenant.user(userId);
  const client = connectionClient(tenant, msAppId);
  if (!user || user.accountEnabled === false || !client) return null;
  const issued = issueDelegatedToken(core, tenant, {
    user,
    clientAppId: client.appId,
    audience: GRAPH_RESOURCE,
    scopes: [...CONNECTION_SCOPES],
  });
  return { token: issued.token, expiration: new Date(Date.now() + issued.expiresIn * 1000).toISOString() };
}
