import { decideClick, needsAuthorization, type ClickFacts } from '../../../src/approvals/decide-click';
import type { Remedy } from '../../../src/diagnosis/types';
import { REQUEST_STATES } from '../../../src/requests/model';

const grant: Remedy = {
  kind: 'grant_delegated',
  clientAppId: 'a',
  resourceAppId: 'r',
  scopes: ['User.Read'],
  consentType: 'AllPrincipals',
};
const allowed = { allowed: true as const, basis: 'Global Administrator' };
const notAllowed = { allowed: false as const, reason: 'Only admins can approve this.' };

function input(overrides: Partial<ClickFacts> = {}): ClickFacts {
  return {
    state: 'pending',
    verb: 'approveAll',
    trigger: 'manual',
    authorization: allowed,
    plans: { everyone: [grant], user: [grant] },
    denyReason: undefined,
    ...overrides,
  };
}

describe('decideClick', () => {
  it('starts an approval for an authorised manual click on a pending request', () => {
    expect(decideClick(input())).toEqual({ kind: 'approve', scope: 'everyone', remedies: [grant] });
    expect(decideClick(input({ verb: 'approveUser' }))).toEqual({ kind: 'approve', scope: 'user', remedies: [grant] });
  });

  it('approves exactly what the card choices resolved to, and explains an incomplete choice', () => {
    const chosen: Remedy = { ...grant, scopes: ['User.Read', 'Mail.Send'] } as Remedy;
    const choices = {
      everyone: { ok: true as const, remedies: [chosen], confirmed: [] },
      user: { ok: false as const, message: 'Pick the app role first.' },
    };
    expect(decideClick(input({ choices }))).toEqual({ kind: 'approve', scope: 'everyone', remedies: [chosen] });
    expect(decideClick(input({ verb: 'approveUser', choices }))).toEqual({
      kind: 'invalid',
      message: 'Pick the app role first.',
    });
  });

  it('writes nothing for an app that is not in the tenant, and says why', () => {
    expect(decideClick(input({ appInTenant: false }))).toEqual({
      kind: 'invalid',
      message: expect.stringMatching(/not in your tenant yet[\s\S]*admin consent link/),
    });
  });

  it('only renders refreshes, whatever the verb, and picks the view from the authorization', () => {
    for (const verb of ['approveAll', 'approveUser', 'deny', 'refreshApproval'] as const) {
      expect(decideClick(input({ verb, trigger: 'automatic' }))).toEqual({
        kind: 'render',
        view: 'approver',
        note: null,
      });
      expect(decideClick(input({ verb, trigger: 'automatic', authorization: notAllowed }))).toEqual({
        kind: 'render',
        view: 'observer',
        note: null,
      });
    }
    expect(decideClick(input({ verb: 'refreshApproval', trigger: 'manual' }))).toEqual({
      kind: 'render',
      view: 'approver',
      note: null,
    });
  });

  it('shows the current state of a decided or stale request instead of acting', () => {
    for (const state of REQUEST_STATES.filter((s) => s !== 'pending' && s !== 'failed')) {
      const decision = decideClick(input({ state, authorization: null, verb: 'deny', denyReason: 'no' }));
      expect(decision).toMatchObject({ kind: 'render', view: 'observer' });
      expect(decision.kind === 'render' && decision.note).toEqual(expect.stringMatching(/nothing|progress/i));
    }
  });

  it('refuses people who may not approve, and when the authorization could not be checked', () => {
    expect(decideClick(input({ authorization: notAllowed }))).toEqual({
      kind: 'refuse',
      reason: 'Only admins can approve this.',
    });
    expect(decideClick(input({ authorization: null }))).toMatchObject({ kind: 'refuse' });
    expect(decideClick(input({ verb: 'deny', denyReason: 'x', authorization: notAllowed }))).toMatchObject({
      kind: 'refuse',
    });
  });

  it('requires a deny reason and cleans it', () => {
    for (const denyReason of [undefined, null, '', '   ', '\u200b\u202e', 42, { text: 'x' }, ['x']]) {
      expect(decideClick(input({ verb: 'deny', denyReason }))).toMatchObject({ kind: 'invalid' });
    }
    expect(decideClick(input({ verb: 'deny', denyReason: ' Use\n the\tother app ' }))).toEqual({
      kind: 'deny',
      reason: 'Use the other app',
    });
  });

  it('caps the deny reason', () => {
    const reason = (denyReason: string) => {
      const decision = decideClick(input({ verb: 'deny', denyReason }));
      if (decision.kind !== 'deny') throw new Error(`not a denial: ${decision.kind}`);
      return decision.reason;
    };
    expect(Array.from(reason('x'.repeat(5000))).length).toBeLessThanOrEqual(1000);
    expect(reason('${evil}')).not.toContain('${');
  });

  it('treats an approval with nothing for the bot to do as invalid', () => {
    expect(decideClick(input({ plans: { everyone: [], user: [grant] } }))).toMatchObject({ kind: 'invalid' });
    expect(decideClick(input({ verb: 'approveUser', plans: { everyone: [grant], user: [] } }))).toMatchObject({
      kind: 'invalid',
    });
  });

  it("needs the clicker's roles only for requests still to decide: pending, or a failed approval", () => {
    expect(needsAuthorization('pending')).toBe(true);
    expect(needsAuthorization('failed')).toBe(true);
    for (const state of REQUEST_STATES.filter((s) => s !== 'pending' && s !== 'failed'))
      expect(needsAuthorization(state)).toBe(false);
  });

  it('lets an authorised approver approve a failed request again, or deny it, with the same checks as pending', () => {
    expect(decideClick(input({ state: 'failed' }))).toEqual({ kind: 'approve', scope: 'everyone', remedies: [grant] });
    expect(decideClick(input({ state: 'failed', verb: 'approveUser' }))).toEqual({
      kind: 'approve',
      scope: 'user',
      remedies: [grant],
    });
    expect(decideClick(input({ state: 'failed', verb: 'deny', denyReason: 'not after all' }))).toEqual({
      kind: 'deny',
      reason: 'not after all',
    });
    expect(decideClick(input({ state: 'failed', authorization: notAllowed }))).toEqual({
      kind: 'refuse',
      reason: 'Only admins can approve this.',
    });
    expect(decideClick(input({ state: 'failed', authorization: null }))).toMatchObject({ kind: 'refuse' });
    expect(decideClick(input({ state: 'failed', elsewhere: true }))).toMatchObject({
      kind: 'render',
      view: 'observer',
    });
    expect(decideClick(input({ state: 'failed', trigger: 'automatic' }))).toEqual({
      kind: 'render',
      view: 'approver',
      note: null,
    });
    expect(decideClick(input({ state: 'failed', verb: 'deny' }))).toMatchObject({ kind: 'invalid' });
  });
});
