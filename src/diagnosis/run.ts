/**
 * The I/O half of a diagnosis: text and user in, Diagnosis out.
 *   app id given (a bare GUID, or a pasted consent URL and nothing else): facts in 2 round trips;
 *   free text: one intake round (the tenant's apps, the user's failed sign-ins, and the reads that
 *   do not depend on the app) then the app-dependent reads; when intake found the app's service
 *   principal, its grants and assignments join that second round, so free text also costs 2. When
 *   the tenant's apps are cached and the words point to one of them, that app's reads go in the
 *   intake round already (read-ahead.ts), and a diagnosis with nothing left to read costs 1.
 * Pure steps (parsing, ranking, rules) live in the sibling modules; this file only sequences them.
 */
import { newestFirst } from '../graph/sign-in-order';
import { CONSENT_ROLE_IDS } from './admin-role';
import { CATALOG } from './catalog';
import { buildDiagnosis } from './build-diagnosis';
import { decideIntake, parseMessage, rankCandidates } from './intake';
import { isGuid } from '../guid';
import { isFirstPartyApp, resolveScope } from './resources';
import type { AppCandidate, Diagnosis, ParsedMessage, RequestedScopes } from './types';
import { gatherFacts } from './gather-facts';
import { readAhead, type ReadAhead } from './read-ahead';
import { type FactsConnection, readerFor } from '../graph/facts-connection';
import { consentAdminReads, findAppCandidatesReads, tenantAndUserReads } from '../graph/facts-plan';
import { ResultReader, valueOr } from '../graph/facts-results';
import type { ServicePrincipal, SignIn, User } from '../graph/types';
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../graph/types';

export interface RunInput {
  tenantId: string;
  /** UPN or object id. */
  userQuery: string;
  /** An app id, a pasted consent URL or error page, or words ("the SharePoint connector"). */
  appText: string;
  /** Application permissions the caller knows the app requests (Graph cannot tell): resource appId -> roles. */
  applicationPermissions?: Record<string, string[]>;
  now?: Date;
}

export type RunStatus = 'diagnosed' | 'choose' | 'no_candidate';

export interface RunOutcome {
  /** diagnosed: one app was diagnosed; choose: several apps fit; no_candidate: none did. */
  status: RunStatus;
  diagnosis: Diagnosis;
}

export interface GraphCounters {
  requests: number;
  roundTrips: number;
}

