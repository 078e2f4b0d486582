/**
 * The approval card's data from the evidence (issue: approvals never grant more than was asked):
 * each scope row carries where it was seen and its risk from data, scopes needing the approver's
 * explicit confirmation get one toggle each, refused scopes are listed, an app not in the tenant is
 * shown as Entra's consent screen would show it (with no one-click button), and an assignment whose
 * role the evidence does not settle offers the app's user roles by name and description.
 */
import { approvalCard, type ApprovalView } from '../../../src/cards/approval';
import { toApprovalViewModel, type ApprovalContext } from '../../../src/cards/approval-model';
import { signCardData } from '../../../src/cards/mac';
import type { Diagnosis, Remedy } from '../../../src/diagnosis/types';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import type { ApprovalRequest } from '../../../src/requests/model';
import { APP_ID, KEY, TENANT_ID, USER_ID, context, diagnosis, request } from './fixtures';
import { actions, allText, expectValidCard, nodes, verbs } from './helpers';

const REF = signCardData('req-0001', KEY);
const FOREIGN_TENANT = '99999999-9999-4999-8999-999999999999';
const scope = (id: string, value: string, type: 'User' | 'Admin', name: string) => ({
  id,
  value,
  type,
  isEnabled: true,
  adminConsentDisplayName: name,
});
const ctx: ApprovalContext = {
  ...context,
  resources: {
    [MICROSOFT_GRAPH_APP_ID]: {
      displayName: 'Microsoft Graph',
      oauth2PermissionScopes: [
        scope('s1', 'User.Read', 'User', 'Sign in and read user profile'),
        scope('s2', 'Sites.Read.All', 'User', 'Read items in all site collections'),
        scope('s3', 'Directory.ReadWrite.All', 'Admin', 'Read and write directory data'),
        scope('s4', 'Mail.Send', 'User', 'Send mail as a user'),
      ],
    },
  },
  classifications: { [MICROSOFT_GRAPH_APP_ID]: { 'user.read': 'low' } },
};

const grant = (extra: Partial<Extract<Remedy, { kind: 'grant_delegated' }>> = {}): Remedy => ({
  kind: 'grant_delegated',
  clientAppId: APP_ID,
  resourceAppId: MICROSOFT_GRAPH_APP_ID,
  consentType: 'AllPrincipals',
  scopes: ['User.Read', 'Sites.Read.All', 'Directory.ReadWrite.All', 'Mail.Send', 'Bogus.Scope'],
  ...extra,
});
const urlDiagnosis = (overrides: Partial<Diagnosis> = {}) =>
  diagnosis({
    remedies: [grant()],
    userOnlyRemedies: [],
    requested: {
      delegated: {
        [MICROSOFT_GRAPH_APP_ID]: [
          'User.Read',
          'Sites.Read.All',
          'Directory.ReadWrite.All',
          'Mail.Send',
          'Bogus.Scope',
        ],
      },
      application: {},
      source: 'url',
      evidence: [
        { scope: 'User.Read', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['consent_url', 'consent_request'] },
        { scope: 'Sites.Read.All', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['consent_request'] },
        { scope: 'Directory.ReadWrite.All', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['consent_url'] },
        { scope: 'Mail.Send', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['consent_url'] },
        { scope: 'Bogus.Scope', resourceAppId: MICROSOFT_GRAPH_APP_ID, sources: ['consent_url'] },
      ],
    },
    ...overrides,
  });
const render = (overrides: Partial<ApprovalRequest>, view: ApprovalView = 'approver', c: ApprovalContext = ctx) => {
  const vm = toApprovalViewModel(request('pending', overrides), REF, c);
  return { vm, card: approvalCard(vm, view) };
};

