/**
 * HTTP edge (restify): POST /api/messages through teams-ai's TeamsAdapter, GET /healthz.
 * Kept thin, like the rest of src/teams/: a move to another bot SDK touches that folder only.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { ActivityEventNames, ActivityTypes, INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
// Deep imports: the package index also loads teams-ai's AI stack (openai, tokenizers, ~36 MB)
// that this bot never uses.
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import { createLocalAdapter, createProductionAdapter } from './bot-auth';
import type { Config } from '../config';
import type { Bot, TurnOutcome } from './bot';
import { checkHealth, type HealthDeps } from '../health';
import type { Logger } from '../logger';
import { setTurnLogger } from './turn-logger';
import { activityTenantId } from './tenant-guard';
import { correlationIdFor } from './handlers/failures';
import { classifyFailure, failureText } from './handlers/failure-text';
import { readActivityBody } from '../limits/activity-body';
import { discardRest } from '../limits/discard-rest';
import { withGraphBudget } from '../limits/graph-budget';
import { refusalLogFor, shortId } from '../limits/refusal-log';

/** MAX_ACTIVITY_BYTES' default (src/config.ts explains the size). */
const DEFAULT_MAX_ACTIVITY_BYTES = 256 * 1024;

/**
 * Local mode passes no app id at all: botbuilder then skips JWT validation both ways, which is
 * what the Teams App Test Tool expects. Production always has an id and a credential (config.ts)
 * and authenticates both directions (src/teams/bot-auth.ts).
 */
export function createAdapter(config: Config, logger: Logger): TeamsAdapter {
  // Created first so the adapter's refusals are sampled at the configured rate.
  refusalLogFor(logger, config.limits.logRefusalsPerMinute);
  const adapter = config.mode === 'local' ? createLocalAdapter(logger) : createProductionAdapter(config, logger);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // The same reference in the log and in the reply, so a helpdesk can find this failure.
    // A proactive send (card, digest, message to a person) has nobody to apologise to: botbuilder routes
    // its failure here, and replying would post "Sorry!" into the channel. Its caller gets the error instead.
    if (isProactive(context)) throw error;
    const correlationId = correlationIdFor(context);
    const kind = classifyFailure(error);
    logger.error(
      {
        err: error,
        correlationId,
        failure: kind,
        activityId: context.activity.id,
        conversationId: context.activity.conversation?.id,
      },
      'turn failed',
    );
    // Invokes expect an invoke response, not a message: a card click gets the words as its answer
    // (otherwise the channel shows a bare error); other invokes are left to botbuilder.
    if (context.activity.type === ActivityTypes.Invoke) {
      if (context.activity.name !== 'adaptiveCard/action' || context.turnState.get(INVOKE_RESPONSE_KEY)) return;
      try {
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: {
            status: 200,
            body: {
              statusCode: 200,
              type: 'application/vnd.microsoft.activity.message',
              value: failureText(kind, correlationId),
            },
          },
        });
      } catch (sendError) {
        logger.error({ err: sendError }, 'could not answer the failed invoke');
      }
      return;
    }
    try {
      await context.sendActivity(failureText(kind, correlationId));
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not send the error reply');
    }
  };
  return adapter;
}

/** The event botbuilder makes up for continueConversationAsync / createConversationAsync (no person sent it). */
function isProactive(context: TurnContext): boolean {
  const { type, name } = context.activity;
  return (
    type === ActivityTypes.Event &&
    (name === ActivityEventNames.ContinueConversation || name === ActivityEventNames.CreateConversation)
  );
}

export interface ServerDeps {
  config: Pick<Config, 'host' | 'port'> & {
    limits?: Pick<Config['limits'], 'maxActivityBytes' | 'graphReadsPerMessage'>;
  };
  adapter: TeamsAdapter;
  bot: Bot;
  health: HealthDeps;
  logger: Logger;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:3978 */
  url: string;
  port: number;
  /** Stop accepting connections, then wait for in-flight turns to finish. */
  close(): Promise<void>;
}

export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const { adapter, bot, logger } = deps;
  const server = restify.createServer({ name: 'consent-doctor' });
  // No bodyParser: it limits the compressed size only and inflates without bound (src/limits/activity-body.ts).
  const maxBytes = deps.config.limits?.maxActivityBytes ?? DEFAULT_MAX_ACTIVITY_BYTES;
  const refusals = refusalLogFor(logger);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    if (stopping) {
      res.send(503, { error: 'shutting_down' });
      discardRest(req, res);
      return;
    }
    const read = await readActivityBody(req, maxBytes);
    if (!read.ok) {
      const { status, reason } = read.refusal;
      refusals.refused(
        reason,
        {
          status,
          contentLength: shortId(req.headers['content-length']),
          contentEncoding: shortId(req.headers['content-encoding']),
        },
        'refused a request body',
      );
      res.send(status, { error: reason });
      // The sender may still be writing: drop the rest (bounded) so it reads this answer, not a reset.
      discardRest(req, res);
      return;
    }
    (req as restify.Request & { body: unknown }).body = read.body;
    const turn = adapter.process(req, res, (context) =>
      runTurn(context, bot, logger, deps.config.limits?.graphReadsPerMessage),
    );
    inFlight.add(turn);
    try {
      await turn;
    } catch (err) {
      logger.error({ err }, 'could not process /api/messages');
      if (!res.headersSent) res.send(500);
    } finally {
      inFlight.delete(turn);
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const report = await checkHealth(deps.health, stopping);
    res.send(report.status === 'ok' ? 200 : 503, report);
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(deps.config.port, deps.config.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: async () => {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      // Idle keep-alive sockets would otherwise hold close() open; busy ones finish their turn.
      server.server.closeIdleConnections();
      await Promise.allSettled([...inFlight]);
      server.server.closeAllConnections();
      await closed;
    },
  };
}

/** One log line per turn, with the ids needed to correlate it with Teams and our own logs. */
async function runTurn(context: TurnContext, bot: Bot, logger: Logger, graphBudget?: number): Promise<void> {
  const activity = context.activity;
  const log = logger.child({
    turnId: randomUUID(),
    activityId: activity.id,
    conversationId: activity.conversation?.id,
    tenantId: activityTenantId(activity),
    userAadObjectId: activity.from?.aadObjectId,
  });
  setTurnLogger(context, log);
  const started = process.hrtime.bigint();
  let outcome: TurnOutcome | 'error' = 'error';
  try {
    // A message's Graph reads are budgeted (src/limits/graph-budget.ts); card clicks, which may
    // approve and write, are not.
    outcome =
      graphBudget !== undefined && activity.type === ActivityTypes.Message
        ? await withGraphBudget(graphBudget, () => bot.handleTurn(context))
        : await bot.handleTurn(context);
  } finally {
    const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    log.info(
      {
        type: activity.type,
        name: activity.name,
        conversationType: activity.conversation?.conversationType,
        outcome,
        durationMs,
      },
      'turn',
    );
  }
}
