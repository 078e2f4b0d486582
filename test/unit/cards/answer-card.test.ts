import { buildAnswerCard, canAddNote } from '../../../src/cards/answer-card';
import { signCardData, validateCard } from '../../../src/cards';
import { KEY, USER_ID, diagnosis, request } from './fixtures';

const words = (card: unknown): string => JSON.stringify(card);

describe('the answer card', () => {
  it("offers a note for the admins on the person's own pending request, carrying only the signed id", () => {
    const r = request('pending', { justification: null });
    const card = buildAnswerCard({
      diagnosis: diagnosis(),
      step: { kind: 'admins_asked' },
      request: r,
      viewerAadObjectId: USER_ID,
      cardKey: KEY,
      signInUrl: null,
    });
    expect(validateCard(card).issues).toEqual([]);
    const send = (card.actions ?? []).find((a) => (a as { verb?: string }).verb === 'sendToAdmins');
    expect(send).toMatchObject({ data: signCardData(r.id, KEY) });
    expect(words(card)).toContain('"id":"justification"');
    expect(words(card)).toContain('The admins have been asked');
  });

  it("no note once one was given, for someone else's request, or when the admins need not act", () => {
    const withNote = request('pending');
    expect(canAddNote(withNote, USER_ID)).toBe(false);
    const open = request('pending', { justification: null });
    expect(canAddNote(open, 'someone-else')).toBe(false);
    const card = buildAnswerCard({
      diagnosis: diagnosis(),
      step: { kind: 'self_fix', how: 'sign in again.' },
      request: open,
      viewerAadObjectId: USER_ID,
      cardKey: KEY,
      signInUrl: null,
    });
    expect(words(card)).not.toContain('sendToAdmins');
  });

  it('carries the notes of the moment of asking, and a card built without them has none', () => {
    const input = {
      diagnosis: diagnosis(),
      step: { kind: 'admins_asked' } as const,
      request: request('pending'),
      viewerAadObjectId: USER_ID,
      cardKey: KEY,
      signInUrl: null,
    };
    const note = 'Someone else already asked the admins for the same fix, so I added you to their request.';
    const card = buildAnswerCard({ ...input, notes: [note] });
    expect(validateCard(card).issues).toEqual([]);
    expect(words(card)).toContain(note);
    expect(words(buildAnswerCard(input))).not.toContain(note);
  });

  it('says approvals are not set up while the request waits without a channel', () => {
    const card = buildAnswerCard({
      diagnosis: diagnosis(),
      step: { kind: 'not_set_up' },
      request: request('pending', { justification: null }),
      viewerAadObjectId: USER_ID,
      cardKey: KEY,
      signInUrl: null,
    });
    expect(words(card)).toContain('Approvals are not set up yet');
  });
});
