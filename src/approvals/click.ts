/**
 * One Action.Execute invoke on the admin card, from untrusted card data to the reply for the
 * clicker: verify the MAC, load the request, authorise the clicker live in Graph (pending and
 * failed requests only), decide (decide-click.ts), act, and audit every manual click. Writes happen
 * only for manual Approve/Deny by an authorised approver on a pending (or failed) request; the slow part of an approval
 * (Graph writes, verification, card update, 1:1 messages) runs after the reply (in-flight.ts).
 */
import { verifyCardData, type CardDataCheck } from '../cards';
import { LIMITS, plain } from '../cards/text';
import { readApproverFacts } from '../graph/approver-facts';
import { authorizeApprover, type Authorization, type AuthorizeTarget } from '../requests/authorize';
import type { Remedy } from '../diagnosis/types';
import type { ApprovalRequest, ApprovalScope } from '../requests/model';
import { appInTenant } from '../requests/state-machine';
import { chooseRemedies, confirmItems, type ChoiceResult } from './choices';
import type { Services } from '../services';
import type { Versioned } from '../store';
import type { Actor } from './audit';
import {
  decideClick,
  ELSEWHERE_NOTE,
  needsAuthorization,
  plansOf,
  viewFor,
  type ApprovalVerb,
  type ClickDecision,
  type Trigger,
} from './decide-click';
import { auditorFor, denyRequest, runApproval, startApproval, type Approver, type ExecuteOptions } from './execute';
import { inFlightFor } from './in-flight';
import type { InvokeReply } from './invoke-response';
import type { ProactiveRoute } from './notify';
import { publishDecision } from './publish';
import { renderApproval } from './render';
import { channelIdOf, updateApprovalCard } from './approval-card-posting';
import type { SignInResult } from '../auth/approver-token';
import { delegatedWriter, type DelegatedWriter } from '../auth/delegated-graph';

export interface ClickInput {
  verb: ApprovalVerb;
  trigger: Trigger;
  /** action.data exactly as received: untrusted. */
  data: unknown;
  clicker: { aadObjectId: string | null; displayName: string | null };
  /** Where the click came from, for 1:1 messages to people the bot has not talked to yet. */
  route: Partial<ProactiveRoute> | null;
  /** The conversation the invoke came from (activity.conversation.id); null when Teams sent none. */
  conversationId: string | null;
  /**
   * APPROVAL_WRITES=delegated: gets the clicker's own Graph token (src/teams/auth/approver-sign-in.ts),
   * asked only once a click would approve. `answered`: the invoke already got a sign-in prompt.
   */
  signIn?: () => Promise<SignInResult>;
}

export const MESSAGES = {
  badCard: 'This card could not be verified, so nothing was done. Please use the latest card in the approvals channel.',
  unknownRequest: 'This request no longer exists, so nothing was done.',
  authUnavailable:
    'I could not check your permissions in Microsoft Entra ID just now, so nothing was changed. Please try again in a minute.',
  noIdentity:
    'Teams did not say who you are in Microsoft Entra ID, so I cannot check your permissions. Nothing was changed.',
  applying: 'Applying the change now. This card and the channel will show the result.',
  lost: 'Someone else decided this request first, so nothing was changed. This is where it stands now.',
  noSignIn:
    'Approvals are written with your own account, and your sign-in could not be used, so nothing was changed. Please try again.',
  otherAccount:
    'You signed in with another account than the one Teams says you use, so nothing was changed. Sign in with your own account and approve again.',
} as const;

function field(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null && Object.prototype.hasOwnProperty.call(data, key)
    ? (data as Record<string, unknown>)[key]
    : undefined;
}

/** The audit partition for refused card data: the claimed id when it is well-formed, else a fixed one. */
function claimedRequestId(data: unknown, failure: Extract<CardDataCheck, { ok: false }>['reason']): string {
  const id = field(data, 'requestId');
  return (failure === 'mac_mismatch' || failure === 'bad_mac_format') && typeof id === 'string'
    ? id
    : 'invalid-card-data';
}

/** Whether the click came from the channel holding the request's card (thread suffix ignored). */
function onApprovalCard(request: ApprovalRequest, conversationId: string | null): boolean {
  return (
    request.adminCard !== null &&
    conversationId !== null &&
    channelIdOf(conversationId) === channelIdOf(request.adminCard.conversationId)
  );
}

/** Live in Graph, on every click: the clicker's roles (and group, when configured) against this request. */
async function authorize(
  services: Services,
  aadObjectId: string | null,
  target: Omit<AuthorizeTarget, 'clickerId'>,
): Promise<Authorization> {
  if (!aadObjectId) return { allowed: false, reason: MESSAGES.noIdentity, code: 'no_identity' };
  const facts = await readApproverFacts(services.graph, aadObjectId, services.config.approverGroupId);
  return authorizeApprover(facts, { ...target, clickerId: aadObjectId });
}

