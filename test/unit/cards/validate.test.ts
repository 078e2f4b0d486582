import { parseWithAdaptiveCards } from './official-parser';
import type { AdaptiveCard } from '../../../src/cards/types';
import { validateCard } from '../../../src/cards/validate';

const REF = { requestId: 'r1', mac: 'v1.x' };

function card(extra: Partial<AdaptiveCard> = {}): AdaptiveCard {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'hello' }], ...extra };
}

function messages(c: unknown): string[] {
  return validateCard(c).issues.map((i) => i.message);
}

describe('validateCard', () => {
  test('a minimal card passes', () => {
    expect(validateCard(card())).toMatchObject({ ok: true, issues: [] });
  });

  test('wrong version or not a card', () => {
    expect(messages(card({ version: '1.6' }))).toEqual(['version must be "1.5"']);
    expect(messages({ type: 'Foo' })).toEqual(['not an AdaptiveCard']);
    expect(messages(null)).toEqual(['not an AdaptiveCard']);
  });

  test('Action.Execute needs a verb (the official parser does not notice)', () => {
    const c = card({ actions: [{ type: 'Action.Execute', title: 'x', data: REF }] });
    expect(messages(c)).toEqual(['Action.Execute needs a non-empty verb']);
    expect(parseWithAdaptiveCards(c).errors).toEqual([]);
  });

  test('admin verbs carry nothing but requestId and mac', () => {
    expect(
      messages(
        card({ actions: [{ type: 'Action.Execute', verb: 'approveAll', data: { ...REF, scope: 'everyone' } }] }),
      ),
    ).toEqual(['"scope" is not allowed in approveAll data']);
    expect(messages(card({ actions: [{ type: 'Action.Execute', verb: 'deny', data: { requestId: 'r1' } }] }))).toEqual([
      'deny data needs "mac"',
    ]);
    expect(
      messages(
        card({ actions: [{ type: 'Action.Execute', verb: 'approveUser', data: { requestId: 'r1', mac: { a: 1 } } }] }),
      ),
    ).toEqual(['data values must be non-empty bounded strings']);
    expect(messages(card({ actions: [{ type: 'Action.Execute', verb: 'deleteEverything', data: REF }] }))).toEqual([
      'unknown verb "deleteEverything"',
    ]);
  });

  test('ids must be unique, including inside ShowCard cards', () => {
    const c = card({
      body: [{ type: 'Input.Text', id: 'a' }],
      actions: [
        {
          type: 'Action.ShowCard',
          title: 's',
          card: { type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: 'a' }] },
        },
      ],
    });
    expect(messages(c)).toEqual([expect.stringContaining('duplicate id "a"')]);
  });

  test('template leftovers are found anywhere, including action data', () => {
    expect(messages(card({ body: [{ type: 'TextBlock', text: 'Hi ${name}' }] }))).toEqual([
      'unexpanded template expression "${"',
    ]);
    expect(messages(card({ body: [{ type: 'TextBlock', text: 'x', $when: 'true' }] }))).toEqual([
      'template directive left in card',
    ]);
    expect(
      messages(
        card({ actions: [{ type: 'Action.Execute', verb: 'withdraw', data: { requestId: '${id}', mac: 'm' } }] }),
      ),
    ).toEqual(['unexpanded template expression "${"']);
  });

  test('size limit', () => {
    const big = card({ body: [{ type: 'TextBlock', text: 'x'.repeat(30_000) }] });
    expect(messages(big)).toEqual([expect.stringContaining('over the 24000-byte limit')]);
    expect(validateCard(big, { maxBytes: 40_000 }).ok).toBe(true);
  });

  test('links must be https, Action.Submit is refused, required inputs need label and error message', () => {
    expect(messages(card({ actions: [{ type: 'Action.OpenUrl', url: 'javascript:alert(1)' }] }))).toEqual([
      'Action.OpenUrl needs an https url',
    ]);
    expect(messages(card({ actions: [{ type: 'Action.OpenUrl', url: 'http://example.com' }] }))).toEqual([
      'Action.OpenUrl needs an https url',
    ]);
    expect(messages(card({ actions: [{ type: 'Action.Submit', data: REF }] }))).toEqual([
      'use Action.Execute (Universal Actions), not Action.Submit',
    ]);
    expect(messages(card({ body: [{ type: 'Input.Text', id: 'r', isRequired: true }] }))).toEqual([
      'required input needs an errorMessage',
      'required input needs a label',
    ]);
  });

  test('TextBlock text must be a string (templating can bind numbers)', () => {
    expect(messages(card({ body: [{ type: 'TextBlock', text: 5 }] }))).toEqual([
      'TextBlock text must be a non-empty string',
    ]);
  });

  test('refresh: Action.Execute with allowed data and at most 60 user ids', () => {
    const action = { type: 'Action.Execute', verb: 'refreshApproval', data: REF };
    expect(validateCard(card({ refresh: { action, userIds: ['29:a'] } })).ok).toBe(true);
    expect(messages(card({ refresh: { action, userIds: Array.from({ length: 61 }, (_, i) => `29:${i}`) } }))).toEqual([
      'at most 60 userIds',
    ]);
    expect(messages(card({ refresh: { action: { type: 'Action.Submit' } } }))).toEqual([
      'refresh.action must be an Action.Execute',
    ]);
  });
});

describe('official parser wrapper', () => {
  test('reports unknown elements and duplicate ids as errors', () => {
    const report = parseWithAdaptiveCards(
      card({ body: [{ type: 'Frobnicator' }, { type: 'Input.Text', id: 'a' }, { type: 'Input.Text', id: 'a' }] }),
    );
    expect(report.errors.map((e) => e.event)).toEqual(['UnknownElementType', 'DuplicateId']);
  });
});
