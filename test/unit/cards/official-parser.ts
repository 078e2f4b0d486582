/**
 * Parses a card with Microsoft's adaptivecards package (the renderer Teams' web client is built on),
 * reporting its parse and validation events. A devDependency used only by the tests, so it lives
 * beside them.
 */
import * as AC from 'adaptivecards/dist/adaptivecards.js';

export interface ParserEvent {
  phase: 'parse' | 'validation';
  event: string;
  message: string;
}

export interface ParseReport {
  errors: ParserEvent[];
  warnings: ParserEvent[];
}

// Events that only inform; everything else means Teams may drop or misrender part of the card.
const HINTS = new Set<number>([AC.ValidationEvent.Hint, AC.ValidationEvent.Deprecated]);

export function parseWithAdaptiveCards(card: object): ParseReport {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events: Array<{ phase: ParserEvent['phase']; event: number; message: string }> = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push({ phase: 'parse', event: e.event, message: e.message });
  }
  for (const e of parsed.validateProperties().validationEvents) {
    events.push({ phase: 'validation', event: e.event, message: e.message });
  }
  const report: ParseReport = { errors: [], warnings: [] };
  for (const e of events) {
    const entry: ParserEvent = {
      phase: e.phase,
      event: AC.ValidationEvent[e.event] ?? String(e.event),
      message: e.message,
    };
    (HINTS.has(e.event) ? report.warnings : report.errors).push(entry);
  }
  return report;
}
