import { decideNextStep, isNoProblem, isUnconfirmedApp, requestNextStep } from '../../../src/requests/next-step';
import type { Finding } from '../../../src/diagnosis/types';
import { diagnosis } from '../cards/fixtures';

const finding = (code: Finding['code'], severity: Finding['severity'], fixable: boolean): Finding => ({
  code,
  severity,
  fixable,
  summary: code,
  adminSummary: code,
});

describe('decideNextStep', () => {
  it('a fixable blocker with a change to approve -> the admins are asked and a request is stored', () => {
    expect(decideNextStep(diagnosis(), true)).toEqual({ step: { kind: 'admins_asked' }, needsRequest: true });
  });

  it('without an admin channel the request is still stored, and the step says approvals are not set up', () => {
    expect(decideNextStep(diagnosis(), false)).toEqual({ step: { kind: 'not_set_up' }, needsRequest: true });
  });

  it('an admin-consent link alone is enough for a request', () => {
    const d = diagnosis({
      findings: [finding('CONSENT_ONLY_FOR_ANOTHER_USER', 'blocker', true)],
      remedies: [{ kind: 'admin_consent_url', url: 'https://login.microsoftonline.com/t/adminconsent?client_id=a' }],
      userOnlyRemedies: [],
    });
    expect(decideNextStep(d, true).needsRequest).toBe(true);
  });

  it('not a consent problem -> contact the helpdesk, no request', () => {
    const d = diagnosis({
      findings: [finding('USER_ACCOUNT_DISABLED', 'blocker', false), finding('USER_CONSENT_DISABLED', 'blocker', true)],
    });
    expect(decideNextStep(d, true)).toEqual({
      step: { kind: 'not_consent', contact: 'your IT helpdesk' },
      needsRequest: false,
    });
  });

  it('nothing wrong -> the person can fix it themselves, no request', () => {
    const d = diagnosis({ findings: [finding('NO_PROBLEM_FOUND', 'info', false)], remedies: [], userOnlyRemedies: [] });
    const decision = decideNextStep(d, true);
    expect(decision.step.kind).toBe('self_fix');
    expect(decision.needsRequest).toBe(false);
    expect(isNoProblem(d)).toBe(true);
  });

  it('a fixable blocker with nothing to approve is sent to a person, not the approval queue', () => {
    const d = diagnosis({ remedies: [{ kind: 'manual', title: 'Look', steps: [] }], userOnlyRemedies: [] });
    expect(decideNextStep(d, true)).toEqual({
      step: { kind: 'not_consent', contact: 'your IT helpdesk' },
      needsRequest: false,
    });
    expect(isNoProblem(d)).toBe(false);
  });

  it('the findings alone: admins, not set up, not consent, self fix', () => {
    const d = (findings: Finding[]) => diagnosis({ findings });
    expect(decideNextStep(d([finding('ADMIN_ONLY_SCOPES', 'blocker', true)]), true, 'x').step).toEqual({
      kind: 'admins_asked',
    });
    expect(decideNextStep(d([finding('ADMIN_ONLY_SCOPES', 'blocker', true)]), false, 'x').step).toEqual({
      kind: 'not_set_up',
    });
    expect(
      decideNextStep(
        d([finding('CONDITIONAL_ACCESS_BLOCK', 'blocker', false), finding('ADMIN_ONLY_SCOPES', 'blocker', true)]),
        true,
        'Helpdesk',
      ).step,
    ).toEqual({ kind: 'not_consent', contact: 'Helpdesk' });
    expect(decideNextStep(d([finding('WRONG_APP', 'warning', false)]), true, 'x').step).toEqual({
      kind: 'self_fix',
      how: 'WRONG_APP',
    });
    expect(decideNextStep(d([finding('NO_PROBLEM_FOUND', 'info', false)]), true, 'x').step).toMatchObject({
      kind: 'self_fix',
    });
  });

  it('a stored request has reached the admins once its card is posted, it was decided, or a channel is connected', () => {
    expect(requestNextStep({ adminCard: null, state: 'pending' }, false)).toEqual({ kind: 'not_set_up' });
    expect(requestNextStep({ adminCard: null, state: 'pending' }, true)).toEqual({ kind: 'admins_asked' });
    expect(
      requestNextStep(
        { adminCard: { conversationId: 'c', activityId: 'a', serviceUrl: 'https://x' }, state: 'pending' },
        false,
      ),
    ).toEqual({ kind: 'admins_asked' });
    expect(requestNextStep({ adminCard: null, state: 'denied' }, false)).toEqual({ kind: 'admins_asked' });
  });

  it("a request waiting for its requester to send it is the admins' step, whether or not a channel is connected", () => {
    for (const connected of [false, true]) {
      expect(requestNextStep({ adminCard: null, state: 'pending', awaitingConfirmation: true }, connected)).toEqual({
        kind: 'admins_asked',
      });
    }
  });
});

describe('isUnconfirmedApp', () => {
  const absent = (over: Parameters<typeof diagnosis>[0] = {}) => {
    const d = diagnosis(over);
    return {
      ...d,
      app: { ...d.app!, servicePrincipalId: null },
      requested: { delegated: {}, application: {}, source: null },
    };
  };

  it('is true for a typed GUID that is not in the tenant and was never tried', () => {
    expect(isUnconfirmedApp(absent())).toBe(true);
  });

  it('is false when a pasted link, an error text or a failed sign-in shows the app exists', () => {
    const d = absent();
    const withEvidence = {
      ...d,
      candidates: [
        {
          appId: d.app.appId.toUpperCase(),
          displayName: 'x',
          servicePrincipalId: null,
          score: 90,
          reasons: ['failed_sign_in' as const],
          why: '',
        },
      ],
    };
    expect(isUnconfirmedApp(withEvidence)).toBe(false);
    expect(isUnconfirmedApp({ ...d, requested: { delegated: {}, application: {}, source: 'url' } })).toBe(false);
  });

  it('is false for apps that are in the tenant', () => {
    expect(isUnconfirmedApp(diagnosis())).toBe(false);
  });
});