describe('scope provenance and risk', () => {
  const { vm, card } = render({ diagnosis: urlDiagnosis() });

  it('keeps requester-typed high-impact scopes out of the one-click plan and offers one toggle each', () => {
    expectValidCard(card);
    const planned = vm.everyonePlan.flatMap((c) => (c.kind === 'grant_delegated' ? c.scopes.map((s) => s.value) : []));
    expect(planned).toEqual(['User.Read', 'Sites.Read.All']);
    expect(vm.confirmItems.map((c) => [c.inputId, c.scope.value])).toEqual([
      ['confirm_0', 'Directory.ReadWrite.All'],
      ['confirm_1', 'Mail.Send'],
    ]);
    const toggles = nodes(card).filter((n) => n.type === 'Input.Toggle');
    expect(toggles.map((t) => [t.id, t.value, t.valueOn])).toEqual([
      ['confirm_0', 'no', `${MICROSOFT_GRAPH_APP_ID}/Directory.ReadWrite.All`],
      ['confirm_1', 'no', `${MICROSOFT_GRAPH_APP_ID}/Mail.Send`],
    ]);
    expect(String(toggles[0]!.title)).toMatch(
      /Directory\.ReadWrite\.All \(Microsoft Graph\).*high impact.*admin consent only.*typed by the requester/,
    );
  });

  it("shows each row's sources and risk from data, and lists refused scopes", () => {
    const text = allText(card);
    expect(text).toMatch(
      /User — Sign in and read user profile · classified low in this tenant · from: typed by the requester \(pasted link\), Entra consent request/,
    );
    expect(text).toMatch(/Sites.Read.All[\s\S]*from: Entra consent request/);
    expect(text).toContain('Never written: Bogus.Scope (the API does not publish it).');
    expect(text).toMatch(
      /Not part of one click: Directory.ReadWrite.All \(Microsoft Graph\), Mail.Send \(Microsoft Graph\)/,
    );
  });

  it("links to Entra's admin consent for the scopes it will not write in one click", () => {
    expect(actions(card, 'Action.OpenUrl')[0]).toMatchObject({
      url: `https://login.microsoftonline.com/${TENANT_ID}/adminconsent?client_id=${APP_ID}`,
    });
    expect(verbs(card)).toEqual(['approveAll', 'deny']);
  });

  it('the high-privilege note covers the documented set (mail, chat, EWS, role schedules)', () => {
    const high = [
      'Mail.ReadWrite',
      'Mail.Send',
      'Chat.ReadWrite',
      'EWS.AccessAsUser.All',
      'RoleAssignmentSchedule.ReadWrite.Directory',
    ];
    const d = diagnosis({
      remedies: [grant({ scopes: high })],
      userOnlyRemedies: [],
      requested: { delegated: {}, application: {}, source: 'consent_request' },
    });
    const text = allText(render({ diagnosis: d }, 'approver', { ...ctx, resources: undefined }).card);
    for (const s of high)
      expect(text).toMatch(new RegExp(`High-privilege permissions:[^\\n]*${s.replace(/\./g, '\\\\?\\.')}`));
  });
});

describe('an app that is not in the tenant', () => {
  const d = urlDiagnosis({
    app: { appId: APP_ID, displayName: 'Microsoft Teams — Security Update', servicePrincipalId: null },
    remedies: [
      { kind: 'create_service_principal', appId: APP_ID },
      grant(),
      {
        kind: 'admin_consent_url',
        url: `https://login.microsoftonline.com/${TENANT_ID}/adminconsent?client_id=${APP_ID}`,
      },
    ],
    userOnlyRemedies: [
      { kind: 'create_service_principal', appId: APP_ID },
      grant({ consentType: 'Principal', principalId: USER_ID }),
    ],
  });
  const { vm, card } = render({ diagnosis: d, appDisplayName: 'Microsoft Teams — Security Update' });

  it("offers no one-click button, only Entra's admin consent and Deny", () => {
    expectValidCard(card);
    expect(verbs(card)).toEqual(['deny']);
    expect(actions(card, 'Action.OpenUrl')[0]).toMatchObject({
      title: 'Grant in Entra instead',
      url: `https://login.microsoftonline.com/${TENANT_ID}/adminconsent?client_id=${APP_ID}`,
    });
    expect(vm.everyonePlan).toEqual([]);
  });

  it("lists what Entra's consent screen will show: every permission with its type and source", () => {
    const text = allText(card);
    expect(text).toContain('Not in this tenant yet');
    expect(text).toMatch(
      /Directory.ReadWrite.All \(Microsoft Graph\)[\s\S]*Admin — Read and write directory data · high impact/,
    );
    expect(text).toMatch(/Mail.Send \(Microsoft Graph\)[\s\S]*User — Send mail as a user · high impact/);
    expect(text).toMatch(/Owning tenant[\s\S]*not known until the app is added/);
    expect(text).toMatch(/App ID[\s\S]*22222222-2222-4222-8222-222222222222/);
    expect(text).toMatch(/not in your tenant yet. The bot does not add it or grant it anything/);
  });
});

