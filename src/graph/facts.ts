/**
 * Gathers every fact a diagnosis needs with JSON batching, in at most two sequential round trips
 * (each one $batch of at most 20 parts) when the app id is known:
 *   round 1: the user, their groups (direct and transitive), the consent and workflow policies,
 *            Microsoft Graph and SharePoint with their classifications, the other Microsoft APIs
 *            that publish common bare scope names (to place them), the app's service principal,
 *            its delegated grants and assignments (addressed by app id), its Entra consent
 *            requests and the user's sign-ins to it;
 *   round 2: what needed round 1's answers: the people behind each Entra consent request
 *            (userConsentRequests is not returned inline on v1.0: one read per request), the names
 *            of other people holding single-user grants, the user's directory roles when a UPN was
 *            given (the filter needs the object id), any resource API the evidence names with its
 *            classifications, and the next pages of round 1.
 * Round 2 is skipped when nothing needs it. Further rounds happen only while a collection still has
 * pages. Reads already made by the intake round (same BatchReader) are not repeated, which keeps a
 * diagnosis from free text at two rounds as well: intake found the app's service principal, the
 * tenant's consent requests (so their per-request reads join this round 1) and the names of the
 * consent admins (who typically hold single-user grants); other people's names are read only when
 * that fits the two round trips (else the finding says "one other person").
 */
import type { Facts, ParsedMessage, RequestedScopes } from '../diagnosis/types';
import { isGuid } from '../guid';
import { BatchReader, type ReadPart } from './batch-reader';
import {
  appReads,
  principalNameRead,
  resourceReads,
  servicePrincipalReads,
  servicePrincipalReadsByAppId,
  SIGN_IN_LIMIT,
  tenantAndUserReads,
  userConsentRequestReads,
  userRoleReads,
} from './facts-plan';
import { newestFirst as byNewest } from './sign-in-order';
import { ResultReader, valueOr } from './facts-results';
import { toGroups } from './facts-groups';
import type { FactsConnection } from './facts-connection';
import type { TenantReadSession } from './tenant-read-cache';
import { readerFor } from './facts-connection';
import type {
  AdminConsentRequestPolicy,
  AppConsentRequest,
  AppRoleAssignment,
  AuthorizationPolicy,
  DelegatedPermissionClassification,
  DirectoryObjectRef,
  OAuth2PermissionGrant,
  PermissionGrantPolicy,
  ServicePrincipal,
  SignIn,
  UnifiedRoleAssignment,
  User,
  UserConsentRequest,
} from './types';
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from './types';

export interface GatherInput {
  tenantId: string;
  /** UPN or object id, as the person or the admin gave it. */
  userQuery: string;
  appId: string;
  /** Scopes already known (a pasted consent URL's); when delegated scopes are given they win. */
  requested?: Partial<RequestedScopes>;
  /** The pasted consent URL, so the requested-scope selection can weigh it against other sources. */
  consentUrl?: ParsedMessage['consentUrl'];
  /** Resource appIds a pasted error names as missing (AADSTS650052 / 500011): read so the diagnosis can tell. */
  resourceHints?: string[];
  /** The app's service principal object id when intake already found it (saves a round trip). */
  servicePrincipalId?: string | null;
  /** Override the clock (tests). */
  now?: Date;
}

export interface GatherSession {
  /** Shared with the intake round so its reads count once. */
  reader: BatchReader;
}

/** What the app is seen asking for so far: the reads that are evidence of requested scopes. */
export interface ScopeEvidenceSoFar {
  appId: string;
  userId: string | null;
  consentRequests: AppConsentRequest[];
  grants: OAuth2PermissionGrant[];
  resources: Record<string, ServicePrincipal | null>;
}

/**
 * What planning the reads needs from the diagnosis rules. This file reads; the rules
 * (src/diagnosis/gather-facts.ts supplies them) decide which resources scope names belong to and
 * which scopes the evidence shows, so the reads can follow the evidence within two round trips.
 */
