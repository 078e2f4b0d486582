import { activityOf } from '../../../src/teams/messenger';
import { cardMessage } from '../../../src/ports/messenger';
import type { AdaptiveCard } from '../../../src/cards';

const card: AdaptiveCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'hello' }],
} as AdaptiveCard;

describe('Messenger messages as Bot Framework activities', () => {
  it('a card is one Adaptive Card attachment, with its notification preview when it has one', () => {
    expect(activityOf(cardMessage(card, 'Approval needed'))).toEqual({
      type: 'message',
      attachmentLayout: 'list',
      inputHint: 'acceptingInput',
      summary: 'Approval needed',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    });
    expect(activityOf(cardMessage(card))).not.toHaveProperty('summary');
  });

  it('text keeps its format when one is given', () => {
    expect(activityOf({ kind: 'text', text: 'Declined.', textFormat: 'plain' })).toEqual({
      type: 'message',
      text: 'Declined.',
      textFormat: 'plain',
    });
    expect(activityOf({ kind: 'text', text: '3 requests already waiting' })).toEqual({
      type: 'message',
      text: '3 requests already waiting',
      inputHint: 'acceptingInput',
    });
  });
});
