/**
 * Which kind of failure ended a turn, and the kind words the person gets for it with the
 * correlation id (never a stack trace or an internal message). Pure.
 */
import { GraphAuthError, GraphError, GraphForbiddenError, GraphUnavailableError } from '../../graph/errors';
import { StoreError } from '../../store/errors';

export type FailureKind = 'graph_unavailable' | 'graph_config' | 'storage' | 'unexpected';

export function classifyFailure(err: unknown): FailureKind {
  if (err instanceof GraphUnavailableError) return 'graph_unavailable';
  if (err instanceof GraphAuthError || err instanceof GraphForbiddenError) return 'graph_config';
  if (err instanceof GraphError)
    return err.status === 0 || err.status >= 500 || err.status === 429 ? 'graph_unavailable' : 'unexpected';
  if (err instanceof StoreError) return 'storage';
  // Azure SDK errors reaching a turn come from storage (e.g. the turn-state container); Graph has its own.
  if (err instanceof Error && err.name === 'RestError') return 'storage';
  return 'unexpected';
}

const WORDS: Record<FailureKind, string> = {
  graph_unavailable:
    'I could not reach Microsoft Entra ID just now (it is busy or temporarily unavailable), so I could not check your account. Please try again in a few minutes.',
  graph_config:
    'I am not allowed to read what I need from Microsoft Entra ID, so I could not check your account. Your IT team needs to look at my permissions.',
  storage: 'I could not reach my storage just now, so nothing was saved. Please try again in a few minutes.',
  unexpected: 'Something went wrong on my side, and nothing was saved. Please try again in a few minutes.',
};

export function failureText(kind: FailureKind, correlationId: string): string {
  return `Sorry! ${WORDS[kind]} If it keeps happening, give your IT helpdesk this reference: ${correlationId}`;
}