export interface ScopeRules {
  /** Resource appIds that publish these scope names (bare names placed, full URIs resolved). */
  resourcesNamedBy(scopeNames: readonly string[]): string[];
  /** The scopes the evidence so far shows the app asking for. */
  requestedScopes(input: GatherInput, evidence: ScopeEvidenceSoFar): RequestedScopes;
  /**
   * Microsoft APIs that publish commonly requested bare scope names (user_impersonation, Mail.Read, ...):
   * read with the others so grants on them can be placed and a bare name is known to be ambiguous.
   * Same round, no extra round trip.
   */
  placementResources: readonly string[];
}

/** Resource APIs always read: the Qlik connectors, like most apps, ask Graph and SharePoint. */
const ALWAYS_READ_RESOURCES = [MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID];
export async function readFacts(
  conn: FactsConnection,
  input: GatherInput,
  rules: ScopeRules,
  session?: GatherSession,
): Promise<{ facts: Facts }> {
  const reader = session?.reader ?? readerFor(conn);
  const appId = input.appId.toLowerCase();
  const knownResources = new Set([...ALWAYS_READ_RESOURCES, ...resourcesIn(input, rules)]);
  // Tenant-wide reads come from the shared cache when fresh (src/graph/tenant-read-cache.ts).
  const shared = conn.tenantReads?.session();
  try {
    return await gatherRounds(reader, { input, rules }, appId, knownResources, shared);
  } finally {
    shared?.finish(reader.results);
  }
}

