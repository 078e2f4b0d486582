/**
 * The admins' side end to end: the whole bot over HTTP (/api/messages), Graph in the simulator
 * (demo-contoso.json), storage in Azurite. Requests are created as the chat creates them; the admin
 * clicks are Action.Execute invokes; results are read from the simulator's tenant and request log,
 * the store, and the fake Bot Connector.
 */
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import { CARD_MAC_KEY, useAppHarness } from '../helpers/app-harness';
import { messageActivity } from '../helpers/teams-activity';
import {
  attachedCard,
  cardText,
  cardUpdates,
  createRequest,
  directMessagesTo,
  graphWrites,
  invokeAnswer,
  settle,
  stored,
  verbsOf,
} from '../integration/approvals/helpers';

const A = CONTOSO.apps;
const GRAPH_SP = CONTOSO.resources.graph;
const ref = (id: string) => signCardData(id, CARD_MAC_KEY);
const consentUrl = (appId: string, scopes: string[]) =>
  `https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=${appId}&response_type=code&scope=${encodeURIComponent(scopes.join(' '))}`;

// APPROVER_GROUP_ID only narrows who may approve (test/adversarial/approval-authority.adversarial.test.ts).
const h = useAppHarness({ adminChannel: true });

beforeEach(() => {
  h.sim.clearLog(h.tenantId);
});

const writes = () => graphWrites(h.sim.log(h.tenantId));

describe('Approve for everyone', () => {
  it('grants the scopes tenant-wide, verifies, updates the card for everyone and tells the requester', async () => {
    const request = await createRequest(h, 'carol', A.sharePoint.appId, { linked: ['grace'] });
    const planned = request.diagnosis.remedies.find((r) => r.kind === 'grant_delegated');
    expect(planned).toBeDefined();
    h.sim.clearLog(h.tenantId);

    const answer = invokeAnswer(await h.click('alice', 'approveAll', { ...ref(request.id) }));
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.value)).toMatch(/Being applied/);
    expect(verbsOf(answer.value)).toEqual([]);
    await settle(h);

    const after = await stored(h, request.id);
    expect(after.state).toBe('approved');
    expect(after.outcome?.verified).toBe(true);
    expect(after.decision).toMatchObject({
      scope: 'everyone',
      by: { aadObjectId: CONTOSO.users.alice, displayName: 'Alice Admin' },
    });
    expect(after.outcome?.steps.map((s) => s.status)).toEqual(['done']);
    expect(after.outcome?.steps[0].graphRequestId).toMatch(/\S+/);

    // The tenant: exactly one AllPrincipals grant for the connector, with every planned scope.
    const grants = h.sim.tenant(h.tenantId).oauth2PermissionGrants.filter((g) => g.clientId === A.sharePoint.spId);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ consentType: 'AllPrincipals', principalId: null, resourceId: GRAPH_SP });
    expect(grants[0].scope.split(' ').sort()).toEqual([...(planned as { scopes: string[] }).scopes].sort());
    expect(writes()).toEqual([
      expect.objectContaining({ method: 'POST', path: '/v1.0/oauth2PermissionGrants', status: 201 }),
    ]);

    // The channel card, for everyone: approved and verified, no buttons left.
    const updates = cardUpdates(h, request);
    const last = attachedCard(updates[updates.length - 1].body);
    expect(cardText(last)).toMatch(/Approved for everyone by Alice Admin/);
    expect(cardText(last)).toMatch(/Verified/);
    expect(verbsOf(last)).toEqual([]);

    // The requester in 1:1: what changed and to try again; the linked person too.
    const toCarol = directMessagesTo(h, h.user('carol'));
    expect(toCarol).toHaveLength(1);
    expect(cardText(attachedCard(toCarol[0]))).toMatch(/is approved[\s\S]*try signing in again now/i);
    const toGrace = directMessagesTo(h, h.user('grace'));
    expect(toGrace).toHaveLength(1);
    expect(String(toGrace[0].text)).toMatch(/approved for everyone/);

    // Audit: the click and the Graph write with its request id.
    const audit = await h.store.audit.list(request.id);
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['click:approveAll', 'graph_write', 'verify', 'notify']),
    );
    const write = audit.find((e) => e.action === 'graph_write');
    expect(write).toMatchObject({ result: 'ok', actor: { aadObjectId: CONTOSO.users.alice } });
    expect(write?.graphRequestId).toBe(after.outcome?.steps[0].graphRequestId);
  });

  it('shows the current state, and writes nothing, on a click on a decided card', async () => {
    const request = await createRequest(h, 'heidi', A.crm.appId);
    await h.store.requests.replace(
      {
        ...request,
        state: 'denied',
        decision: {
          by: { aadObjectId: CONTOSO.users.ben, displayName: 'Ben Cloudapp' },
          at: new Date().toISOString(),
          scope: null,
          reason: 'Use the approved CRM app.',
        },
      },
      (await h.store.requests.get(request.id))!.etag,
    );
    h.sim.clearLog(h.tenantId);
    const answer = invokeAnswer(await h.click('alice', 'approveAll', { ...ref(request.id) }));
    await settle(h);
    expect(cardText(answer.value)).toMatch(/already denied/);
    expect(cardText(answer.value)).toMatch(/Denied by Ben Cloudapp/);
    expect(verbsOf(answer.value)).toEqual([]);
    expect(writes()).toEqual([]);
    expect((await stored(h, request.id)).state).toBe('denied');
    const audit = await h.store.audit.list(request.id);
    expect(audit).toEqual([expect.objectContaining({ action: 'click:approveAll', result: 'refused' })]);
  });
});