/** The request as authorisation sees it: who it is for, and everything an approval of it may write. */
function targetOf(request: ApprovalRequest): Omit<AuthorizeTarget, 'clickerId'> {
  const plans = plansOf(request);
  return {
    people: [request.requester, ...request.linkedRequesters].map((p) => p.aadObjectId),
    remedies: [...plans.everyone, ...plans.user],
  };
}

/** What each plan would write with this click's card choices (confirmed scopes, picked role). */
function choicesOf(request: ApprovalRequest, data: unknown): Record<ApprovalScope, ChoiceResult> {
  const plans = plansOf(request);
  const items = confirmItems([plans.everyone, plans.user]);
  const appRoles = request.diagnosis.context?.appRoles ?? [];
  return {
    everyone: chooseRemedies({ plan: plans.everyone, items, data, appRoles }),
    user: chooseRemedies({ plan: plans.user, items, data, appRoles }),
  };
}

export async function handleApprovalClick(
  services: Services,
  input: ClickInput,
  options: ExecuteOptions = {},
): Promise<InvokeReply> {
  const manual = input.trigger === 'manual' && input.verb !== 'refreshApproval';
  const auditor = auditorFor(services);
  const actor: Actor = { aadObjectId: input.clicker.aadObjectId, displayName: input.clicker.displayName };
  const action = `click:${input.verb}`;

  const checked = verifyCardData(input.data, services.cardKey);
  if (!checked.ok) {
    if (manual)
      await auditor.record({
        requestId: claimedRequestId(input.data, checked.reason),
        actor,
        action,
        detail: `card data refused (${checked.reason}); nothing written`,
        result: 'refused',
      });
    return { kind: 'message', text: MESSAGES.badCard };
  }
  const read = await services.store.requests.get(checked.requestId);
  if (!read || read.value.tenantId !== services.tenantId) {
    if (manual)
      await auditor.record({
        requestId: checked.requestId,
        actor,
        action,
        detail: 'no such request; nothing written',
        result: 'refused',
      });
    return { kind: 'message', text: MESSAGES.unknownRequest };
  }

  let authorization: Authorization | null = null;
  if (needsAuthorization(read.value.state)) {
    // Outside the try: a request the code cannot read is a bug to report, not a Graph outage.
    const target = targetOf(read.value);
    try {
      authorization = await authorize(services, input.clicker.aadObjectId, target);
    } catch (err) {
      services.logger.warn({ err, requestId: read.value.id }, "could not read the clicker's roles");
      if (!manual) return { kind: 'card', card: renderApproval(read.value, services.cardKey, 'observer') };
      await auditor.record({
        requestId: read.value.id,
        actor,
        action,
        detail: 'permissions could not be read from Graph; nothing written',
        result: 'error',
      });
      return { kind: 'message', text: MESSAGES.authUnavailable };
    }
  }

  const decision = decideClick({
    state: read.value.state,
    verb: input.verb,
    trigger: input.trigger,
    authorization,
    plans: plansOf(read.value),
    denyReason: field(input.data, 'denyReason'),
    elsewhere: !onApprovalCard(read.value, input.conversationId),
    choices: choicesOf(read.value, input.data),
    appInTenant: appInTenant(read.value),
  });
  const approver: Approver = {
    aadObjectId: input.clicker.aadObjectId ?? '',
    displayName: plain(input.clicker.displayName ?? 'an approver', LIMITS.name) || 'an approver',
  };
  return act(services, {
    read,
    decision,
    manual,
    actor,
    action,
    approver,
    authorization,
    route: input.route,
    options,
    signIn: input.signIn,
  });
}

interface ActInput {
  read: Versioned<ApprovalRequest>;
  decision: ClickDecision;
  manual: boolean;
  actor: Actor;
  action: string;
  approver: Approver;
  authorization: Authorization | null;
  route: Partial<ProactiveRoute> | null;
  options: ExecuteOptions;
  signIn?: () => Promise<SignInResult>;
}

/**
 * Delegated mode: the clicker's own connection, or why there is none. The token must be the
 * clicker's: a sign-in with another account would write as someone the card never authorised.
 */
async function writerFor(
  services: Services,
  a: ActInput,
): Promise<{ writer: DelegatedWriter } | { reply: InvokeReply }> {
  const signedIn = a.signIn ? await a.signIn() : null;
  if (signedIn?.kind === 'answered') return { reply: { kind: 'answered' } };
  const auditor = auditorFor(services);
  if (!signedIn) {
    await auditor.record({
      requestId: a.read.value.id,
      actor: a.actor,
      action: a.action,
      detail: 'no sign-in available for a delegated approval; nothing written',
      result: 'refused',
    });
    return { reply: { kind: 'message', text: MESSAGES.noSignIn } };
  }
  if (!signedIn.approver.objectId || signedIn.approver.objectId !== a.approver.aadObjectId.toLowerCase()) {
    await auditor.record({
      requestId: a.read.value.id,
      actor: a.actor,
      action: a.action,
      detail: `signed in as ${signedIn.approver.userPrincipalName ?? signedIn.approver.objectId ?? 'an unknown account'}, not as the clicker; nothing written`,
      result: 'refused',
    });
    return { reply: { kind: 'message', text: MESSAGES.otherAccount } };
  }
  return { writer: delegatedWriter(signedIn.approver, services.graph.versionRoot) };
}

