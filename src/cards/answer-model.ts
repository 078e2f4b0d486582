/** Diagnosis (+ the request, if one exists) -> the user's answer card view model. Pure. */
import type { Diagnosis, Severity } from '../diagnosis/types';
import type { NextStep } from '../requests/next-step';
import type { CardDataRef } from './types';
import type { UserFacingState } from './user-state';

export interface AnswerViewModel {
  app: { displayName: string; appId: string | null; publisherName: string | null };
  /** User-facing summaries, blockers first. */
  findings: Array<{ severity: Severity; text: string }>;
  nextStep: NextStep;
  status: UserFacingState;
  /** The request's signed reference; null before a request exists. */
  ref: CardDataRef | null;
  /** The admin's reason, when denied. */
  reason: string | null;
  /** Local mode: where "Try signing in" goes (the app's sign-in or consent URL). */
  signInUrl: string | null;
  /** Once approved: what changed, in the person's words (replaces the old blockers). */
  changes?: string[];
  /** The viewer's own request waits without a note: the card offers one ("Send to admins"). */
  noteInvited?: boolean;
  /** What just happened to the request (linked, reused, not posted...): the bot's own sentences, markdown. */
  notes?: string[];
}

export interface AnswerOptions {
  request: { state: UserFacingState; ref: CardDataRef | null; reason?: string | null } | null;
  /** Decided once for every flow (src/requests/next-step.ts). */
  nextStep: NextStep;
  publisherName?: string | null;
  signInUrl?: string | null;
  changes?: string[];
  noteInvited?: boolean;
  notes?: string[];
}

const ORDER: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };

export function toAnswerViewModel(d: Diagnosis, options: AnswerOptions): AnswerViewModel {
  const findings = [...d.findings]
    .filter((f) => f.code !== 'NO_PROBLEM_FOUND' || d.findings.length === 1)
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity])
    .map((f) => ({ severity: f.severity, text: f.summary }));
  return {
    app: {
      displayName: d.app?.displayName ?? 'this app',
      appId: d.app?.appId ?? null,
      publisherName: options.publisherName ?? null,
    },
    findings,
    nextStep: options.nextStep,
    status: options.request?.state ?? 'new',
    ref: options.request?.ref ?? null,
    reason: options.request?.reason ?? null,
    signInUrl: options.signInUrl ?? null,
    ...(options.changes ? { changes: options.changes } : {}),
    ...(options.noteInvited ? { noteInvited: true } : {}),
    ...(options.notes?.length ? { notes: options.notes } : {}),
  };
}
