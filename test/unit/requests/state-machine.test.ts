import {
  applyEvent,
  canApply,
  isDecidable,
  remediesFor,
  TransitionError,
  type RequestEvent,
} from '../../../src/requests/state-machine';
import { REQUEST_STATES, type ApprovalRequest } from '../../../src/requests/model';
import type { Diagnosis } from '../../../src/diagnosis/types';

const admin = { aadObjectId: 'admin-1', displayName: 'Alice Admin' };
const at = '2026-11-24T10:00:00.000Z';

function request(state: ApprovalRequest['state'] = 'pending'): ApprovalRequest {
  const diagnosis: Diagnosis = {
    app: { appId: 'app-1', displayName: 'App', servicePrincipalId: 'sp-1' },
    user: { id: 'u-1', userPrincipalName: 'u@contoso.com', displayName: 'U' },
    candidates: [],
    findings: [],
    remedies: [
      {
        kind: 'grant_delegated',
        clientAppId: 'app-1',
        resourceAppId: 'r',
        scopes: ['User.Read'],
        consentType: 'AllPrincipals',
      },
      { kind: 'admin_consent_url', url: 'https://login.microsoftonline.com/t/adminconsent?client_id=app-1' },
    ],
    userOnlyRemedies: [
      {
        kind: 'grant_delegated',
        clientAppId: 'app-1',
        resourceAppId: 'r',
        scopes: ['User.Read'],
        consentType: 'Principal',
        principalId: 'u-1',
      },
    ],
    requested: { delegated: {}, application: {}, source: null },
    graph: { requests: 0, roundTrips: 0 },
  };
  return {
    id: 'req-1',
    tenantId: 't',
    state,
    createdAt: at,
    updatedAt: at,
    requester: { aadObjectId: 'u-1', teamsUserId: '29:u', displayName: 'U', userPrincipalName: 'u@contoso.com' },
    linkedRequesters: [],
    justification: null,
    appId: 'app-1',
    appDisplayName: 'App',
    diagnosis,
    decision: { by: null, at: null, scope: null, reason: null },
    outcome: null,
    adminCard: null,
  };
}

describe('request state machine', () => {
  it('moves pending -> approving -> approved', () => {
    const approving = applyEvent(request(), { type: 'start_approval', by: admin, scope: 'everyone', at });
    expect(approving.state).toBe('approving');
    expect(approving.decision).toEqual({ by: admin, at, scope: 'everyone', reason: null });
    const approved = applyEvent(approving, {
      type: 'complete',
      outcome: { steps: [], verified: true, error: null },
      at,
    });
    expect(approved.state).toBe('approved');
  });

  it('refuses a second decision on a decided request', () => {
    const denied = applyEvent(request(), { type: 'deny', by: admin, reason: 'not needed', at });
    expect(denied.decision.reason).toBe('not needed');
    expect(() => applyEvent(denied, { type: 'start_approval', by: admin, scope: 'everyone', at })).toThrow(
      TransitionError,
    );
    expect(canApply(denied, 'withdraw')).toBe(false);
  });

  it('lets a failed approval be approved again or denied, and keeps every other decided state final', () => {
    const failedOutcome = { steps: [], verified: null, error: 'NOT_WRITTEN' };
    const failed = {
      ...request('failed'),
      decision: { by: admin, at, scope: 'user' as const, reason: null },
      outcome: failedOutcome,
    };
    const other = { aadObjectId: 'admin-2', displayName: 'Bob Admin' };
    const again = applyEvent(failed, {
      type: 'start_approval',
      by: other,
      scope: 'everyone',
      at: '2026-11-24T11:00:00.000Z',
    });
    expect(again).toMatchObject({
      state: 'approving',
      outcome: null,
      decision: { by: other, scope: 'everyone', reason: null },
      updatedAt: '2026-11-24T11:00:00.000Z',
    });
    expect(applyEvent(again, { type: 'complete', outcome: { steps: [], verified: true, error: null }, at }).state).toBe(
      'approved',
    );
    const denied = applyEvent(failed, { type: 'deny', by: other, reason: 'use the other app', at });
    expect(denied).toMatchObject({
      state: 'denied',
      decision: { by: other, scope: null, reason: 'use the other app' },
      outcome: failedOutcome,
    });
    for (const event of ['expire', 'withdraw', 'complete', 'fail', 'link_requester'] as const)
      expect(canApply(failed, event)).toBe(false);
    // Approved, denied, expired and withdrawn requests take no event at all; a failed one still does.
    const everyEvent: Record<RequestEvent['type'], null> = {
      start_approval: null,
      complete: null,
      fail: null,
      deny: null,
      expire: null,
      withdraw: null,
      link_requester: null,
    };
    const events = Object.keys(everyEvent) as Array<RequestEvent['type']>;
    const leave = (state: ApprovalRequest['state']) => events.filter((event) => canApply(request(state), event));
    for (const state of ['approved', 'denied', 'expired', 'withdrawn'] as const) expect(leave(state)).toEqual([]);
    expect(REQUEST_STATES.filter(isDecidable)).toEqual(['pending', 'failed']);
    expect(leave('failed')).toEqual(['start_approval', 'deny']);
  });

  it("plans a new decision on a failed request from the stored plan, not from the failed attempt's writes", () => {
    const chosen = {
      kind: 'grant_delegated' as const,
      clientAppId: 'app-1',
      resourceAppId: 'r',
      scopes: ['User.Read', 'Mail.Send'],
      consentType: 'AllPrincipals' as const,
    };
    const failed = {
      ...request('failed'),
      decision: { by: admin, at, scope: 'everyone' as const, reason: null, remedies: [chosen] },
    };
    expect(remediesFor(failed, 'everyone')).toEqual([chosen]);
    expect(remediesFor(failed, 'everyone', true)).toEqual([expect.objectContaining({ scopes: ['User.Read'] })]);
  });

  it('only completes or fails from approving', () => {
    expect(() =>
      applyEvent(request(), { type: 'complete', outcome: { steps: [], verified: true, error: null }, at }),
    ).toThrow(/pending/);
    expect(canApply(request('approving'), 'fail')).toBe(true);
  });

  it('links another requester once', () => {
    const other = { aadObjectId: 'u-2', teamsUserId: '29:u2', displayName: 'V', userPrincipalName: null };
    const once = applyEvent(request(), { type: 'link_requester', requester: other, at });
    const twice = applyEvent(once, { type: 'link_requester', requester: other, at });
    expect(twice.linkedRequesters).toHaveLength(1);
    const self = applyEvent(request(), { type: 'link_requester', requester: request().requester, at });
    expect(self.linkedRequesters).toHaveLength(0);
  });

  it('picks only executable remedies of the chosen plan', () => {
    expect(remediesFor(request(), 'everyone').map((r) => r.kind)).toEqual(['grant_delegated']);
    const userPlan = remediesFor(request(), 'user');
    expect(userPlan).toHaveLength(1);
    expect(userPlan[0]).toMatchObject({ consentType: 'Principal', principalId: 'u-1' });
  });
});
