import { decideChatNextStep, isNoProblem } from '../../../src/dialogs/next-step';
import type { Finding } from '../../../src/diagnosis/types';
import { diagnosis } from '../cards/fixtures';

const finding = (code: Finding['code'], severity: Finding['severity'], fixable: boolean): Finding =>
  ({ code, severity, fixable, summary: code, adminSummary: code });

describe('decideChatNextStep', () => {
  it('a fixable blocker with a change to approve -> the admins are asked and a request is stored', () => {
    expect(decideChatNextStep(diagnosis(), true)).toEqual({ step: { kind: 'admins_asked' }, needsRequest: true });
  });

  it('without an admin channel the request is still stored, and the step says approvals are not set up', () => {
    expect(decideChatNextStep(diagnosis(), false)).toEqual({ step: { kind: 'not_set_up' }, needsRequest: true });
  });

  it('an admin-consent link alone is enough for a request', () => {
    const d = diagnosis({ findings: [finding('CONSENT_ONLY_FOR_ANOTHER_USER', 'blocker', true)], remedies: [{ kind: 'admin_consent_url', url: 'https://login.microsoftonline.com/t/adminconsent?client_id=a' }], userOnlyRemedies: [] });
    expect(decideChatNextStep(d, true).needsRequest).toBe(true);
  });

  it('not a consent problem -> contact the helpdesk, no request', () => {
    const d = diagnosis({ findings: [finding('USER_ACCOUNT_DISABLED', 'blocker', false), finding('USER_CONSENT_DISABLED', 'blocker', true)] });
    expect(decideChatNextStep(d, true)).toEqual({ step: { kind: 'not_consent', contact: 'your IT helpdesk' }, needsRequest: false });
  });

  it('nothing wrong -> the person can fix it themselves, no request', () => {
    const d = diagnosis({ findings: [finding('NO_PROBLEM_FOUND', 'info', false)], remedies: [], userOnlyRemedies: [] });
    const decision = decideChatNextStep(d, true);
    expect(decision.step.kind).toBe('self_fix');
    expect(decision.needsRequest).toBe(false);
    expect(isNoProblem(d)).toBe(true);
  });

  it('a fixable blocker with nothing to approve is sent to a person, not the approval queue', () => {
    const d = diagnosis({ remedies: [{ kind: 'manual', title: 'Look', steps: [] }], userOnlyRemedies: [] });
    expect(decideChatNextStep(d, true)).toEqual({ step: { kind: 'not_consent', contact: 'your IT helpdesk' }, needsRequest: false });
    expect(isNoProblem(d)).toBe(false);
  });
});
