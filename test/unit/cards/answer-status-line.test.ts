import { answerCard } from '../../../src/cards';
import type { AnswerViewModel } from '../../../src/cards/answer-model';

const base: AnswerViewModel = {
  app: { appId: '11111111-1111-4111-8111-111111111111', displayName: 'Vendor App', publisherName: null },
  findings: [{ code: 'NO_PROBLEM_FOUND', severity: 'info', text: 'Nothing blocks you.' }],
  nextStep: { kind: 'self_fix', how: 'Sign in again.' },
  status: 'new',
  ref: null,
  reason: null,
  signInUrl: null,
} as unknown as AnswerViewModel;

describe('answer card status line', () => {
  it('is hidden when there is no request and nothing for admins to do', () => {
    expect(JSON.stringify(answerCard(base))).not.toContain('Status:');
  });
  it('is shown when admins must act', () => {
    expect(JSON.stringify(answerCard({ ...base, nextStep: { kind: 'admins_asked' } } as AnswerViewModel))).toContain(
      'Status:',
    );
  });
});

describe('the status reads the same without colour', () => {
  const statusBlock = (vm: AnswerViewModel) => {
    const blocks: Array<{ text?: string; color?: string }> = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.type === 'TextBlock' && typeof o.text === 'string' && o.text.includes('Status:'))
          blocks.push(o as { text: string; color?: string });
        Object.values(o).forEach(walk);
      }
    };
    walk(answerCard(vm));
    return blocks[0];
  };

  it('"Approved and fixed" carries a mark besides its green colour', () => {
    const block = statusBlock({ ...base, status: 'approved', nextStep: { kind: 'admins_asked' } } as AnswerViewModel);
    expect(block.color).toBe('Good');
    expect(block.text).toMatch(/^✅ Status: Approved and fixed\./);
  });

  it('every coloured state has a mark; plain ones need none', () => {
    for (const status of ['pending', 'approving', 'approved', 'failed', 'denied', 'expired', 'withdrawn'] as const) {
      const block = statusBlock({ ...base, status, nextStep: { kind: 'admins_asked' } } as AnswerViewModel);
      if (block.color === 'Default') expect(block.text).toMatch(/^Status: /);
      else expect(block.text).toMatch(/^\S+ Status: /);
    }
  });
});
