/**
 * The writes behind an admin's Approve. Each one is idempotent, so a double click, a retry after a
 * timeout or a second replica never duplicates or loses anything:
 *  - create_service_principal: only when missing (409 = someone else just did it);
 *  - grant_delegated: merge into the existing grant for (client, resource, consentType, principal),
 *    never dropping a scope (PATCH replaces the scope string, docs/entra-semantics.md#delegated-grants); POST only when there is
 *    none, and when Graph refuses it as a duplicate (409, or 400 "Permission entry already exists") re-read and merge;
 *  - assign_user: POST, where Graph's "already exists" means already done.
 * With `dryRun` the reads still run (they decide POST vs PATCH) and the writes are only described.
 */
import type { Remedy } from '../diagnosis/types';
import { RemedyError, type GraphFailure } from './errors';
import { call, failureOf, valueOf, type Method, type RawAnswer, type RemedyTransport } from './remedies-http';
import { odataString } from './facts-plan';
import { DEFAULT_APP_ROLE_ID, type OAuth2PermissionGrant, type ServicePrincipal } from './types';

export interface PlannedCall {
  method: Method;
  path: string;
  body?: unknown;
}

export interface RemedyResult {
  /** planned: dry run with writes to make; skipped: nothing to write for this kind (links, manual steps). */
  status: 'done' | 'already_done' | 'planned' | 'skipped';
  /** request-id of the write (or of the read that proved it unnecessary). */
  graphRequestId: string | null;
  /** One line for the audit trail. */
  detail: string;
  /** The writes a dry run would make (empty when already done). */
  planned: PlannedCall[];
}

export interface ApplyOptions {
  dryRun?: boolean;
  /** How many times to re-read after a 409 before giving up (replication lag). */
  conflictRereads?: number;
  /** Injected in tests; a real timer otherwise. */
  sleep?: (ms: number) => Promise<void>;
}

const sleepReal = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function applyRemedy(
  conn: RemedyTransport,
  remedy: Remedy,
  options: ApplyOptions = {},
): Promise<RemedyResult> {
  try {
    switch (remedy.kind) {
      case 'create_service_principal':
        return await createServicePrincipal(conn, remedy.appId, options);
      case 'grant_delegated':
        return await grantDelegated(conn, remedy, options);
      case 'assign_user':
        return await assignUser(conn, remedy, options);
      case 'admin_consent_url':
      case 'manual':
        return {
          status: 'skipped',
          graphRequestId: null,
          detail: `${remedy.kind}: nothing for the bot to write`,
          planned: [],
        };
    }
  } catch (err) {
    // A refusal says whose permission was short: the bot's application permissions, or the signed-in approver's role.
    if (err instanceof RemedyError && err.status === 403)
      throw new RemedyError(
        explainForbidden(err.remedyKind, err.failure, conn.actingAs ?? 'app'),
        err.remedyKind,
        err.done,
      );
    throw err;
  }
}

/** The application permission each remedy's writes need (docs/permissions.md). */
const WRITE_PERMISSION: Readonly<Record<string, string>> = {
  create_service_principal: 'Application.ReadWrite.All',
  grant_delegated: 'DelegatedPermissionGrant.ReadWrite.All',
  assign_user: 'AppRoleAssignment.ReadWrite.All',
};

/**
 * A 403 with the bot's own token means its permissions are short: say so with the stable code and
 * the permission to add. With the approver's own token it is Entra deciding that their role may
 * not grant this (docs/permissions.md): say that plainly, keeping Graph's code.
 */
function explainForbidden(kind: string, failure: GraphFailure, actingAs: 'app' | 'user'): GraphFailure {
  if (failure.status !== 403) return failure;
  if (actingAs === 'user') {
    return {
      ...failure,
      message:
        `Microsoft Entra ID refused this change for your account (${failure.code}): your directory role does not allow it, so nothing more was written. ` +
        'A Global Administrator or Privileged Role Administrator can approve it (Microsoft Graph application permissions need one of those roles).',
    };
  }
  const permission = WRITE_PERMISSION[kind] ?? 'the matching';
  return {
    ...failure,
    code: 'INSUFFICIENT_BOT_PERMISSIONS',
    message: `Microsoft Graph refused the bot (${failure.code}): grant Consent Doctor the ${permission} application permission. ${failure.message}`,
  };
}

