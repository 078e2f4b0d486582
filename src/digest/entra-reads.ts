/**
 * Reads Entra's admin-consent queue for the digest, batched: (1) the requests with an InProgress
 * user request (all pages) and the request policy, (2) each request's userConsentRequests (v1.0 does
 * not return that navigation property inline: learn.microsoft.com/graph/api/appconsentrequest-list-userconsentrequests)
 * and the service principals of the apps they name, (3) those apps' grants.
 * Three round trips plus one per extra page, whatever the queue's length. A queue the bot may not
 * read (403: ConsentRequest.Read.All missing) or a Graph outage becomes `ok: false` with a reason
 * the digest shows; the bot's own part of the digest is posted regardless.
 */
import { type ReadPart } from '../graph/batch-reader';
import { GraphError } from '../graph/errors';
import { readerFor, type FactsConnection } from '../graph/facts-connection';
import { odataString } from '../graph/facts-plan';
import type {
  AdminConsentRequestPolicy,
  AppConsentRequest,
  OAuth2PermissionGrant,
  ServicePrincipal,
  UserConsentRequest,
} from '../graph/types';
import { appIdsOf, inProgressRequests, IN_PROGRESS, type EntraQueue } from './entra-requests';

export const CONSENT_REQUEST_PERMISSION = 'ConsentRequest.Read.All';

const REQUESTS_URL = `/identityGovernance/appConsent/appConsentRequests?$filter=${encodeURIComponent(`userConsentRequests/any(u:u/status eq '${IN_PROGRESS}')`)}`;

function spPart(appId: string): ReadPart {
  return {
    id: `sp:${appId}`,
    url: `/servicePrincipals?$filter=${encodeURIComponent(`appId eq ${odataString(appId)}`)}&$select=id,appId`,
    collection: true,
  };
}

function userRequestsPart(requestId: string): ReadPart {
  return {
    id: `users:${requestId}`,
    url: `/identityGovernance/appConsent/appConsentRequests/${encodeURIComponent(requestId)}/userConsentRequests`,
    collection: true,
  };
}

/** A parent can arrive twice across pages; it is read once. */
function uniqueById(requests: AppConsentRequest[]): AppConsentRequest[] {
  const seen = new Set<string>();
  return requests.filter((r) => !seen.has(r.id) && !!seen.add(r.id));
}

function grantsPart(spId: string): ReadPart {
  return {
    id: `grants:${spId}`,
    url: `/oauth2PermissionGrants?$filter=${encodeURIComponent(`clientId eq ${odataString(spId)}`)}`,
    collection: true,
  };
}

export interface EntraQueueReadOptions {
  /** Read the apps' grants too (the digest's "already granted"; default true). The watcher skips them. */
  grants?: boolean;
}

export async function readEntraQueue(conn: FactsConnection, options: EntraQueueReadOptions = {}): Promise<EntraQueue> {
  const reader = readerFor(conn);
  try {
    await reader.round([
      { id: 'requests', url: REQUESTS_URL, collection: true },
      { id: 'policy', url: '/policies/adminConsentRequestPolicy' },
    ]);
    await reader.drain();
    const requestsResult = reader.results.get('requests');
    if (!requestsResult || !requestsResult.ok) {
      const status = requestsResult?.status ?? 0;
      const code = requestsResult && !requestsResult.ok ? requestsResult.failure.code : 'no answer';
      return status === 403
        ? {
            ok: false,
            reason: `Microsoft Graph refused the read (403 ${code})`,
            permission: CONSENT_REQUEST_PERMISSION,
          }
        : { ok: false, reason: `Microsoft Graph did not return them (HTTP ${status}, ${code})`, permission: null };
    }
    const parents = uniqueById(requestsResult.items as AppConsentRequest[]);
    const policyResult = reader.results.get('policy');
    const policy = policyResult?.ok ? (policyResult.body as AdminConsentRequestPolicy) : null;

    const appIds = appIdsOf(parents);
    await reader.round([...parents.map((r) => userRequestsPart(r.id)), ...appIds.map(spPart)]);
    await reader.drain();
    const requests = inProgressRequests(
      parents.map((r) => {
        const children = reader.results.get(`users:${r.id}`);
        return { ...r, userConsentRequests: children?.ok ? (children.items as UserConsentRequest[]) : [] };
      }),
    );
    const servicePrincipalIds: Record<string, string | null> = {};
    for (const appId of appIds) {
      const r = reader.results.get(`sp:${appId}`);
      const sp = r?.ok ? (r.items as ServicePrincipal[]).find((s) => s.appId.toLowerCase() === appId) : undefined;
      servicePrincipalIds[appId] = sp?.id ?? null;
    }

    const spIds =
      options.grants === false ? [] : Object.values(servicePrincipalIds).filter((id): id is string => id !== null);
    await reader.round(spIds.map(grantsPart));
    await reader.drain();
    const grants: Record<string, OAuth2PermissionGrant[]> = {};
    for (const spId of spIds) {
      const r = reader.results.get(`grants:${spId}`);
      grants[spId] = r?.ok ? (r.items as OAuth2PermissionGrant[]) : [];
    }
    return { ok: true, requests, policy, servicePrincipalIds, grants };
  } catch (err) {
    if (err instanceof GraphError)
      return { ok: false, reason: `Microsoft Graph could not be reached (${err.code})`, permission: null };
    throw err;
  }
}