export async function runDiagnosis(conn: FactsConnection, input: RunInput): Promise<RunOutcome> {
  const counters: GraphCounters = { requests: 0, roundTrips: 0 };
  const counted: FactsConnection = {
    ...conn,
    onRoundTrip: (httpRequests, parts) => {
      counters.roundTrips += 1;
      counters.requests += parts;
      conn.onRoundTrip?.(httpRequests, parts);
    },
  };
  const before = conn.stats ? { ...conn.stats } : null;
  // Prefer the connection's own counters (every HTTP request, retries included); else count waves here.
  const graphUsed = (): GraphCounters =>
    conn.stats && before
      ? { requests: conn.stats.requests - before.requests, roundTrips: conn.stats.roundTrips - before.roundTrips }
      : { ...counters };
  const parsed = parseMessage(input.appText);
  const requested: Partial<RequestedScopes> | undefined = input.applicationPermissions
    ? { application: input.applicationPermissions }
    : undefined;
  const reader = readerFor(counted);

  const direct = directAppId(input.appText, parsed);
  let candidates: AppCandidate[] = [];
  let chosen: { appId: string; servicePrincipalId: string | null };
  let ahead: ReadAhead | null = null;
  if (direct) {
    chosen = { appId: direct, servicePrincipalId: null };
  } else {
    const intakeReads = [
      ...findAppCandidatesReads(input.userQuery),
      ...tenantAndUserReads(input.userQuery, [MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID]),
      // Names for "approved only for <admin>": the app's grants arrive a round later, too late to read names after them.
      ...consentAdminReads(CONSENT_ROLE_IDS),
    ];
    // Tenant-wide reads may come from the shared cache (src/graph/tenant-read-cache.ts).
    const shared = conn.tenantReads?.session();
    try {
      await shared?.fill(reader.results, intakeReads);
      const pending = intakeReads.filter((p) => !reader.results.has(p.id));
      const listed = new ResultReader(reader.results).items<ServicePrincipal>('servicePrincipalList');
      ahead = readAhead(parsed, listed.kind === 'ok' ? listed.value : null, input.userQuery, pending, reader.results);
      if (ahead) await shared?.fill(reader.results, ahead.parts);
      const extra = ahead?.parts.filter((p) => !reader.results.has(p.id)) ?? [];
      await reader.round([...pending, ...extra]);
      shared?.publish(reader.results);
      await reader.drain();
    } finally {
      shared?.finish(reader.results);
    }
    const intake = new ResultReader(reader.results);
    const servicePrincipals = valueOr(intake.items<ServicePrincipal>('servicePrincipalList'), []);
    const failedSignIns = newestFirst(valueOr(intake.items<SignIn>('failedSignIns'), [])).filter(
      (s) => s.status.errorCode !== 0,
    );
    candidates = rankCandidates(parsed, { servicePrincipals, failedSignIns, catalog: CATALOG });
    const decision = decideIntake(candidates);
    if (decision.kind !== 'one' || decision.candidate.appId === null) {
      const user = intake.single<User>('user');
      const shown =
        decision.kind === 'choose'
          ? decision.candidates
          : decision.kind === 'none'
            ? [...decision.hints, ...tenantApps(servicePrincipals)]
            : [];
      return {
        status: decision.kind === 'choose' ? 'choose' : 'no_candidate',
        diagnosis: undecided(shown, user.kind === 'ok' ? user.value : null, graphUsed()),
      };
    }
    chosen = { appId: decision.candidate.appId, servicePrincipalId: decision.candidate.servicePrincipalId };
    // Read ahead for another app than intake chose: those answers are not this app's.
    if (ahead && ahead.appId !== chosen.appId) for (const part of ahead.parts) reader.results.delete(part.id);
  }

  const { facts } = await gatherFacts(
    counted,
    {
      tenantId: input.tenantId,
      userQuery: input.userQuery,
      appId: chosen.appId,
      requested,
      consentUrl: parsed.consentUrl,
      servicePrincipalId: chosen.servicePrincipalId,
      resourceHints: resourceHintOf(parsed),
      now: input.now,
    },
    { reader },
  );
  if (direct) {
    // Rank against what facts found so the diagnosis explains why this app (pure, no extra reads).
    const failed = (facts.signIns ?? []).filter((s) => s.status.errorCode !== 0);
    candidates = rankCandidates(parsed, {
      servicePrincipals: facts.servicePrincipal ? [facts.servicePrincipal] : [],
      failedSignIns: failed,
      catalog: CATALOG,
    });
  }
  return { status: 'diagnosed', diagnosis: buildDiagnosis(facts, candidates, graphUsed()) };
}

/**
 * The app is known without intake when the text is a bare GUID, or a consent URL with a client_id
 * and no other words. Anything else may name an object id or another app: rank it properly.
 */
export function directAppId(text: string, parsed: ParsedMessage): string | null {
  const trimmed = text.trim().replace(/^\{|\}$/g, '');
  if (isGuid(trimmed)) return trimmed.toLowerCase();
  if (parsed.consentUrl?.clientId && parsed.words.length === 0 && parsed.errorText === null)
    return parsed.consentUrl.clientId;
  return null;
}

/** The resource a pasted AADSTS650052 / 500011 text names, as an appId (a URI resolves through its host). */
function resourceHintOf(parsed: ParsedMessage): string[] {
  const named = parsed.errorText?.resource;
  if (!named) return [];
  if (isGuid(named)) return [named.toLowerCase()];
  const resolved = resolveScope(`${named.replace(/\/+$/, '')}/.default`);
  return resolved?.resourceAppId ? [resolved.resourceAppId] : [];
}

/** "No app by that name": the names the tenant does know (its own apps, not Microsoft's APIs), so the person can pick. */
function tenantApps(servicePrincipals: readonly ServicePrincipal[]): AppCandidate[] {
  return servicePrincipals
    .filter((sp) => !isFirstPartyApp(sp) && sp.accountEnabled !== false)
    .slice(0, 20)
    .map((sp) => ({
      appId: sp.appId.toLowerCase(),
      displayName: sp.displayName,
      servicePrincipalId: sp.id,
      score: 0,
      reasons: ['tenant_app' as const],
      why: 'An app your organisation has (no match for your words)',
    }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

function undecided(candidates: AppCandidate[], user: User | null, counters: GraphCounters): Diagnosis {
  return {
    app: null,
    user: user ? { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName } : null,
    candidates,
    findings: [],
    remedies: [],
    userOnlyRemedies: [],
    requested: { delegated: {}, application: {}, source: null, evidence: [] },
    graph: { ...counters },
  };
}
