import { invokeTriggerOf } from '../../../../src/teams/handlers/invoke-trigger';

describe('invokeTriggerOf', () => {
  it('counts a manual trigger and an absent one (the Playground sends none) as a click', () => {
    expect(invokeTriggerOf({ action: { type: 'Action.Execute', verb: 'approveAll' }, trigger: 'manual' })).toBe(
      'manual',
    );
    expect(invokeTriggerOf({ action: { type: 'Action.Execute', verb: 'approveAll' } })).toBe('manual');
    expect(invokeTriggerOf({ action: { type: 'Action.Execute', verb: 'approveAll' }, trigger: null })).toBe('manual');
  });

  it('without a trigger, counts only a well-formed Action.Execute as a click', () => {
    expect(invokeTriggerOf({ action: { type: 'Action.Submit', verb: 'approveAll' } })).toBe('automatic');
    expect(invokeTriggerOf({ action: { verb: 'approveAll' } })).toBe('automatic');
    expect(invokeTriggerOf({})).toBe('automatic');
  });

  it('counts automatic, and anything a client might invent, as a refresh', () => {
    expect(invokeTriggerOf({ trigger: 'automatic' })).toBe('automatic');
    expect(invokeTriggerOf({ trigger: 'Manual' })).toBe('automatic');
    expect(invokeTriggerOf({ trigger: 7 })).toBe('automatic');
  });

  it('counts a missing or malformed invoke value as a refresh', () => {
    expect(invokeTriggerOf(undefined)).toBe('automatic');
    expect(invokeTriggerOf('manual')).toBe('automatic');
    expect(invokeTriggerOf(null)).toBe('automatic');
  });
});
