/**
 * JSON shapes shared by the card builders. Cards are plain JSON (what Teams receives), so the types
 * describe JSON rather than the adaptivecards object model.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An expanded Adaptive Card, ready to be sent as an attachment. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: Json[];
  actions?: Json[];
  refresh?: JsonObject;
  [key: string]: Json | undefined;
}

/** The only data an admin action carries (docs/architecture.md#approval-model). */
export interface CardDataRef {
  requestId: string;
  mac: string;
}

/** The MIME type a card is attached with. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
