/**
 * The approval card as one person sees it in an invoke response: the approver or observer view of
 * the request's current state, optionally with a line on top saying why nothing happened.
 */
import { approvalCard, signCardData, toApprovalViewModel, type AdaptiveCard, type ApprovalCardNote } from '../cards';
import type { ApprovalRequest } from '../requests/model';
import type { CardView } from './decide-click';

export function renderApproval(
  request: ApprovalRequest,
  cardKey: Buffer,
  view: CardView,
  note: ApprovalCardNote | null = null,
): AdaptiveCard {
  return approvalCard(toApprovalViewModel(request, signCardData(request.id, cardKey)), view, note);
}
