/** A request's history for admins: every decision, who, when, and the Graph request-id. */
import type { ApprovalRequest, AuditEntry } from '../requests/model';
import { STATE_LABELS } from './approval-status';
import { expandTemplate } from './render';
import { CARD_MAX_BYTES, fitToSize } from './size';
import template from './templates/audit.json';
import { LIMITS, cardDate, md, plainDate } from './text';
import type { AdaptiveCard } from './types';

const RESULT_COLOR = { ok: 'Default', refused: 'Warning', error: 'Attention' } as const;

function entryData(e: AuditEntry) {
  const actor = md(e.actor.displayName ?? e.actor.aadObjectId ?? 'the bot', LIMITS.name);
  const graph = e.graphRequestId ? ` Graph request-id ${md(e.graphRequestId, 64)}.` : '';
  return {
    headline: `${cardDate(e.at)}: ${md(e.action, LIMITS.label)} by ${actor} (${e.result})`,
    detail: `${md(e.detail || 'no detail', LIMITS.justification)}${graph}`,
    color: RESULT_COLOR[e.result],
  };
}

export function auditCard(
  request: ApprovalRequest,
  entries: AuditEntry[],
  maxBytes: number = CARD_MAX_BYTES,
): AdaptiveCard {
  const ordered = [...entries].sort((a, b) => a.at.localeCompare(b.at));
  const facts = [
    { title: 'Request', value: md(request.id, 64) },
    { title: 'State', value: STATE_LABELS[request.state].label },
    { title: 'Requester', value: md(request.requester.displayName, LIMITS.name) },
    { title: 'App ID', value: md(request.appId, 64) },
    { title: 'Created', value: plainDate(request.createdAt) },
  ];
  // Newest entries matter most; when the history is long, the oldest ones are left out.
  const build = (n: number): AdaptiveCard => {
    const shown = n === 0 ? [] : ordered.slice(-n);
    const hidden = ordered.length - shown.length;
    return expandTemplate(template, {
      title: `History: ${md(request.appDisplayName, LIMITS.name)}`,
      facts,
      hasHidden: hidden > 0,
      hiddenText: `${hidden} earlier ${hidden === 1 ? 'entry is' : 'entries are'} not shown; the audit table keeps them all.`,
      isEmpty: ordered.length === 0,
      entries: shown.map(entryData),
    });
  };
  return fitToSize(build, maxBytes, ordered.length).value;
}
