import {
  chooseRemedies,
  confirmItems,
  CONFIRM_INPUT_PREFIX,
  ROLE_INPUT_ID,
  toggleValue,
} from '../../../src/approvals/choices';
import type { Remedy } from '../../../src/diagnosis/types';
import type { AppRole } from '../../../src/graph/types';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const grant = (extra: Partial<Extract<Remedy, { kind: 'grant_delegated' }>> = {}): Remedy => ({
  kind: 'grant_delegated',
  clientAppId: 'app',
  resourceAppId: GRAPH,
  consentType: 'AllPrincipals',
  scopes: ['User.Read', 'Sites.Read.All'],
  confirm: ['Directory.ReadWrite.All', 'Mail.Send'],
  refused: [{ scope: 'Bogus.All', resourceAppId: GRAPH, reason: 'not_published' }],
  sources: {
    'User.Read': ['consent_request', 'consent_url'],
    'Sites.Read.All': ['consent_request'],
    'Directory.ReadWrite.All': ['consent_url'],
    'Mail.Send': ['consent_url'],
  },
  ...extra,
});
const role = (id: string, displayName: string, allowed: Array<'User' | 'Application'> = ['User']): AppRole => ({
  id,
  displayName,
  value: displayName,
  description: `${displayName} role`,
  allowedMemberTypes: allowed,
  isEnabled: true,
});
const READER = role('11111111-1111-1111-1111-111111111111', 'Reader');
const ADMIN = role('22222222-2222-2222-2222-222222222222', 'Tenant Administrator');
const assign: Remedy = {
  kind: 'assign_user',
  appId: 'app',
  userId: 'erin',
  appRoleId: '',
  roleChoices: [ADMIN.id, READER.id],
};

describe('chooseRemedies', () => {
  const plan = [grant()];
  const items = confirmItems([plan]);

  it('writes only `scopes` when nothing is ticked, without confirm or refused', () => {
    const result = chooseRemedies({ plan, items, data: {}, appRoles: [] });
    expect(result).toMatchObject({ ok: true, confirmed: [] });
    if (!result.ok) return;
    expect(result.remedies).toHaveLength(1);
    const written = result.remedies[0] as Extract<Remedy, { kind: 'grant_delegated' }>;
    expect(written.scopes).toEqual(['User.Read', 'Sites.Read.All']);
    expect(written.confirm).toBeUndefined();
    expect(written.refused).toBeUndefined();
    expect(Object.keys(written.sources ?? {}).sort()).toEqual(['Sites.Read.All', 'User.Read']);
  });

  it('adds exactly the ticked confirm scopes', () => {
    const k = items.findIndex((i) => i.scope === 'Mail.Send');
    const result = chooseRemedies({
      plan,
      items,
      data: { [`${CONFIRM_INPUT_PREFIX}${k}`]: toggleValue(items[k]!) },
      appRoles: [],
    });
    expect(result.ok && (result.remedies[0] as { scopes: string[] }).scopes).toEqual([
      'User.Read',
      'Sites.Read.All',
      'Mail.Send',
    ]);
  });

  it('a toggle drawn for another scope (a stale card) confirms nothing', () => {
    const k = items.findIndex((i) => i.scope === 'Mail.Send');
    const other = items.find((i) => i.scope !== 'Mail.Send')!;
    const result = chooseRemedies({
      plan,
      items,
      data: { [`${CONFIRM_INPUT_PREFIX}${k}`]: toggleValue(other), [`${CONFIRM_INPUT_PREFIX}${k + 1}`]: 'true' },
      appRoles: [],
    });
    expect(result.ok && (result.remedies[0] as { scopes: string[] }).scopes).toEqual(['User.Read', 'Sites.Read.All']);
  });

  it('a forged payload cannot add scopes: unknown toggles, scope names as values and extra fields are ignored', () => {
    const data = {
      [`${CONFIRM_INPUT_PREFIX}99`]: 'true',
      [`${CONFIRM_INPUT_PREFIX}-1`]: 'true',
      [`${CONFIRM_INPUT_PREFIX}0`]: 'Directory.ReadWrite.All',
      scopes: ['RoleManagement.ReadWrite.Directory'],
      confirm: ['Bogus.All'],
      remedies: [{ kind: 'grant_delegated', scopes: ['x'] }],
    };
    const result = chooseRemedies({ plan, items, data, appRoles: [] });
    expect(result.ok && (result.remedies[0] as { scopes: string[] }).scopes).toEqual(['User.Read', 'Sites.Read.All']);
  });

  it('a plan of only confirm scopes needs at least one tick', () => {
    const only = [grant({ scopes: [] })];
    expect(chooseRemedies({ plan: only, items: confirmItems([only]), data: {}, appRoles: [] })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/tick the permissions you confirm/),
    });
  });

  it("an assignment without an evidenced role needs the approver's pick, validated against the stored choices", () => {
    const roles = [ADMIN, READER];
    expect(chooseRemedies({ plan: [assign], items: [], data: {}, appRoles: roles })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Pick the app role/),
    });
    expect(
      chooseRemedies({
        plan: [assign],
        items: [],
        data: { [ROLE_INPUT_ID]: '33333333-3333-3333-3333-333333333333' },
        appRoles: roles,
      }),
    ).toMatchObject({ ok: false });
    const picked = chooseRemedies({
      plan: [assign],
      items: [],
      data: { [ROLE_INPUT_ID]: READER.id.toUpperCase() },
      appRoles: roles,
    });
    expect(picked).toEqual({
      ok: true,
      confirmed: [],
      remedies: [{ kind: 'assign_user', appId: 'app', userId: 'erin', appRoleId: READER.id }],
    });
  });

  it('refuses a pick among the choices that is not a user role of the app any more', () => {
    const appOnly = role(READER.id, 'Reader', ['Application']);
    expect(
      chooseRemedies({ plan: [assign], items: [], data: { [ROLE_INPUT_ID]: READER.id }, appRoles: [ADMIN, appOnly] }),
    ).toMatchObject({ ok: false });
  });
});