function fail(kind: string, failure: GraphFailure, done: string[] = []): never {
  throw new RemedyError(failure, kind, done);
}

async function read(conn: RemedyTransport, kind: string, path: string): Promise<RawAnswer> {
  const answer = await call(conn, 'GET', path);
  if (answer.status >= 400) fail(kind, failureOf(answer));
  return answer;
}

async function findServicePrincipal(
  conn: RemedyTransport,
  kind: string,
  appId: string,
): Promise<{ sp: ServicePrincipal | null; answer: RawAnswer }> {
  const answer = await read(
    conn,
    kind,
    `/servicePrincipals?$filter=${encodeURIComponent(`appId eq ${odataString(appId.toLowerCase())}`)}&$select=id,appId,displayName,appRoles,oauth2PermissionScopes`,
  );
  return { sp: valueOf<ServicePrincipal>(answer)[0] ?? null, answer };
}

async function createServicePrincipal(
  conn: RemedyTransport,
  appId: string,
  options: ApplyOptions,
): Promise<RemedyResult> {
  const kind = 'create_service_principal';
  const { sp, answer } = await findServicePrincipal(conn, kind, appId);
  if (sp)
    return {
      status: 'already_done',
      graphRequestId: answer.requestId,
      detail: `enterprise app for ${appId} already exists (${sp.id})`,
      planned: [],
    };
  const planned: PlannedCall = { method: 'POST', path: '/servicePrincipals', body: { appId } };
  if (options.dryRun)
    return {
      status: 'planned',
      graphRequestId: null,
      detail: `would add the enterprise app for ${appId}`,
      planned: [planned],
    };
  const created = await call(conn, 'POST', planned.path, planned.body);
  if (created.status === 201 || created.status === 200) {
    const id = (created.body as { id?: string } | null)?.id ?? '?';
    return {
      status: 'done',
      graphRequestId: created.requestId,
      detail: `added the enterprise app for ${appId} (${id})`,
      planned: [],
    };
  }
  if (created.status === 409)
    return {
      status: 'already_done',
      graphRequestId: created.requestId,
      detail: `enterprise app for ${appId} was added concurrently`,
      planned: [],
    };
  fail(kind, failureOf(created));
}

type GrantRemedy = Extract<Remedy, { kind: 'grant_delegated' }>;

function scopesOf(scope: string | null | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter((s) => s.length > 0);
}

/** old ∪ new, keeping the old order and spelling; comparison is case-insensitive like Entra's. */
export function mergeScopes(
  current: readonly string[],
  wanted: readonly string[],
): { merged: string[]; added: string[] } {
  const have = new Set(current.map((s) => s.toLowerCase()));
  const added: string[] = [];
  for (const scope of wanted) {
    if (!have.has(scope.toLowerCase())) {
      have.add(scope.toLowerCase());
      added.push(scope);
    }
  }
  return { merged: [...current, ...added], added };
}