async function gatherRounds(
  reader: BatchReader,
  asked: Asked,
  appId: string,
  knownResources: Set<string>,
  shared: TenantReadSession | undefined,
): Promise<{ facts: Facts }> {
  const { input, rules } = asked;
  const notYetRead = async (parts: ReadPart[]): Promise<ReadPart[]> => {
    await shared?.fill(reader.results, parts);
    return parts.filter((p) => !reader.results.has(p.id));
  };

  // Free text: intake already listed the tenant's consent requests, so this app's requests are known
  // and the people behind them (one read per request) join round 1 instead of costing a round.
  const listed = new ResultReader(reader.results).items<AppConsentRequest>('consentRequestList');
  const listedParents = listed.kind === 'ok' ? listed.value.filter((r) => sameId(r.appId, appId)) : null;
  // Round 1: everything that does not need an answer first.
  const round1 = [
    ...tenantAndUserReads(input.userQuery, [...knownResources], [...rules.placementResources]),
    ...appReads(appId, input.userQuery),
  ].filter((p) => !(listedParents && p.id === 'consentRequests'));
  if (listedParents) {
    round1.push(...listedParents.map((r) => userConsentRequestReads(r.id)));
    for (const resourceAppId of rules.resourcesNamedBy(listedParents.flatMap(pendingScopeNames)))
      if (!knownResources.has(resourceAppId.toLowerCase())) round1.push(...resourceReads(resourceAppId));
  }
  // The app's grants and assignments: by the object id intake found, else by the app id (alternate key),
  // so they are known after round 1 and the people they name can be read in round 2.
  round1.push(
    ...(input.servicePrincipalId
      ? servicePrincipalReads(input.servicePrincipalId)
      : servicePrincipalReadsByAppId(appId)),
  );
  const knownUserId = isGuid(input.userQuery.trim())
    ? input.userQuery
    : userOf(new ResultReader(reader.results).single<User>('user'))?.id;
  if (knownUserId) round1.push(...userRoleReads(knownUserId));
  await reader.round(await notYetRead(uniqueParts(round1)));
  shared?.publish(reader.results);

  // Round 2: reads that needed round 1's answers.
  const early = new ResultReader(reader.results);
  const servicePrincipal = firstOf(valueOr(early.items<ServicePrincipal>('servicePrincipal'), []));
  const user = userOf(early.single<User>('user'));
  // v1.0 does not inline userConsentRequests: they are read per request in round 2.
  const parents = (listedParents ?? valueOr(early.items<AppConsentRequest>('consentRequests'), []))
    .filter((r) => sameId(r.appId, appId))
    .map((r) => ({ ...r, userConsentRequests: [] }));
  const signInsOutcome = early.items<SignIn>('signIns');
  const signIns =
    signInsOutcome.kind === 'ok' ? newestFirst(signInsOutcome.value.filter((s) => sameId(s.appId, appId))) : null;
  const early2 = { appId, userId: user?.id ?? null, grants: [] as OAuth2PermissionGrant[] };
  // Who raised each request is not known before round 2; every resource any request names is read.
  const provisional = rules.requestedScopes(input, {
    ...early2,
    consentRequests: parents,
    resources: resourcesOf(reader),
  });
  const named = missingResourceHints(input, signIns);
  const round2: ReadPart[] = [];
  // A read by the alternate key that failed for another reason than "no such app" is made again by object id.
  for (const id of ['grants', 'appRoleAssignedTo']) {
    const outcome = reader.results.get(id);
    if (outcome && !outcome.ok && outcome.status !== 404) reader.results.delete(id);
  }
  if (servicePrincipal) round2.push(...servicePrincipalReads(servicePrincipal.id));
  round2.push(...parents.map((r) => userConsentRequestReads(r.id)));
  const resourcesToRead = new Set([
    ...Object.keys(provisional.delegated),
    ...rules.resourcesNamedBy(parents.flatMap(pendingScopeNames)),
    ...named,
  ]);
  // Each resource the app is seen asking for, with its classifications (a publisher resource read in
  // round 1 for placing bare names still lacks them).
  for (const resourceAppId of resourcesToRead) round2.push(...resourceReads(resourceAppId));
  // The roles need the user's object id: a UPN given means they are read now (free text read them in round 1).
  if (user) round2.push(...userRoleReads(user.id));
  // Findings name people, not object ids: the few other people holding single-user grants for this
  // app are read now when that keeps the diagnosis within its round trips (after intake, the consent
  // admins' names read there usually cover them).
  const roundTwoHappens = (await notYetRead(round2)).length > 0 || reader.hasPendingPages;
  if (roundTwoHappens || reader.roundsSent < MAX_ROUND_TRIPS)
    round2.push(...unnamedPrincipals(reader, servicePrincipal, user).map(principalNameRead));
  await reader.round(await notYetRead(uniqueParts(round2)));
  await reader.drain();

  const consentRequests = withUserRequests(parents, new ResultReader(reader.results));
  const requested = rules.requestedScopes(input, { ...early2, consentRequests, resources: resourcesOf(reader) });
  // A resource only a grant's later page named: the one read that may still cost a round of its own.
  const late = await notYetRead(Object.keys(requested.delegated).flatMap(resourceReads));
  if (late.length > 0) {
    await reader.round(late);
    await reader.drain();
  }

  const facts = assemble(reader, asked, { appId, servicePrincipal, user, consentRequests, signIns, requested });
  return { facts: { ...facts, resourceHints: named, principalNames: principalNamesOf(reader) } };
}
const MAX_PRINCIPALS_NAMED = 5;
/** The diagnosis's budget of sequential Graph round trips (README: "two round trips"). */
const MAX_ROUND_TRIPS = 2;

/** Other people holding single-user grants for the app whose names no read so far gave. */
function unnamedPrincipals(
  reader: BatchReader,
  servicePrincipal: ServicePrincipal | null,
  user: User | null,
): string[] {
  if (!servicePrincipal) return [];
  const result = reader.results.get('grants');
  const grants = result?.ok ? (result.items as OAuth2PermissionGrant[]) : [];
  const named = principalNamesOf(reader);
  const ids = grants
    .filter(
      (g) =>
        g.consentType === 'Principal' &&
        !!g.principalId &&
        isGuid(g.principalId) &&
        !sameId(g.principalId, user?.id) &&
        sameId(g.clientId, servicePrincipal.id),
    )
    .map((g) => (g.principalId as string).toLowerCase())
    .filter((id) => !(id in named));
  return [...new Set(ids)].slice(0, MAX_PRINCIPALS_NAMED);
}