async function act(services: Services, a: ActInput): Promise<InvokeReply> {
  const auditor = auditorFor(services);
  const request = a.read.value;
  const card = (
    r: ApprovalRequest,
    view: 'approver' | 'observer',
    note: string | null,
    tone: 'info' | 'warning' = 'info',
  ): InvokeReply => ({
    kind: 'card',
    card: renderApproval(r, services.cardKey, view, note ? { text: note, tone } : null),
  });
  const basis = a.authorization?.allowed ? ` (as ${a.authorization.basis})` : '';

  switch (a.decision.kind) {
    case 'render':
      if (a.manual) {
        const where = a.decision.note === ELSEWHERE_NOTE ? ' outside the approvals channel' : '';
        await auditor.record({
          requestId: request.id,
          actor: a.actor,
          action: a.action,
          detail: `clicked${where} on a ${request.state} request; nothing written`,
          result: 'refused',
        });
      }
      return card(request, a.decision.view, a.decision.note);
    case 'refuse':
      await auditor.record({
        requestId: request.id,
        actor: a.actor,
        action: a.action,
        detail: `not authorised: ${a.decision.reason} Nothing written.`,
        result: 'refused',
      });
      return card(request, 'observer', `${a.decision.reason} Nothing was changed.`, 'warning');
    case 'invalid':
      await auditor.record({
        requestId: request.id,
        actor: a.actor,
        action: a.action,
        detail: `${a.decision.message} Nothing written.`,
        result: 'refused',
      });
      return card(request, 'approver', a.decision.message, 'warning');
    case 'approve': {
      const scope = a.decision.scope;
      let writer: DelegatedWriter | undefined;
      if (services.config.approvals.writes === 'delegated') {
        const got = await writerFor(services, a);
        if ('reply' in got) return got.reply;
        writer = got.writer;
      }
      // Audited (required) before any Graph write; if storage fails there the writes are not started
      // (the request keeps its decision, and the start-up reconciler completes it).
      const detail = `approve for ${scope === 'everyone' ? 'everyone' : request.requester.displayName + ' only'}${basis}${writer ? `, writing as ${writer.approver.userPrincipalName ?? writer.approver.objectId ?? 'the approver'}` : ''}; writes: ${describeWrites(a.decision.remedies)}`;
      const started = await startApproval(services, a.read, a.approver, scope, a.decision.remedies, {
        actor: a.actor,
        action: a.action,
        detail,
        result: 'ok',
      });
      if (!started.ok) return lost(services, a, started.current);
      const versioned = { value: started.request, etag: started.etag };
      inFlightFor(services).start(`approve ${request.id}`, async () => {
        await updateApprovalCard(services, started.request).catch((err: unknown) =>
          services.logger.warn({ err, requestId: request.id }, 'could not show "being applied" on the channel card'),
        );
        const run = await runApproval(services, versioned, { ...a.options, ...(writer ? { writer } : {}) });
        if (run.ownsResult)
          await publishDecision(services, run.request, { route: a.route, linkedVerified: run.linkedVerified });
      });
      return card(started.request, 'approver', MESSAGES.applying);
    }
    case 'deny': {
      const denied = await denyRequest(services, a.read, a.approver, a.decision.reason, {
        actor: a.actor,
        action: a.action,
        detail: `deny${basis}: ${a.decision.reason}`,
        result: 'ok',
      });
      if (!denied.ok) return lost(services, a, denied.current);
      inFlightFor(services).start(`deny ${request.id}`, () =>
        publishDecision(services, denied.request, { route: a.route }),
      );
      return card(denied.request, 'approver', null);
    }
  }
}

async function lost(services: Services, a: ActInput, current: Versioned<ApprovalRequest> | null): Promise<InvokeReply> {
  const now = current?.value ?? a.read.value;
  await auditorFor(services).record({
    requestId: now.id,
    actor: a.actor,
    action: a.action,
    detail: `another decision came first (now ${now.state}); nothing written`,
    result: 'refused',
  });
  return {
    kind: 'card',
    card: renderApproval(now, services.cardKey, viewFor(a.authorization), { text: MESSAGES.lost, tone: 'info' }),
  };
}

/** One line for the audit trail: exactly what this approval writes. */
function describeWrites(remedies: readonly Remedy[]): string {
  return (
    remedies
      .map((r) => {
        switch (r.kind) {
          case 'grant_delegated':
            return `grant ${r.consentType} on ${r.resourceAppId}: ${r.scopes.join(' ')}`;
          case 'assign_user':
            return `assign ${r.userId} to role ${r.appRoleId}`;
          case 'create_service_principal':
            return `add enterprise app ${r.appId}`;
          default:
            return r.kind;
        }
      })
      .join('; ') || 'nothing'
  );
}