async function grantDelegated(
  conn: RemedyTransport,
  remedy: GrantRemedy,
  options: ApplyOptions,
): Promise<RemedyResult> {
  const kind = 'grant_delegated';
  if (remedy.consentType === 'Principal' && !remedy.principalId) {
    fail(kind, {
      status: 400,
      code: 'PrincipalIdRequired',
      message: "A Principal grant needs the user's object id.",
      requestId: null,
    });
  }
  const [client, resource] = await Promise.all([
    findServicePrincipal(conn, kind, remedy.clientAppId),
    findServicePrincipal(conn, kind, remedy.resourceAppId),
  ]);
  if (!client.sp)
    fail(kind, {
      status: 404,
      code: 'ClientServicePrincipalMissing',
      message: `The app ${remedy.clientAppId} has no enterprise app in this tenant: add it first.`,
      requestId: client.answer.requestId,
    });
  if (!resource.sp)
    fail(kind, {
      status: 404,
      code: 'ResourceServicePrincipalMissing',
      message: `The API ${remedy.resourceAppId} has no service principal in this tenant.`,
      requestId: resource.answer.requestId,
    });
  // Last line of defence: a scope the resource does not publish (or has disabled) is never written,
  // whatever the plan says. Scopes already in the grant are kept as they are (merge, never drop).
  const published = new Set(
    (resource.sp.oauth2PermissionScopes ?? []).filter((p) => p.isEnabled !== false).map((p) => p.value.toLowerCase()),
  );
  const unpublished = remedy.scopes.filter((s) => !published.has(s.toLowerCase()));
  const key = {
    clientId: client.sp.id,
    resourceId: resource.sp.id,
    consentType: remedy.consentType,
    principalId: remedy.consentType === 'Principal' ? (remedy.principalId ?? null) : null,
  };
  const rereads = options.conflictRereads ?? 3;
  const sleep = options.sleep ?? sleepReal;
  const who = key.principalId ? `user ${key.principalId}` : 'everyone';

  for (let attempt = 0; ; attempt++) {
    const existing = await findGrant(conn, kind, key);
    const have = new Set(scopesOf(existing.grant?.scope).map((x) => x.toLowerCase()));
    const wanted = remedy.scopes.filter((x) => have.has(x.toLowerCase()) || !unpublished.includes(x));
    const skipped = remedy.scopes.filter((x) => !wanted.includes(x));
    const note = skipped.length > 0 ? `; not written (not published by the API): ${skipped.join(' ')}` : '';
    if (wanted.length === 0) {
      return {
        status: 'skipped',
        graphRequestId: existing.answer.requestId,
        detail: `nothing to grant for ${who}${note}`,
        planned: [],
      };
    }
    if (existing.grant) {
      const { merged, added } = mergeScopes(scopesOf(existing.grant.scope), wanted);
      if (added.length === 0) {
        return {
          status: 'already_done',
          graphRequestId: existing.answer.requestId,
          detail: `grant ${existing.grant.id} for ${who} already has ${wanted.join(' ')}${note}`,
          planned: [],
        };
      }
      const patch: PlannedCall = {
        method: 'PATCH',
        path: `/oauth2PermissionGrants/${encodeURIComponent(existing.grant.id)}`,
        body: { scope: merged.join(' ') },
      };
      if (options.dryRun)
        return {
          status: 'planned',
          graphRequestId: null,
          detail: `would add ${added.join(' ')} to grant ${existing.grant.id} for ${who}`,
          planned: [patch],
        };
      const patched = await call(conn, 'PATCH', patch.path, patch.body);
      if (patched.status >= 400) fail(kind, failureOf(patched));
      return {
        status: 'done',
        graphRequestId: patched.requestId,
        detail: `added ${added.join(' ')} to grant ${existing.grant.id} for ${who}${note}`,
        planned: [],
      };
    }
    const body = { ...key, scope: mergeScopes([], wanted).merged.join(' ') };
    const post: PlannedCall = { method: 'POST', path: '/oauth2PermissionGrants', body };
    if (options.dryRun)
      return {
        status: 'planned',
        graphRequestId: null,
        detail: `would grant ${body.scope} for ${who}`,
        planned: [post],
      };
    const created = await call(conn, 'POST', post.path, post.body);
    if (created.status === 201 || created.status === 200) {
      const id = (created.body as { id?: string } | null)?.id ?? '?';
      return {
        status: 'done',
        graphRequestId: created.requestId,
        detail: `granted ${body.scope} for ${who} (grant ${id})${note}`,
        planned: [],
      };
    }
    // A grant with this key exists but the listing did not show it yet (replication): read again and merge.
    if (!isDuplicateGrant(created) || attempt >= rereads) fail(kind, failureOf(created));
    await sleep(250 * 2 ** attempt);
  }
}

/**
 * Graph refuses a second grant with the same key as 409 Request_MultipleObjectsWithSameKeyValue or
 * as 400 Request_BadRequest "Permission entry already exists" (both seen): either means "exists".
 */
function isDuplicateGrant(answer: RawAnswer): boolean {
  return answer.status === 409 || (answer.status === 400 && /already exists/i.test(failureOf(answer).message));
}

