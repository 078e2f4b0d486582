/**
 * Test helpers for the admins' side: requests created the way the chat flow creates them (a real
 * diagnosis against the simulator, stored, card posted to the admin channel), clicks over HTTP,
 * and readers for what the simulator and the fake Bot Connector saw.
 */
import { randomUUID } from 'node:crypto';
import { postApprovalCard } from '../../../src/approvals/approval-card-posting';
import { inFlightFor } from '../../../src/approvals/in-flight';
import { runDiagnosis } from '../../../src/diagnosis/run';
import type { ApprovalRequest } from '../../../src/requests/model';
import { newRequest } from '../../../src/requests/plan-request';
import type { User } from '../../../src/graph/types';
import type { RequestLogEntry } from '../../../sim/state';
import { teamsUserId, type AppHarness } from '../../helpers/app-harness';
import type { ConnectorCall } from '../../helpers/connector';
import { requesterOf } from '../../helpers/request-rows';

export interface CreateOptions {
  linked?: string[];
  justification?: string;
}

/** Diagnoses `who` for `appText`, stores a pending request and posts its card to the admin channel. */
export async function createRequest(
  h: AppHarness,
  who: string,
  appText: string,
  opts: CreateOptions = {},
): Promise<ApprovalRequest> {
  const user = h.user(who);
  const run = await runDiagnosis(h.services.graph, { tenantId: h.tenantId, userQuery: user.id, appText });
  if (run.status !== 'diagnosed') throw new Error(`diagnosis of ${who} for ${appText} did not settle on one app`);
  const base = newRequest({
    existing: [],
    diagnosis: run.diagnosis,
    requester: requesterOf(user),
    justification: opts.justification ?? 'Needed for the monthly report.',
    tenantId: h.tenantId,
    now: new Date(),
    newId: `req-${randomUUID()}`,
  });
  const request = { ...base, linkedRequesters: (opts.linked ?? []).map((w) => requesterOf(h.user(w))) };
  const etag = await h.store.requests.create(request);
  const posted = await postApprovalCard(h.services, request);
  if (!posted.adminCard) throw new Error('the approval card was not posted (admin channel not set up?)');
  await h.store.requests.replace(posted, etag);
  return posted;
}

export async function stored(h: AppHarness, id: string): Promise<ApprovalRequest> {
  const row = await h.store.requests.get(id);
  if (!row) throw new Error(`request ${id} is not stored`);
  return row.value;
}

/** Waits for approvals and notifications started by clicks to finish (no timers involved). */
export function settle(h: AppHarness): Promise<void> {
  return inFlightFor(h.services).idle();
}

export interface InvokeAnswer {
  statusCode: number;
  type: string;
  value: unknown;
}

export function invokeAnswer(res: { status: number; json: unknown }): InvokeAnswer {
  if (res.status !== 200) throw new Error(`invoke answered HTTP ${res.status}`);
  return res.json as InvokeAnswer;
}

/** All text in a card (TextBlocks and FactSets), for assertions on what a person reads. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      if (typeof o.title === 'string') out.push(o.title);
      if (typeof o.value === 'string') out.push(o.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n').replace(/\\/g, '');
}

/** Action.Execute verbs a card offers. */
export function verbsOf(card: unknown): string[] {
  const verbs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && typeof o.verb === 'string') verbs.push(o.verb);
      Object.entries(o).forEach(([k, v]) => {
        if (k !== 'refresh') walk(v);
      });
    }
  };
  walk(card);
  return verbs;
}

/** The card attached to an activity the bot sent or updated. */
export function attachedCard(body: Record<string, unknown>): unknown {
  const attachments = body.attachments as Array<{ content?: unknown }> | undefined;
  return attachments?.[0]?.content ?? null;
}

/** Graph writes in the simulator's log, $batch parts included: [method, path]. */
export function graphWrites(entries: RequestLogEntry[]): Array<{ method: string; path: string; status: number }> {
  const writes: Array<{ method: string; path: string; status: number }> = [];
  for (const e of entries) {
    if (e.kind !== 'graph') continue;
    if (e.batch) {
      for (const p of e.batch) if (p.method !== 'GET') writes.push({ method: p.method, path: p.url, status: p.status });
    } else if (e.method !== 'GET' && !/\/\$batch/.test(e.path)) {
      writes.push({ method: e.method, path: e.path, status: e.status });
    }
  }
  return writes;
}

export function grantWrites(entries: RequestLogEntry[]) {
  return graphWrites(entries).filter((w) => /oauth2PermissionGrants/i.test(w.path));
}

/** Connector updates (PUT) of the request's channel card, in order. */
export function cardUpdates(h: AppHarness, request: ApprovalRequest): ConnectorCall[] {
  return h.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === request.adminCard?.activityId);
}

/** Messages the bot sent to a user's 1:1 chat (created or existing conversation). */
export function directMessagesTo(h: AppHarness, user: User): Array<Record<string, unknown>> {
  const created = h.connector.calls
    .filter((c) => c.method === 'POST' && c.path.replace(/\/$/, '') === '/v3/conversations')
    .filter((c) =>
      ((c.body.members as Array<{ id?: string }> | undefined) ?? []).some((m) => m.id === teamsUserId(user)),
    )
    .map((c) => c.responseId);
  const personal = `a:personal-${user.id}`;
  return h.connector.calls
    .filter(
      (c) =>
        c.method === 'POST' &&
        c.conversationId !== null &&
        (created.includes(c.conversationId) || c.conversationId === personal),
    )
    .map((c) => c.body);
}
