/**
 * Carrying out an approval (docs/architecture.md#approval-model):
 *   compare-and-set pending -> approving (only one click, admin or replica wins; src/requests/transition-path.ts);
 *   the remedies in order, each idempotent, each write audited with its Graph request-id;
 *   on a failure: approving -> failed with the Graph error code and what was already done (an
 *   approver can click Approve again: failed -> approving, the idempotent remedies skip what is in place);
 *   else diagnose the requester again (with re-checks for replication lag) -> approved, verified or not.
 * Deny is a single compare-and-set pending -> denied with the reason.
 */
import type { Remedy } from '../diagnosis/types';
import { applyRemedy } from '../graph/remedies';
import { GraphError, RemedyError } from '../graph/errors';
import type { RemedyTransport } from '../graph/remedies-http';
import type { DelegatedWriter } from '../auth/delegated-graph';
import type { ApprovalRequest, ApprovalScope } from '../requests/model';
import type { ChangeAudit } from '../requests/row-change';
import { remediesFor } from '../requests/state-machine';
import type { Services } from '../services';
import type { Versioned } from '../store';
import { Auditor, type Actor } from './audit';
import { completedOutcome, failedOutcome, stepFromResult, type OutcomeStep, type StepFailure } from './outcome';
import { transition, type TransitionResult } from '../requests/transition-path';
import { transitionPortsFor } from '../requests/transition-ports';
import { diagnoseFor, verifyUser, type VerifyOptions, type VerifyResult } from './verify';

export interface Approver {
  aadObjectId: string;
  displayName: string;
}

export interface ExecuteOptions {
  verify?: VerifyOptions;
  /**
   * APPROVAL_WRITES=delegated: the approving admin's own Graph connection for this click's writes.
   * Absent in delegated mode (the reconciler after a restart): nothing is written, only read and
   * verified; what is still missing ends as failed NOT_WRITTEN.
   */
  writer?: DelegatedWriter;
}

/** A delegated approval without the approver's token (after a restart) finds a write still missing. */
export const NOT_WRITTEN: StepFailure = {
  code: 'NOT_WRITTEN',
  status: 0,
  requestId: null,
  message:
    "The change was not written before the bot stopped, and without the approver's own sign-in the bot writes nothing: click Approve again on the card to write it.",
};

/** Whose connection carries the remedies: the bot's (app mode), the approver's, or none (reads only). */
function remedyConnection(
  services: Services,
  writer: DelegatedWriter | undefined,
): { conn: RemedyTransport; readOnly: boolean; as: string } {
  if (services.config.approvals.writes === 'app')
    return { conn: services.graph, readOnly: false, as: "the bot's application permissions" };
  if (!writer) return { conn: services.graph, readOnly: true, as: 'nobody (read only)' };
  return {
    conn: { ...writer.transport, actingAs: 'user' },
    readOnly: false,
    as: `${writer.approver.userPrincipalName ?? writer.approver.objectId ?? 'the approver'} (delegated)`,
  };
}

export interface ApprovalRun {
  /** The request as stored at the end (someone else's version when they finished it first). */
  request: ApprovalRequest;
  /** False when another worker completed the request first: it also publishes the result. */
  ownsResult: boolean;
  /** Linked requesters' fresh check (approvals for everyone only): true, false, or null = not checked. */
  linkedVerified: Map<string, boolean | null>;
}

export function auditorFor(services: Services): Auditor {
  return new Auditor(services.store, services.now, services.logger);
}

/**
 * `remedies`: the exact writes chosen at the click (choices.ts); they are stored with the decision.
 * `audit`: required, so no Graph write starts without its entry.
 */
export function startApproval(
  services: Services,
  read: Versioned<ApprovalRequest>,
  by: Approver,
  scope: ApprovalScope,
  remedies?: Remedy[],
  audit?: ChangeAudit,
): Promise<TransitionResult> {
  const event = {
    type: 'start_approval',
    by,
    scope,
    at: services.now().toISOString(),
    ...(remedies ? { remedies } : {}),
  } as const;
  return transition(transitionPortsFor(services), read, event, audit ? { audit: { ...audit, required: true } } : {});
}

export function denyRequest(
  services: Services,
  read: Versioned<ApprovalRequest>,
  by: Approver,
  reason: string,
  audit?: ChangeAudit,
): Promise<TransitionResult> {
  return transition(
    transitionPortsFor(services),
    read,
    { type: 'deny', by, reason, at: services.now().toISOString() },
    audit ? { audit } : {},
  );
}

function failureOf(err: unknown): StepFailure {
  if (err instanceof GraphError)
    return { code: err.code, status: err.status, message: err.message, requestId: err.requestId };
  return {
    code: 'internal_error',
    status: 0,
    message: 'an unexpected error in the bot (see its logs)',
    requestId: null,
  };
}