/**
 * Names of people, by object id, from the per-person reads and the consent admins read by intake.
 * Names are detail: a failed read only leaves a person unnamed (never a forbidden entry or an abort).
 */
function principalNamesOf(reader: BatchReader): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [id, result] of reader.results) {
    if (!result.ok) continue;
    if (id.startsWith('user~')) {
      const person = result.body as Partial<User> | null;
      if (person?.id && person.displayName) names[person.id.toLowerCase()] = person.displayName;
    } else if (id === 'consentAdmins') {
      for (const a of result.items as Array<{ principal?: { id?: string; displayName?: string | null } | null }>) {
        if (a.principal?.id && a.principal.displayName) names[a.principal.id.toLowerCase()] = a.principal.displayName;
      }
    }
  }
  return names;
}

/** One part per id (a batch refuses repeated ids); the first wins. */
function uniqueParts(parts: ReadPart[]): ReadPart[] {
  const seen = new Set<string>();
  return parts.filter((p) => !seen.has(p.id) && !!seen.add(p.id));
}

/** Sign-in error codes whose resourceId names a resource missing from the tenant (reference-error-codes). */
const MISSING_RESOURCE_ERRORS = [650052, 500011, 650056];

function missingResourceHints(input: GatherInput, signIns: SignIn[] | null): string[] {
  const fromSignIns = (signIns ?? [])
    .filter((s) => MISSING_RESOURCE_ERRORS.includes(s.status.errorCode) && !!s.resourceId && isGuid(s.resourceId))
    .map((s) => (s.resourceId as string).toLowerCase());
  return [...new Set([...(input.resourceHints ?? []).map((id) => id.toLowerCase()), ...fromSignIns])];
}

interface EarlyFacts {
  appId: string;
  servicePrincipal: ServicePrincipal | null;
  user: User | null;
  consentRequests: AppConsentRequest[];
  signIns: SignIn[] | null;
  requested: RequestedScopes;
}

/** The question and the rules the reads follow. */
interface Asked {
  input: GatherInput;
  rules: ScopeRules;
}

function assemble(reader: BatchReader, { input, rules }: Asked, early: EarlyFacts): Facts {
  const r = new ResultReader(reader.results);
  // Re-read round-1 outcomes through this reader so their 403s are recorded exactly once.
  const userOutcome = r.single<User>('user');
  const signInsOutcome = r.items<SignIn>('signIns');
  r.items('consentRequests');
  for (const id of reader.results.keys()) if (id.startsWith('userConsentRequests:')) r.items(id);
  r.items('servicePrincipal');
  const user = userOf(userOutcome);
  const roles = r.items<UnifiedRoleAssignment>('roleAssignments');
  const directGroups = valueOr(r.items<DirectoryObjectRef>('memberOf'), []);
  const transitiveGroups = valueOr(r.items<DirectoryObjectRef>('transitiveMemberOf'), []);
  const resources: Record<string, ServicePrincipal | null> = {};
  const classifications: Record<string, DelegatedPermissionClassification[]> = {};
  for (const id of reader.results.keys()) {
    const [kind, resourceAppId] = id.split(':');
    if (kind === 'resource' && resourceAppId)
      resources[resourceAppId] = firstOf(valueOr(r.items<ServicePrincipal>(id), []));
    if (kind === 'classifications' && resourceAppId)
      classifications[resourceAppId] = valueOr(r.items<DelegatedPermissionClassification>(id), []);
  }
  const spId = early.servicePrincipal?.id.toLowerCase() ?? null;
  const grants = valueOr(r.items<OAuth2PermissionGrant>('grants'), []).filter(
    (g) => spId !== null && sameId(g.clientId, spId),
  );
  // Now that grants and every resource are read, the evidence is complete (existing grants are evidence too).
  const requested = rules.requestedScopes(input, {
    appId: early.appId,
    userId: user?.id ?? null,
    consentRequests: early.consentRequests,
    grants,
    resources,
  });
  return {
    tenantId: input.tenantId,
    userQuery: input.userQuery,
    user,
    directGroups: user ? toGroups(directGroups) : [],
    transitiveGroups: user ? toGroups(transitiveGroups) : [],
    appId: early.appId,
    servicePrincipal: early.servicePrincipal,
    resources,
    grants,
    appRoleAssignedTo: spId ? valueOr(r.items<AppRoleAssignment>('appRoleAssignedTo'), []) : [],
    authorizationPolicy: nullIfAbsent(r.single<AuthorizationPolicy>('authorizationPolicy')),
    permissionGrantPolicies: valueOr(r.items<PermissionGrantPolicy>('permissionGrantPolicies'), []),
    classifications,
    adminConsentRequestPolicy: nullIfAbsent(r.single<AdminConsentRequestPolicy>('adminConsentRequestPolicy')),
    consentRequests: early.consentRequests,
    signIns: early.signIns,
    signInsUnavailable:
      signInsOutcome.kind === 'not_premium' ? 'not_premium' : signInsOutcome.kind === 'forbidden' ? 'forbidden' : null,
    requested,
    forbidden: r.forbidden,
    userRoleDefinitionIds: user && roles.kind === 'ok' ? tenantWideRoles(roles.value) : null,
    now: (input.now ?? new Date()).toISOString(),
  };
}

