/**
 * The attacks of "approvals that never grant more than was asked, nor more than Entra would allow",
 * each reproduced over HTTP: the whole bot on /api/messages, Graph in the simulator, storage in
 * Azurite. Every assertion on writes reads the simulator's request log through its admin endpoint
 * (GET /_sim/tenants/{id}/log): nothing beyond the intended write may appear there.
 *  1. requester-chosen scopes: a pasted /authorize link with 9 scopes (Directory.ReadWrite.All, ...);
 *  2. a foreign app, one click (not in the tenant; and once its enterprise app exists);
 *  3. an approver-group member without a role approving her own request (with and without the group);
 *  4. assignment picking the first role (the group's role, default access, the approver's pick);
 *  5. the high-privilege note missing mail, chat and role-schedule scopes.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTOSO, contosoTenant } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import { DEFAULT_APP_ROLE_ID, MICROSOFT_GRAPH_APP_ID, type AppRole, type PermissionScope } from '../../src/graph/types';
import type { ApprovalRequest } from '../../src/requests/model';
import { remediesFor } from '../../src/requests/state-machine';
import type { TenantFixture } from '../../sim/fixture';
import type { RequestLogEntry } from '../../sim/state';
import { CARD_MAC_KEY, startAppHarness, useAppHarness, type AppHarness } from '../helpers/app-harness';
import { assertSimCaTrusted } from '../helpers/sim';
import { tempDirs } from '../helpers/temp-dirs';
import {
  attachedCard,
  cardText,
  createRequest,
  graphWrites,
  invokeAnswer,
  settle,
  stored,
} from '../integration/approvals/helpers';
import { withFirstPartyPermissions } from '../../sim/catalog/microsoft-resources';

const dirs = tempDirs();
const A = CONTOSO.apps;
const U = CONTOSO.users;
const ref = (r: ApprovalRequest) => ({ ...signCardData(r.id, CARD_MAC_KEY) });
const authorizeUrl = (appId: string, scopes: string[]) =>
  `https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=${appId}&response_type=code&scope=${encodeURIComponent(scopes.join(' '))}`;

/** Graph scopes the attacks name, published by the tenant's Microsoft Graph (as in every real tenant). */
const EXTRA_GRAPH_SCOPES: Array<[string, 'User' | 'Admin']> = [
  ['Directory.ReadWrite.All', 'Admin'],
  ['RoleManagement.ReadWrite.Directory', 'Admin'],
  ['Chat.ReadWrite', 'User'],
  ['RoleAssignmentSchedule.ReadWrite.Directory', 'Admin'],
  ['Mail.Send', 'User'],
  ['Mail.ReadWrite', 'User'],
  ['Files.ReadWrite.All', 'User'],
];

/** The Contoso tenant, changed by `edit`, written to a temp file for the harness. */
function fixtureFile(edit: (t: TenantFixture) => void = () => undefined): string {
  const tenant = contosoTenant();
  // Fixtures name Microsoft Graph by appId and leave its lists to the loader; start from the full
  // published list so the extras are added to it rather than replacing it.
  const graph = withFirstPartyPermissions(tenant.servicePrincipals.find((s) => s.appId === MICROSOFT_GRAPH_APP_ID)!);
  tenant.servicePrincipals = tenant.servicePrincipals.map((s) => (s.appId === MICROSOFT_GRAPH_APP_ID ? graph : s));
  const scopes: PermissionScope[] = graph.oauth2PermissionScopes ?? [];
  for (const [value, type] of EXTRA_GRAPH_SCOPES) {
    if (!scopes.some((s) => s.value === value))
      scopes.push({
        id: randomUUID(),
        value,
        type,
        isEnabled: true,
        adminConsentDisplayName: value,
        adminConsentDescription: value,
      });
  }
  graph.oauth2PermissionScopes = scopes;
  edit(tenant);
  const file = join(dirs.make('consent-doctor-adv-'), 'tenant.json');
  writeFileSync(file, JSON.stringify(tenant));
  return file;
}

