import { answerCard } from '../../../src/cards';
import type { AnswerViewModel } from '../../../src/cards/answerModel';

const base: AnswerViewModel = {
  app: { appId: '11111111-1111-4111-8111-111111111111', displayName: 'Vendor App', publisherName: null },
  findings: [{ code: 'NO_PROBLEM_FOUND', severity: 'info', text: 'Nothing blocks you.' }],
  nextStep: { kind: 'self_fix', how: 'Sign in again.' },
  status: 'new', ref: null, reason: null, signInUrl: null,
} as unknown as AnswerViewModel;

describe('answer card status line', () => {
  it('is hidden when there is no request and nothing for admins to do', () => {
    expect(JSON.stringify(answerCard(base))).not.toContain('Status:');
  });
  it('is shown when admins must act', () => {
    expect(JSON.stringify(answerCard({ ...base, nextStep: { kind: 'admins_asked' } } as AnswerViewModel))).toContain('Status:');
  });
});
