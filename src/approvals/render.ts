/**
 * The approval card as one person sees it in an invoke response: the approver or observer view of
 * the request's current state, optionally with a line on top saying why nothing happened.
 */
import { approvalCard, signCardData, toApprovalViewModel, type AdaptiveCard } from '../cards';
import { md } from '../cards/text';
import type { ApprovalRequest } from '../requests/model';
import type { CardView } from './decide-click';

export type NoteTone = 'info' | 'warning';

export function renderApproval(
  request: ApprovalRequest,
  cardKey: Buffer,
  view: CardView,
  note: { text: string; tone: NoteTone } | null = null,
): AdaptiveCard {
  const card = approvalCard(toApprovalViewModel(request, signCardData(request.id, cardKey)), view);
  return note ? withNote(card, note.text, note.tone) : card;
}

/** Prepends one line of (escaped) text to a card's body. */
function withNote(card: AdaptiveCard, text: string, tone: NoteTone): AdaptiveCard {
  const line = {
    type: 'TextBlock',
    text: md(text, 600),
    wrap: true,
    weight: 'Bolder',
    color: tone === 'warning' ? 'Attention' : 'Accent',
  };
  return { ...card, body: [line, ...card.body] };
}