/** The simulator's request log, read over HTTP from its admin endpoint. */
async function simLog(h: AppHarness): Promise<RequestLogEntry[]> {
  const res = await fetch(`${h.sim.url}/_sim/tenants/${h.tenantId}/log`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as RequestLogEntry[] | { value: RequestLogEntry[] };
  return Array.isArray(body) ? body : body.value;
}
async function clearSimLog(h: AppHarness): Promise<void> {
  await fetch(`${h.sim.url}/_sim/tenants/${h.tenantId}/log`, { method: 'DELETE' });
}
const writesOf = async (h: AppHarness) => graphWrites(await simLog(h));

/** The card posted to the admin channel for the request. */
function postedCard(h: AppHarness, request: ApprovalRequest): unknown {
  const call = h.connector.calls.find((c) => c.method === 'POST' && c.responseId === request.adminCard?.activityId);
  return call ? attachedCard(call.body) : null;
}

const grantsOf = (h: AppHarness, spId: string) =>
  h.sim.tenant(h.tenantId).oauth2PermissionGrants.filter((g) => g.clientId === spId);

beforeAll(() => assertSimCaTrusted());

describe('1. requester-chosen scopes from a pasted /authorize link', () => {
  const NINE = [
    'Directory.ReadWrite.All',
    'RoleManagement.ReadWrite.Directory',
    'Mail.Send',
    'Mail.ReadWrite',
    'Files.ReadWrite.All',
    'Chat.ReadWrite',
    'User.Read',
    'offline_access',
    'Everything.Forever.All',
  ];
  const HIGH = [
    'Directory.ReadWrite.All',
    'RoleManagement.ReadWrite.Directory',
    'Mail.Send',
    'Mail.ReadWrite',
    'Files.ReadWrite.All',
    'Chat.ReadWrite',
  ];
  const h = useAppHarness(() => ({ fixture: fixtureFile(), adminChannel: true }));

  it('one click by a Cloud Application Administrator writes only the low scopes; high ones need a tick each; unpublished ones never', async () => {
    const request = await createRequest(h, 'carol', authorizeUrl(A.sharePoint.appId, NINE));
    const card = postedCard(h, request);
    const text = cardText(card);
    for (const s of HIGH) expect(text).toContain(s);
    expect(text).toMatch(/typed by the requester/);
    expect(text).toMatch(/Everything\.Forever\.All/);
    await clearSimLog(h);

    // A forged payload: scope names, out-of-range toggles, a plan of its own.
    const forged = {
      ...ref(request),
      confirm_99: 'true',
      'confirm_-1': 'true',
      scopes: 'Directory.ReadWrite.All',
      remedies: [{ kind: 'grant_delegated', scopes: ['RoleManagement.ReadWrite.Directory'] }],
    };
    invokeAnswer(await h.click('ben', 'approveAll', forged));
    await settle(h);

    const writes = await writesOf(h);
    expect(writes.map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual(['POST /v1.0/oauth2PermissionGrants 201']);
    const grants = grantsOf(h, A.sharePoint.spId);
    expect(grants).toHaveLength(1);
    const written = grants[0]!.scope.split(' ');
    for (const s of [...HIGH, 'Everything.Forever.All']) expect(written).not.toContain(s);
    expect(written).toEqual(expect.arrayContaining(['User.Read']));
    expect((await stored(h, request.id)).state).toBe('approved');
  });

  it('a ticked confirmation writes exactly that scope and nothing else', async () => {
    const request = await createRequest(
      h,
      'dave',
      authorizeUrl(A.outlook.appId, ['Mail.Read', 'Mail.Send', 'Directory.ReadWrite.All', 'User.Read']),
    );
    const card = postedCard(h, request) as Record<string, unknown>;
    const toggles: Array<{ id: string; title: string; valueOn: string }> = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (o.type === 'Input.Toggle') toggles.push(o as unknown as { id: string; title: string; valueOn: string });
        Object.values(o).forEach(walk);
      }
    };
    walk(card);
    const mailSend = toggles.find((t) => t.title.includes('Mail.Send'))!;
    expect(mailSend).toBeDefined();
    expect(toggles.find((t) => t.title.includes('Directory.ReadWrite.All'))).toBeDefined();
    await clearSimLog(h);

    // Teams sends each toggle's value; Directory.ReadWrite.All stays unticked ("no").
    const data = Object.fromEntries(toggles.map((t) => [t.id, t === mailSend ? t.valueOn : 'no']));
    invokeAnswer(await h.click('alice', 'approveAll', { ...ref(request), ...data }));
    await settle(h);

    const writes = await writesOf(h);
    expect(writes.map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual(['POST /v1.0/oauth2PermissionGrants 201']);
    // Exactly the one-click plan (evidenced, not high-impact) plus the one ticked scope.
    const planned = remediesFor(request, 'everyone').flatMap((r) => (r.kind === 'grant_delegated' ? r.scopes : []));
    expect(planned).not.toContain('Mail.Send');
    expect(planned).not.toContain('Directory.ReadWrite.All');
    const all = grantsOf(h, A.outlook.spId).find((g) => g.consentType === 'AllPrincipals')!;
    expect(all.scope.split(' ').sort()).toEqual([...planned, 'Mail.Send'].sort());
    expect(all.scope.split(' ')).toEqual(expect.arrayContaining(['Mail.Read', 'User.Read']));
    const audit = await h.store.audit.list(request.id);
    expect(audit.find((e) => e.action === 'click:approveAll')?.detail).toMatch(
      /writes: grant AllPrincipals on [^:]+: .*Mail\.Send/,
    );
  });
});

describe('2. a foreign app "Microsoft Teams — Security Update", one click', () => {
  const FOREIGN = {
    appId: 'f00dbabe-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    spId: 'b16b00b5-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    name: 'Microsoft Teams — Security Update',
  };
  const OTHER_TENANT = '0badc0de-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
  const SCOPES = ['Mail.ReadWrite', 'Mail.Send', 'Files.ReadWrite.All', 'User.Read'];
  const asked = (t: TenantFixture) =>
    t.apps!.push({
      appId: FOREIGN.appId,
      displayName: FOREIGN.name,
      requestedScopes: { [MICROSOFT_GRAPH_APP_ID]: SCOPES },
    });

  it('not in the tenant: Approve writes nothing (no enterprise app, no grant) and says why; the card links to admin consent', async () => {
    const h = await startAppHarness({ fixture: fixtureFile(asked) });
    try {
      await h.useAdminChannel();
      const request = await createRequest(h, 'carol', authorizeUrl(FOREIGN.appId, SCOPES));
      const card = postedCard(h, request);
      const text = cardText(card);
      expect(text).toMatch(/Not in this tenant yet/);
      expect(text).toMatch(/[Vv]erifi\w+[\s\S]*not known until the app is added/);
      expect(text).toContain(FOREIGN.appId);
      expect(JSON.stringify(card)).toContain(
        `"url":"https://login.microsoftonline.com/${h.tenantId}/adminconsent?client_id=${FOREIGN.appId}"`,
      );
      for (const s of SCOPES) expect(text).toContain(s);
      await clearSimLog(h);

      for (const verb of ['approveAll', 'approveUser']) {
        const answer = invokeAnswer(await h.click('alice', verb, ref(request)));
        expect(cardText(answer.value)).toMatch(/not in your tenant yet[\s\S]*Nothing was changed/);
      }
      await settle(h);
      expect(await writesOf(h)).toEqual([]);
      expect(h.sim.tenant(h.tenantId).servicePrincipals.filter((s) => s.appId === FOREIGN.appId)).toEqual([]);
      expect((await stored(h, request.id)).state).toBe('pending');
    } finally {
      await h.stop();
    }
  });

  it('once its enterprise app exists: the card says "not verified" and names the owning tenant; no high-impact scope in one click', async () => {
    const h = await startAppHarness({
      fixture: fixtureFile((t) => {
        asked(t);
        t.servicePrincipals.push({
          id: FOREIGN.spId,
          appId: FOREIGN.appId,
          displayName: FOREIGN.name,
          accountEnabled: true,
          appRoleAssignmentRequired: false,
          appRoles: [],
          oauth2PermissionScopes: [],
          appOwnerOrganizationId: OTHER_TENANT,
          publisherName: 'Microsoft Corporation',
          verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
          servicePrincipalType: 'Application',
          tags: [],
        });
      }),
    });
    try {
      await h.useAdminChannel();
      const request = await createRequest(h, 'carol', authorizeUrl(FOREIGN.appId, SCOPES));
      const text = cardText(postedCard(h, request));
      expect(text).toMatch(/not verified by Microsoft/);
      expect(text).toMatch(new RegExp(`Owning tenant[\\s\\S]*another organization's tenant \\(${OTHER_TENANT}\\)`));
      expect(text).toMatch(/mentions Microsoft, but the app is not one of Microsoft's/);
      await clearSimLog(h);

      invokeAnswer(await h.click('alice', 'approveAll', ref(request)));
      await settle(h);
      const written = grantsOf(h, FOREIGN.spId).flatMap((g) => g.scope.split(' '));
      for (const s of ['Mail.ReadWrite', 'Mail.Send', 'Files.ReadWrite.All']) expect(written).not.toContain(s);
      const writes = await writesOf(h);
      expect(writes.filter((w) => !/oauth2PermissionGrants/.test(w.path))).toEqual([]);
      expect(writes.length).toBeLessThanOrEqual(1);
    } finally {
      await h.stop();
    }
  });
});

describe('3. who may approve', () => {
  describe('with APPROVER_GROUP_ID (Finance Team: Carol without a role, Ben with Cloud Application Administrator)', () => {
    const h = useAppHarness(() => ({
      fixture: fixtureFile((t) => {
        t.groups.find((g) => g.id === CONTOSO.groups.financeTeam)!.members.push(U.ben);
      }),
      env: { APPROVER_GROUP_ID: CONTOSO.groups.financeTeam },
      adminChannel: true,
    }));

    it("a group member without a role cannot approve her own request for Directory.ReadWrite.All, nor anyone's", async () => {
      const own = await createRequest(
        h,
        'carol',
        authorizeUrl(A.sharePoint.appId, ['Directory.ReadWrite.All', 'User.Read']),
      );
      const other = await createRequest(h, 'heidi', A.crm.appId);
      await clearSimLog(h);
      const answers = [
        invokeAnswer(await h.click('carol', 'approveAll', ref(own))),
        invokeAnswer(await h.click('carol', 'approveUser', ref(own))),
        invokeAnswer(await h.click('carol', 'approveAll', ref(other))),
      ];
      await settle(h);
      expect(cardText(answers[0]!.value)).toMatch(/part of this request, so another approver must decide it/);
      expect(cardText(answers[2]!.value)).toMatch(/Only a .*who is also in the approver group can approve this/);
      for (const a of answers) expect(cardText(a.value)).toMatch(/Nothing was changed/);
      expect(await writesOf(h)).toEqual([]);
      expect((await stored(h, own.id)).state).toBe('pending');
      expect((await stored(h, other.id)).state).toBe('pending');
    });

    it('a Global Administrator outside the group is refused; a Cloud Application Administrator in it may approve', async () => {
      const request = await createRequest(h, 'heidi', A.storage.appId);
      await clearSimLog(h);
      const alice = invokeAnswer(await h.click('alice', 'approveAll', ref(request)));
      expect(cardText(alice.value)).toMatch(/limited to the approver group, and you are not in it/);
      await settle(h);
      expect(await writesOf(h)).toEqual([]);
      const ben = invokeAnswer(await h.click('ben', 'refreshApproval', ref(request), { trigger: 'automatic' }));
      expect(cardText(ben.value)).not.toMatch(/Only a/);
    });
  });

  describe('without APPROVER_GROUP_ID', () => {
    const h = useAppHarness(() => ({ fixture: fixtureFile(), adminChannel: true }));

    it('a Global Administrator cannot approve her own request and is told how to do it in Entra', async () => {
      const request = await createRequest(
        h,
        'alice',
        authorizeUrl(A.sharePoint.appId, ['Files.Read.All', 'User.Read']),
      );
      await clearSimLog(h);
      const answer = invokeAnswer(await h.click('alice', 'approveAll', ref(request)));
      await settle(h);
      expect(cardText(answer.value)).toMatch(
        /another approver must decide it. As a Global Administrator you can grant it yourself in Entra/,
      );
      expect(await writesOf(h)).toEqual([]);
    });

    it('a user without a granting role is refused; group membership means nothing', async () => {
      const request = await createRequest(h, 'heidi', A.crm.appId);
      await clearSimLog(h);
      const answer = invokeAnswer(await h.click('carol', 'approveAll', ref(request)));
      await settle(h);
      expect(cardText(answer.value)).toMatch(
        /Only a Global Administrator, Privileged Role Administrator, Cloud Application Administrator or Application Administrator can approve this/,
      );
      expect(await writesOf(h)).toEqual([]);
    });
  });
});

describe('4. the assignment role comes from evidence, never the first role', () => {
  const ADMIN_ROLE: AppRole = {
    id: 'a0a0a0a0-0000-4000-8000-000000000001',
    value: 'Admin',
    displayName: 'Tenant Administrator',
    description: 'Administers the connector for the whole tenant',
    allowedMemberTypes: ['User'],
    isEnabled: true,
  };
  const READER_ROLE: AppRole = {
    id: 'a0a0a0a0-0000-4000-8000-000000000002',
    value: 'Reader',
    displayName: 'Reader',
    description: 'Reads data through the connector',
    allowedMemberTypes: ['User'],
    isEnabled: true,
  };
  const h = useAppHarness(() => ({
    fixture: fixtureFile((t) => {
      const sp = t.servicePrincipals.find((s) => s.id === A.oneDrive.spId)!;
      sp.appRoles = [ADMIN_ROLE, READER_ROLE];
      t.appRoleAssignments.find((a) => a.resourceId === A.oneDrive.spId)!.appRoleId = READER_ROLE.id;
    }),
    adminChannel: true,
  }));

  const assignmentsOf = (userId: string) =>
    h.sim
      .tenant(h.tenantId)
      .appRoleAssignments.filter((a) => a.resourceId === A.oneDrive.spId && a.principalId === userId);

  it('the role the nested group holds (Reader), not "Tenant Administrator" that comes first', async () => {
    const request = await createRequest(h, 'erin', A.oneDrive.appId);
    await clearSimLog(h);
    invokeAnswer(await h.click('ben', 'approveAll', ref(request)));
    await settle(h);
    expect(assignmentsOf(U.erin).map((a) => a.appRoleId)).toEqual([READER_ROLE.id]);
    expect((await writesOf(h)).map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST /v1.0/servicePrincipals/${A.oneDrive.spId}/appRoleAssignedTo`,
    ]);
  });

  it('no group holds a role: the approver picks on the card; no pick or a forged one writes nothing', async () => {
    const request = await createRequest(h, 'heidi', A.oneDrive.appId);
    const card = JSON.stringify(postedCard(h, request));
    expect(card).toContain('"id":"assignRole"');
    expect(card).toContain('Tenant Administrator — Administers the connector for the whole tenant');
    expect(card).toContain('Reader — Reads data through the connector');
    await clearSimLog(h);

    const none = invokeAnswer(await h.click('ben', 'approveAll', ref(request)));
    const forged = invokeAnswer(await h.click('ben', 'approveAll', { ...ref(request), assignRole: randomUUID() }));
    const defaultAccess = invokeAnswer(
      await h.click('ben', 'approveAll', { ...ref(request), assignRole: DEFAULT_APP_ROLE_ID }),
    );
    await settle(h);
    expect(cardText(none.value)).toMatch(/Pick the app role/);
    for (const a of [forged, defaultAccess]) expect(cardText(a.value)).toMatch(/not one the card offered/);
    expect(await writesOf(h)).toEqual([]);

    invokeAnswer(await h.click('ben', 'approveAll', { ...ref(request), assignRole: READER_ROLE.id }));
    await settle(h);
    expect(assignmentsOf(U.heidi).map((a) => a.appRoleId)).toEqual([READER_ROLE.id]);
    expect((await writesOf(h)).map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST /v1.0/servicePrincipals/${A.oneDrive.spId}/appRoleAssignedTo`,
    ]);
  });
});

describe('5. the high-privilege note', () => {
  const h = useAppHarness(() => ({ fixture: fixtureFile(), adminChannel: true }));

  it('names mail, chat and role-schedule scopes as high impact', async () => {
    const scopes = ['Mail.ReadWrite', 'Mail.Send', 'Chat.ReadWrite', 'RoleAssignmentSchedule.ReadWrite.Directory'];
    const request = await createRequest(h, 'carol', authorizeUrl(A.sharePoint.appId, [...scopes, 'User.Read']));
    const text = cardText(postedCard(h, request));
    for (const s of scopes)
      expect(text).toMatch(new RegExp(`${s.replace(/\./g, '\\.')} \\(Microsoft Graph\\)[^\\n]*high impact`));
    expect(text).not.toMatch(/00000003-0000-0000-c000-000000000000/);
  });
});
