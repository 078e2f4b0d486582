/**
 * What a click on an approval card is answered with (src/teams/invoke-reply.ts sends it): the card
 * as it now reads for the clicker, a short message, or nothing more when the invoke already has its
 * response (a sign-in prompt from teams-ai).
 */
import type { AdaptiveCard } from '../cards';

export type InvokeReply =
  { kind: 'card'; card: AdaptiveCard } | { kind: 'message'; text: string } | { kind: 'answered' };