describe('Approve for one user', () => {
  it("grants for that user only (a Principal grant), leaving other users' grants alone", async () => {
    const url = consentUrl(A.outlook.appId, ['Mail.Read', 'offline_access', 'User.Read']);
    const request = await createRequest(h, 'dave', url);
    expect(request.diagnosis.userOnlyRemedies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'grant_delegated', consentType: 'Principal', principalId: CONTOSO.users.dave }),
      ]),
    );
    const before = structuredClone(
      h.sim.tenant(h.tenantId).oauth2PermissionGrants.filter((g) => g.clientId === A.outlook.spId),
    );
    h.sim.clearLog(h.tenantId);

    invokeAnswer(await h.click('ben', 'approveUser', { ...ref(request.id) }));
    await settle(h);

    const after = await stored(h, request.id);
    expect(after).toMatchObject({ state: 'approved', decision: { scope: 'user' }, outcome: { verified: true } });
    const grants = h.sim.tenant(h.tenantId).oauth2PermissionGrants.filter((g) => g.clientId === A.outlook.spId);
    expect(grants).toHaveLength(before.length + 1);
    expect(grants.filter((g) => g.consentType === 'AllPrincipals')).toEqual([]);
    const daves = grants.filter((g) => g.principalId === CONTOSO.users.dave);
    expect(daves).toHaveLength(1);
    expect(daves[0].scope.split(' ').sort()).toEqual(['Mail.Read', 'User.Read', 'offline_access']);
    expect(grants.filter((g) => g.principalId === CONTOSO.users.alice)).toEqual(before);
    expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual(['POST /v1.0/oauth2PermissionGrants']);
    const last = attachedCard(cardUpdates(h, request).at(-1)!.body);
    expect(cardText(last)).toMatch(/Approved for Dave Sales only by Ben Cloudapp/);
    expect(directMessagesTo(h, h.user('dave'))).toHaveLength(1);
  });
});

