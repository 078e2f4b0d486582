/**
 * Writes with an approver's own delegated token, against the simulator: botbuilder's real
 * user-token client talks to the simulated Bot Framework token service (sign-in resource, sign-in
 * page, magic code), and Graph decides delegated writes by the signed-in user's directory roles:
 * no granting role = Entra's refusal and nothing written; a Cloud Application Administrator cannot
 * grant Microsoft Graph app roles, a Global Administrator can.
 */
import { MicrosoftAppCredentials } from 'botframework-connector';
import { UserTokenClientImpl } from 'botframework-connector/lib/auth/userTokenClientImpl';
import type { Activity } from 'botbuilder';
import { CONTOSO } from '../../../scripts/fixtures/contoso';
import { approverFromToken } from '../../../src/auth/approver-token';
import { delegatedWriter } from '../../../src/auth/delegated-graph';
import { ANONYMOUS_BOT_ID } from '../../../src/teams/auth/user-token-client';
import { RemedyError } from '../../../src/graph/errors';
import { applyRemedy } from '../../../src/graph/remedies';
import { call } from '../../../src/graph/remedies-http';
import { loadFixture, startSimulator, type RunningSimulator } from '../../../sim';
import { DEMO_FIXTURE } from '../../helpers/app-harness';
import { assertSimCaTrusted } from '../../helpers/sim';

const CONNECTION = 'graph-approvals';
let sim: RunningSimulator;
let tenantId: string;
let tokens: UserTokenClientImpl;

beforeAll(async () => {
  assertSimCaTrusted();
  const fixture = loadFixture(DEMO_FIXTURE);
  tenantId = fixture.tenant.id;
  sim = await startSimulator({ fixtures: [fixture] });
  tokens = new UserTokenClientImpl(ANONYMOUS_BOT_ID, MicrosoftAppCredentials.Empty, sim.url);
});

afterAll(async () => {
  await sim?.close();
});

function activityFrom(chatUserId: string): Activity {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl: 'https://smba.example.test/',
    from: { id: chatUserId, name: 'someone' },
    recipient: { id: '28:bot', name: 'bot' },
    conversation: { id: '19:admins@thread.tacv2', isGroup: true, conversationType: 'channel', name: 'Approvals' },
  } as Activity;
}

async function magicCodeFor(upn: string, chatUserId: string): Promise<string> {
  const resource = await tokens.getSignInResource(CONNECTION, activityFrom(chatUserId), '');
  const link = resource.signInLink as string;
  const page = await (
    await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=${encodeURIComponent(upn)}`,
    })
  ).text();
  const code = /id="magic-code">(\d{6})</.exec(page)?.[1];
  if (!code) throw new Error('no magic code on the page');
  return code;
}

async function signedInToken(who: keyof typeof CONTOSO.users): Promise<string> {
  const chatUserId = `29:${who}-${Math.random().toString(36).slice(2)}`;
  const code = await magicCodeFor(`${who}@contoso.onmicrosoft.com`, chatUserId);
  const response = await tokens.getUserToken(chatUserId, CONNECTION, 'msteams', code);
  expect(response?.token).toEqual(expect.any(String));
  return response.token as string;
}

const grantFor = (principalId: string) => ({
  kind: 'grant_delegated' as const,
  clientAppId: CONTOSO.apps.sharePoint.appId,
  resourceAppId: '00000003-0000-0000-c000-000000000000',
  scopes: ['Sites.Read.All'],
  consentType: 'Principal' as const,
  principalId,
});

describe('the token service', () => {
  it('gives a token only to the chat user the sign-in was started for, and only with its code', async () => {
    const code = await magicCodeFor('alice@contoso.onmicrosoft.com', '29:alice-chat');
    expect(await tokens.getUserToken('29:alice-chat', CONNECTION, 'msteams', '')).toBeFalsy();
    expect(await tokens.getUserToken('29:mallory-chat', CONNECTION, 'msteams', code)).toBeFalsy();
    const ok = await tokens.getUserToken('29:alice-chat', CONNECTION, 'msteams', code);
    const approver = approverFromToken(ok.token as string);
    expect(approver.objectId).toBe(CONTOSO.users.alice);
    // Bound now: no code needed any more; and the code is single use.
    expect((await tokens.getUserToken('29:alice-chat', CONNECTION, 'msteams', '')).token).toEqual(expect.any(String));
    await tokens.signOutUser('29:alice-chat', CONNECTION, 'msteams');
    expect(await tokens.getUserToken('29:alice-chat', CONNECTION, 'msteams', code)).toBeFalsy();
  });
});

describe("Graph decides delegated writes by the signed-in user's roles", () => {
  it("a user without a granting role gets Entra's refusal and nothing is written", async () => {
    const before = JSON.stringify(sim.tenant(tenantId).oauth2PermissionGrants);
    sim.clearLog(tenantId);
    const writer = delegatedWriter(approverFromToken(await signedInToken('dave')), `${sim.url}/v1.0`);
    const failure = await applyRemedy({ ...writer.transport, actingAs: 'user' }, grantFor(CONTOSO.users.dave)).catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(RemedyError);
    expect((failure as RemedyError).status).toBe(403);
    expect((failure as RemedyError).code).toBe('Authorization_RequestDenied');
    expect((failure as RemedyError).message).toMatch(/refused this change for your account/);
    expect(JSON.stringify(sim.tenant(tenantId).oauth2PermissionGrants)).toBe(before);
    const writes = sim.log(tenantId).filter((e) => e.kind === 'graph' && e.method !== 'GET');
    expect(writes.map((w) => [w.status, w.userId])).toEqual([[403, CONTOSO.users.dave]]);
  });

  it('a Cloud Application Administrator grants delegated scopes, but not a Microsoft Graph app role; a Global Administrator can', async () => {
    const ben = delegatedWriter(approverFromToken(await signedInToken('ben')), `${sim.url}/v1.0`);
    const granted = await applyRemedy({ ...ben.transport, actingAs: 'user' }, grantFor(CONTOSO.users.ben));
    expect(granted.status).toBe('done');

    const graphSp = CONTOSO.resources.graph;
    const graphRole = sim
      .tenant(tenantId)
      .servicePrincipals.find((s) => s.id === graphSp)
      ?.appRoles?.find((r) => r.value === 'User.Read.All');
    expect(graphRole).toBeDefined();
    const body = { principalId: CONTOSO.apps.sharePoint.spId, resourceId: graphSp, appRoleId: graphRole?.id };
    const path = `/servicePrincipals/${graphSp}/appRoleAssignedTo`;
    const refused = await call(ben.transport, 'POST', path, body);
    expect(refused.status).toBe(403);
    expect((refused.body as { error: { code: string } }).error.code).toBe('Authorization_RequestDenied');

    const alice = delegatedWriter(approverFromToken(await signedInToken('alice')), `${sim.url}/v1.0`);
    const assigned = await call(alice.transport, 'POST', path, body);
    expect(assigned.status).toBe(201);
  });
});