/** Applies the remedies of a request in `approving`; returns the steps and the failure that stopped them. */
async function applyAll(
  services: Services,
  request: ApprovalRequest,
  actor: Actor,
  writer?: DelegatedWriter,
): Promise<{ steps: OutcomeStep[]; failure: StepFailure | null }> {
  const auditor = auditorFor(services);
  const remedies = remediesFor(request, request.decision.scope ?? 'everyone');
  const steps: OutcomeStep[] = [];
  const done: string[] = [];
  const { conn, readOnly, as } = remedyConnection(services, writer);
  for (const remedy of remedies) {
    try {
      const result = await applyRemedy(conn, remedy, { dryRun: readOnly });
      if (result.status === 'done') services.graph.tenantReads?.invalidate();
      if (result.status === 'planned') {
        await auditor.record({
          requestId: request.id,
          actor,
          action: 'graph_write',
          detail: `${result.detail}: not written (no approver sign-in after a restart)`,
          graphRequestId: null,
          result: 'error',
        });
        return { steps, failure: NOT_WRITTEN };
      }
      steps.push(stepFromResult(remedy, result));
      if (result.status === 'done' || result.status === 'already_done') done.push(result.detail);
      await auditor.record({
        requestId: request.id,
        actor,
        action: result.status === 'done' ? 'graph_write' : `remedy_${result.status}`,
        detail: result.status === 'done' ? `${result.detail}, written as ${as}` : result.detail,
        graphRequestId: result.graphRequestId,
        result: 'ok',
      });
    } catch (err) {
      const failure = failureOf(err);
      if (!(err instanceof GraphError))
        services.logger.error({ err, requestId: request.id, remedy: remedy.kind }, 'remedy failed unexpectedly');
      if (err instanceof RemedyError) done.push(...err.done);
      await auditor.record({
        requestId: request.id,
        actor,
        action: 'graph_write',
        detail: `${remedy.kind} failed with ${failure.code}: ${failure.message} Already done: ${done.length > 0 ? done.join('; ') : 'nothing'}.`,
        graphRequestId: failure.requestId,
        result: 'error',
      });
      return { steps, failure };
    }
  }
  return { steps, failure: null };
}

async function verifyQuietly(
  services: Services,
  request: ApprovalRequest,
  userId: string,
  options: VerifyOptions | undefined,
  actor: Actor,
): Promise<VerifyResult | null> {
  const auditor = auditorFor(services);
  try {
    const result = await verifyUser(services.graph, request, userId, options);
    await auditor.record({
      requestId: request.id,
      actor,
      action: 'verify',
      detail: result.verified
        ? `fresh diagnosis of ${userId}: nothing fixable blocks any more (check ${result.attempts})`
        : `fresh diagnosis of ${userId} after ${result.attempts} checks still finds ${result.remaining.map((f) => f.code).join(', ')}`,
      result: result.verified ? 'ok' : 'error',
    });
    return result;
  } catch (err) {
    services.logger.warn({ err, requestId: request.id }, 'verification after approval failed');
    await auditor.record({
      requestId: request.id,
      actor,
      action: 'verify',
      detail: `could not diagnose ${userId} again: ${failureOf(err).code}`,
      result: 'error',
    });
    return null;
  }
}

/**
 * Runs the approval of a request that this worker moved to `approving` (or took over from a dead
 * one, src/approvals/reconcile.ts). Never throws for Graph failures: they end in `failed`.
 */
export async function runApproval(
  services: Services,
  started: Versioned<ApprovalRequest>,
  options: ExecuteOptions = {},
): Promise<ApprovalRun> {
  const request = started.value;
  const actor: Actor = request.decision.by ?? { aadObjectId: null, displayName: null };
  const linkedVerified = new Map<string, boolean | null>();
  const { steps, failure } = await applyAll(services, request, actor, options.writer);
  const at = () => services.now().toISOString();

  let result: TransitionResult;
  if (failure) {
    const outcome = failedOutcome(remediesFor(request, request.decision.scope ?? 'everyone'), steps, failure);
    const app = await appAfterCreation(services, request, steps);
    result = await transition(
      transitionPortsFor(services),
      started,
      { type: 'fail', outcome, at: at() },
      app ? { amend: (r) => withApp(r, app) } : {},
    );
  } else {
    const check = await verifyQuietly(services, request, request.requester.aadObjectId, options.verify, actor);
    if (request.decision.scope === 'everyone') {
      // Best effort, one check each: the requester's checks already waited out replication.
      for (const linked of request.linkedRequesters) {
        linkedVerified.set(
          linked.aadObjectId,
          (await verifyQuietly(services, request, linked.aadObjectId, { ...options.verify, delaysMs: [] }, actor))
            ?.verified ?? null,
        );
      }
    }
    const app = check?.app;
    const outcome = completedOutcome(steps, check?.verified ?? null);
    result = await transition(
      transitionPortsFor(services),
      started,
      { type: 'complete', outcome, at: at() },
      app ? { amend: (r) => withApp(r, app) } : {},
    );
  }
  if (result.ok) return { request: result.request, ownsResult: true, linkedVerified };
  services.logger.warn(
    { requestId: request.id, state: result.current?.value.state },
    'approval outcome not saved: the request changed meanwhile',
  );
  return { request: result.current?.value ?? request, ownsResult: false, linkedVerified };
}

type AppOfRequest = NonNullable<ApprovalRequest['diagnosis']['app']>;

/** The request with the app as Graph shows it now (a created service principal, its real name). */
function withApp(request: ApprovalRequest, app: AppOfRequest): ApprovalRequest {
  return { ...request, appDisplayName: app.displayName, diagnosis: { ...request.diagnosis, app } };
}

/** After a failure: when the app's service principal was created before it, the app as Graph shows it now, for the card (best effort). */
async function appAfterCreation(
  services: Services,
  request: ApprovalRequest,
  steps: readonly OutcomeStep[],
): Promise<AppOfRequest | null> {
  if (!steps.some((s) => s.remedy.kind === 'create_service_principal' && s.status === 'done')) return null;
  try {
    const fresh = await diagnoseFor(services.graph, request, request.requester.aadObjectId, services.now());
    return fresh.app;
  } catch (err) {
    services.logger.warn({ err, requestId: request.id }, 'could not read the new service principal back');
    return null;
  }
}