async function findGrant(
  conn: RemedyTransport,
  kind: string,
  key: { clientId: string; resourceId: string; consentType: string; principalId: string | null },
): Promise<{ grant: OAuth2PermissionGrant | null; answer: RawAnswer }> {
  // The whole key goes into the filter, so at most one grant matches and the first page holds it: a
  // popular app has one Principal grant per user who consented, far more than a page.
  const who =
    key.consentType === 'Principal'
      ? `principalId eq ${odataString(key.principalId ?? '')}`
      : `consentType eq 'AllPrincipals'`;
  const filter = `clientId eq ${odataString(key.clientId)} and resourceId eq ${odataString(key.resourceId)} and ${who}`;
  const answer = await read(conn, kind, `/oauth2PermissionGrants?$filter=${encodeURIComponent(filter)}`);
  const grant =
    valueOf<OAuth2PermissionGrant>(answer).find(
      (g) =>
        g.consentType === key.consentType &&
        (key.consentType === 'AllPrincipals' ||
          (g.principalId ?? '').toLowerCase() === (key.principalId ?? '').toLowerCase()),
    ) ?? null;
  return { grant, answer };
}

type AssignRemedy = Extract<Remedy, { kind: 'assign_user' }>;

async function assignUser(conn: RemedyTransport, remedy: AssignRemedy, options: ApplyOptions): Promise<RemedyResult> {
  const kind = 'assign_user';
  const { sp, answer } = await findServicePrincipal(conn, kind, remedy.appId);
  if (!sp)
    fail(kind, {
      status: 404,
      code: 'ClientServicePrincipalMissing',
      message: `The app ${remedy.appId} has no enterprise app in this tenant.`,
      requestId: answer.requestId,
    });
  // The role must be one the app offers users now (default access only when it offers none): an
  // empty or stale role id is refused before anything is written.
  if (!assignableRole(sp, remedy.appRoleId)) {
    fail(kind, {
      status: 400,
      code: 'AppRoleNotAssignable',
      message: `The role ${remedy.appRoleId || '(none picked)'} is not a user role of ${sp.displayName}.`,
      requestId: answer.requestId,
    });
  }
  const post: PlannedCall = {
    method: 'POST',
    path: `/servicePrincipals/${encodeURIComponent(sp.id)}/appRoleAssignedTo`,
    body: { principalId: remedy.userId, resourceId: sp.id, appRoleId: remedy.appRoleId },
  };
  if (options.dryRun) {
    const assigned = await read(conn, kind, post.path);
    const already = valueOf<{ principalId: string; appRoleId: string }>(assigned).some(
      (a) =>
        a.principalId.toLowerCase() === remedy.userId.toLowerCase() &&
        a.appRoleId.toLowerCase() === remedy.appRoleId.toLowerCase(),
    );
    return already
      ? {
          status: 'already_done',
          graphRequestId: assigned.requestId,
          detail: `user ${remedy.userId} is already assigned to ${sp.displayName}`,
          planned: [],
        }
      : {
          status: 'planned',
          graphRequestId: null,
          detail: `would assign user ${remedy.userId} to ${sp.displayName}`,
          planned: [post],
        };
  }
  const created = await call(conn, 'POST', post.path, post.body);
  if (created.status === 201 || created.status === 200) {
    return {
      status: 'done',
      graphRequestId: created.requestId,
      detail: `assigned user ${remedy.userId} to ${sp.displayName}`,
      planned: [],
    };
  }
  const failure = failureOf(created);
  // Graph answers a duplicate assignment with 400 "Permission being assigned already exists on the object".
  if ((created.status === 400 || created.status === 409) && /already exists/i.test(failure.message)) {
    return {
      status: 'already_done',
      graphRequestId: created.requestId,
      detail: `user ${remedy.userId} was already assigned to ${sp.displayName}`,
      planned: [],
    };
  }
  fail(kind, failure);
}

function assignableRole(sp: ServicePrincipal, appRoleId: string): boolean {
  const roles = (sp.appRoles ?? []).filter((r) => r.isEnabled && r.allowedMemberTypes.includes('User'));
  const id = appRoleId.toLowerCase();
  if (id === DEFAULT_APP_ROLE_ID) return roles.length === 0;
  return roles.some((r) => r.id.toLowerCase() === id);
}