/** Resource service principals read so far (round 1), by appId. */
function resourcesOf(reader: BatchReader): Record<string, ServicePrincipal | null> {
  const r = new ResultReader(reader.results);
  const out: Record<string, ServicePrincipal | null> = {};
  for (const id of reader.results.keys()) {
    const [kind, resourceAppId] = id.split(':');
    if (kind === 'resource' && resourceAppId) out[resourceAppId] = firstOf(valueOr(r.items<ServicePrincipal>(id), []));
  }
  return out;
}

/** Resource APIs named by the scopes the caller already knows, so round 1 can read them. */
function resourcesIn(input: GatherInput, rules: ScopeRules): string[] {
  const fromRequested = Object.keys(input.requested?.delegated ?? {});
  const fromUrl = rules.resourcesNamedBy(input.consentUrl?.scopes ?? []);
  return [...fromRequested, ...fromUrl].map((id) => id.toLowerCase());
}

/** Only tenant-wide assignments let someone grant consent for the whole organisation; scoped ones do not. */
function tenantWideRoles(assignments: UnifiedRoleAssignment[]): string[] {
  return [
    ...new Set(
      assignments.filter((a) => (a.directoryScopeId ?? '/') === '/').map((a) => a.roleDefinitionId.toLowerCase()),
    ),
  ];
}

function userOf(outcome: ReturnType<ResultReader['single']>): User | null {
  return outcome.kind === 'ok' ? (outcome.value as User) : null;
}

function nullIfAbsent<T>(outcome: ReturnType<ResultReader['single']>): T | null {
  return outcome.kind === 'ok' ? (outcome.value as T) : null;
}

function firstOf<T>(items: T[]): T | null {
  return items.length > 0 ? items[0] : null;
}

function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

function newestFirst(signIns: SignIn[]): SignIn[] {
  return byNewest(signIns).slice(0, SIGN_IN_LIMIT);
}

function pendingScopeNames(r: AppConsentRequest): string[] {
  return (r.pendingScopes ?? []).map((s) => s.displayName);
}

/** Each request with the userConsentRequests read for it (none when that read failed or was not made). */
function withUserRequests(parents: AppConsentRequest[], r: ResultReader): AppConsentRequest[] {
  return parents.map((parent) => ({
    ...parent,
    userConsentRequests: valueOr(r.items<UserConsentRequest>(`userConsentRequests:${parent.id}`), []),
  }));
}