describe('a foreign multi-tenant app whose enterprise app exists', () => {
  const foreign: ApprovalContext = {
    ...ctx,
    servicePrincipal: {
      publisherName: 'Microsoft Corporation',
      verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
      appOwnerOrganizationId: FOREIGN_TENANT,
    },
  };
  const d = urlDiagnosis({
    app: {
      appId: APP_ID,
      displayName: 'Microsoft Teams — Security Update',
      servicePrincipalId: '33333333-3333-4333-8333-333333333333',
    },
  });

  it('says the publisher is not verified, names the owning tenant and flags the borrowed name', () => {
    const text = allText(
      render({ diagnosis: d, appDisplayName: 'Microsoft Teams — Security Update' }, 'approver', foreign).card,
    );
    expect(text).toMatch(/not verified by Microsoft/);
    expect(text).toMatch(/Owning tenant[\s\S]*another organization's tenant \(99999999-9999-4999-8999-999999999999\)/);
    expect(text).toMatch(/It names itself "Microsoft Corporation". It is owned by another organization's tenant/);
    expect(text).toMatch(/mentions Microsoft, but the app is not one of Microsoft's/);
  });
});

describe('an assignment whose role the approver picks', () => {
  const roles = [
    {
      id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      displayName: 'Tenant Administrator',
      description: 'Full control of the connector',
      value: 'Admin',
      allowedMemberTypes: ['User' as const],
      isEnabled: true,
    },
    {
      id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      displayName: 'Reader',
      description: 'Reads data through the connector',
      value: 'Reader',
      allowedMemberTypes: ['User' as const],
      isEnabled: true,
    },
  ];
  const assign: Remedy = {
    kind: 'assign_user',
    appId: APP_ID,
    userId: USER_ID,
    appRoleId: '',
    roleChoices: roles.map((r) => r.id),
  };
  const d = diagnosis({ remedies: [assign], userOnlyRemedies: [assign] });
  const { vm, card } = render({ diagnosis: d }, 'approver', { ...ctx, appRoles: roles });

  it('shows every user role by name and description in a choice, with no default', () => {
    expectValidCard(card);
    const choice = nodes(card).find((n) => n.type === 'Input.ChoiceSet')!;
    expect(choice).toMatchObject({ id: 'assignRole' });
    expect(choice.value).toBeUndefined();
    expect(choice.choices as Array<{ title: string; value: string }>).toEqual([
      { title: 'Tenant Administrator — Full control of the connector', value: roles[0]!.id },
      { title: 'Reader — Reads data through the connector', value: roles[1]!.id },
    ]);
    expect(vm.everyonePlan[0]).toMatchObject({
      kind: 'assign_user',
      appRoleName: 'picked by the approver below',
      needsRolePick: true,
    });
  });

  it('is not shown to observers', () => {
    expect(
      nodes(render({ diagnosis: d }, 'observer', { ...ctx, appRoles: roles }).card).some(
        (n) => n.type === 'Input.ChoiceSet',
      ),
    ).toBe(false);
  });
});
