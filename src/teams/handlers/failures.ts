/**
 * When a turn fails (Graph down or throttled beyond retries, storage unreachable, a bug), the person
 * gets a kind message with a correlation id that is also in the logs; never a stack trace or an
 * internal message. This file does the turn's part (correlation id, log line, reply); which failure
 * it was and the words for it are decided in failure-text.ts (pure).
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { classifyFailure, failureText } from './failure-text';
import type { Logger } from '../../logger';
import { LimitReachedError, limitText } from '../../limits/limit-text';
import { spentGraphBudget } from '../../limits/graph-budget';
import { refusalLogFor } from '../../limits/refusal-log';

/** The activity id when Teams gave one (it is what Teams' own logs show), else a fresh id. */
export function correlationIdFor(context: TurnContext): string {
  const id = context.activity?.id;
  return typeof id === 'string' && /^[A-Za-z0-9:._-]{1,128}$/.test(id) ? id : randomUUID();
}

/** Logs the failure with its correlation id and returns the words for the person. */
export function describeFailure(err: unknown, context: TurnContext, logger: Logger, what: string): string {
  // A limit is not a failure: one sampled line, and the plain words about the limit.
  if (err instanceof LimitReachedError) {
    refusalLogFor(logger).refused(`limit_${err.hit.kind}_${err.hit.scope}`, {
      userAadObjectId: context.activity?.from?.aadObjectId,
      limit: err.hit.limit,
    });
    return err.text;
  }
  const spent = spentGraphBudget();
  if (spent) {
    refusalLogFor(logger).refused('limit_graph_reads', {
      userAadObjectId: context.activity?.from?.aadObjectId,
      limit: spent.limit,
    });
    return limitText({ kind: 'graph_reads', scope: 'user', limit: spent.limit, retryAfterSeconds: 0 });
  }
  const correlationId = correlationIdFor(context);
  const kind = classifyFailure(err);
  logger.error({ err, correlationId, failure: kind, activityType: context.activity?.type }, `${what} failed`);
  return failureText(kind, correlationId);
}

/** Runs a turn's work; on failure sends the friendly text instead (invokes answer with it elsewhere). */
export async function runSafely(
  context: TurnContext,
  logger: Logger,
  what: string,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    const text = describeFailure(err, context, logger, what);
    try {
      await context.sendActivity(text);
    } catch (sendErr) {
      logger.error({ err: sendErr }, 'could not tell the user about a failure');
    }
  }
}