describe('Assignment', () => {
  it('assigns the user to the app when assignment is required', async () => {
    const request = await createRequest(h, 'erin', A.oneDrive.appId);
    expect(request.diagnosis.findings.map((f) => f.code)).toContain('ASSIGNED_ONLY_VIA_NESTED_GROUP');
    h.sim.clearLog(h.tenantId);

    invokeAnswer(await h.click('ben', 'approveAll', { ...ref(request.id) }));
    await settle(h);

    expect(await stored(h, request.id)).toMatchObject({ state: 'approved', outcome: { verified: true } });
    const assignments = h.sim
      .tenant(h.tenantId)
      .appRoleAssignments.filter((a) => a.resourceId === A.oneDrive.spId && a.principalId === CONTOSO.users.erin);
    expect(assignments).toHaveLength(1);
    expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST /v1.0/servicePrincipals/${A.oneDrive.spId}/appRoleAssignedTo`,
    ]);
  });
});

describe('Deny', () => {
  it('stores the reason, updates the card and tells the requester; nothing is written to Graph', async () => {
    const request = await createRequest(h, 'heidi', A.crm.appId);
    h.sim.clearLog(h.tenantId);

    const answer = invokeAnswer(
      await h.click('alice', 'deny', {
        ...ref(request.id),
        denyReason: '  Please use the approved CRM connector.\n<b>x</b> ',
      }),
    );
    await settle(h);

    expect(cardText(answer.value)).toMatch(/Denied by Alice Admin/);
    const after = await stored(h, request.id);
    expect(after).toMatchObject({
      state: 'denied',
      decision: { reason: 'Please use the approved CRM connector. <b>x</b>' },
    });
    expect(writes()).toEqual([]);
    expect(cardText(attachedCard(cardUpdates(h, request).at(-1)!.body))).toMatch(
      /Reason: Please use the approved CRM connector/,
    );
    const toHeidi = directMessagesTo(h, h.user('heidi'));
    expect(toHeidi).toHaveLength(1);
    expect(cardText(attachedCard(toHeidi[0]))).toMatch(/declined[\s\S]*Please use the approved CRM connector/);
  });

  it('requires a reason: without one nothing is written and the approver is asked for it', async () => {
    const request = await createRequest(h, 'heidi', A.storage.appId);
    const updatesBefore = cardUpdates(h, request).length;
    h.sim.clearLog(h.tenantId);
    const answer = invokeAnswer(await h.click('alice', 'deny', { ...ref(request.id), denyReason: ' \u200b\n ' }));
    await settle(h);
    expect(cardText(answer.value)).toMatch(/type a reason/);
    expect(verbsOf(answer.value)).toContain('deny');
    expect((await stored(h, request.id)).state).toBe('pending');
    expect(writes()).toEqual([]);
    expect(cardUpdates(h, request)).toHaveLength(updatesBefore);
  });
});

describe('Who may approve', () => {
  it('refuses a click by someone without a granting role or approver-group membership; nothing written', async () => {
    const request = await createRequest(h, 'heidi', A.crm.appId, { justification: 'CRM report' });
    h.sim.clearLog(h.tenantId);
    const answer = invokeAnswer(await h.click('grace', 'approveAll', { ...ref(request.id) }));
    await settle(h);
    expect(cardText(answer.value)).toMatch(/Only a Global Administrator[\s\S]*Nothing was changed/);
    expect(verbsOf(answer.value)).toEqual([]);
    expect((await stored(h, request.id)).state).toBe('pending');
    expect(writes()).toEqual([]);
    // The roles were read live in Graph.
    const reads = h.sim.log(h.tenantId).flatMap((e) => (e.batch ?? []).map((p) => p.url));
    expect(reads.some((u) => u.startsWith('/roleManagement/directory/roleAssignments'))).toBe(true);
    const audit = await h.store.audit.list(request.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'click:approveAll',
        result: 'refused',
        actor: { aadObjectId: CONTOSO.users.grace, displayName: 'Grace Analyst' },
      }),
    ]);
  });

  it('shows no buttons to someone without a granting role, whatever groups they are in', async () => {
    const request = await createRequest(h, 'heidi', A.storage.appId);
    const answer = invokeAnswer(
      await h.click('carol', 'refreshApproval', { ...ref(request.id) }, { trigger: 'automatic' }),
    );
    expect(verbsOf(answer.value)).toEqual([]);
  });

  it('answers refresh invokes with the approver or observer view and never writes', async () => {
    const request = await createRequest(h, 'heidi', A.crm.appId);
    h.sim.clearLog(h.tenantId);
    const forAdmin = invokeAnswer(
      await h.click('alice', 'refreshApproval', { ...ref(request.id) }, { trigger: 'automatic' }),
    );
    const forOther = invokeAnswer(
      await h.click('dave', 'refreshApproval', { ...ref(request.id) }, { trigger: 'automatic' }),
    );
    // An Approve verb arriving with an automatic trigger is still only a refresh.
    const autoApprove = invokeAnswer(
      await h.click('alice', 'approveAll', { ...ref(request.id) }, { trigger: 'automatic' }),
    );
    await settle(h);
    expect(verbsOf(forAdmin.value)).toEqual(expect.arrayContaining(['deny']));
    expect(verbsOf(forOther.value)).toEqual([]);
    expect(cardText(forOther.value)).toMatch(/Waiting for approval/);
    expect(verbsOf(autoApprove.value)).toEqual(expect.arrayContaining(['deny']));
    expect((await stored(h, request.id)).state).toBe('pending');
    expect(writes()).toEqual([]);
    expect(await h.store.audit.list(request.id)).toEqual([]);
  });

  it("answers a click that fails on the bot's side with a reference, never with internals", async () => {
    const request = await createRequest(h, 'heidi', A.crm.appId);
    // A stored row the code cannot work with (written by a broken or older version).
    const row = (await h.store.requests.get(request.id))!;
    const broken = { ...row.value, diagnosis: undefined } as unknown as typeof row.value;
    await h.store.requests.replace(broken, row.etag);
    h.sim.clearLog(h.tenantId);
    const answer = invokeAnswer(await h.click('alice', 'approveAll', { ...ref(request.id) }));
    await settle(h);
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(answer.value)).toMatch(/Something went wrong on my side[\s\S]*reference: \S+$/);
    expect(String(answer.value)).not.toMatch(/TypeError|undefined|at .*\.ts/);
    expect((await stored(h, request.id)).state).toBe('pending');
    expect(writes()).toEqual([]);
  });

  it('refuses tampered card data and writes nothing', async () => {
    const request = await createRequest(h, 'heidi', A.crm.appId);
    const other = signCardData('req-someone-else', CARD_MAC_KEY);
    h.sim.clearLog(h.tenantId);
    for (const data of [
      { requestId: request.id, mac: other.mac },
      { requestId: request.id },
      { requestId: { $ne: 1 } },
      {},
    ]) {
      const answer = invokeAnswer(await h.click('alice', 'approveAll', data as Record<string, unknown>));
      expect(answer.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(answer.value)).toMatch(/could not be verified/);
    }
    await settle(h);
    expect((await stored(h, request.id)).state).toBe('pending');
    expect(writes()).toEqual([]);
    // Refusals are audited under the claimed id when it is well-formed (garbage ids go elsewhere).
    expect(await h.store.audit.list(request.id)).toEqual([
      expect.objectContaining({
        action: 'click:approveAll',
        result: 'refused',
        detail: expect.stringMatching(/mac_mismatch/),
      }),
      expect.objectContaining({
        action: 'click:approveAll',
        result: 'refused',
        detail: expect.stringMatching(/bad_mac_format/),
      }),
    ]);
  });
});

describe('audit command', () => {
  it("shows a request's history in the admin channel", async () => {
    const request = await createRequest(h, 'heidi', A.crm.appId);
    await h.click('grace', 'approveAll', { ...ref(request.id) });
    await h.click('alice', 'deny', { ...ref(request.id), denyReason: 'Not this quarter.' });
    await settle(h);
    const sentBefore = h.connector.calls.length;
    const res = await h.sayInAdminChannel('alice', `audit ${request.id}`);
    expect(res.status).toBe(200);
    const reply = h.connector.calls
      .slice(sentBefore)
      .find((c) => c.method === 'POST' && c.conversationId?.startsWith('19:admin-approvals'));
    expect(reply).toBeDefined();
    const text = cardText(attachedCard(reply!.body));
    expect(text).toMatch(/click:approveAll by Grace Analyst \(refused\)/);
    expect(text).toMatch(/click:deny by Alice Admin \(ok\)/);
    expect(text).toMatch(/notify/);
  });

  it('is answered only in the approvals channel', async () => {
    const request = await createRequest(h, 'heidi', A.crm.appId);
    const res = await h.post({
      ...messageActivity({
        serviceUrl: h.connector.serviceUrl,
        tenantId: h.tenantId,
        text: `audit ${request.id}`,
        conversationType: 'channel',
        conversationId: '19:some-other-channel@thread.tacv2',
        userId: `29:${CONTOSO.users.alice}`,
        userAadObjectId: CONTOSO.users.alice,
        userName: 'Alice Admin',
      }),
    });
    expect(res.status).toBe(200);
    const reply = h.connector.calls.find(
      (c) => c.method === 'POST' && c.conversationId === '19:some-other-channel@thread.tacv2',
    );
    expect(String(reply?.body.text)).toMatch(/only in the approvals channel/);
  });
});
