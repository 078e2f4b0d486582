/**
 * A diagnosis's facts: src/graph/facts.ts reads them from Graph, following the evidence rules given
 * here (which resource a scope name belongs to, which scopes the evidence shows the app asking for),
 * so graph/ only reads and the rules stay in diagnosis/.
 */
import type { FactsConnection } from '../graph/facts-connection';
import {
  readFacts,
  type GatherInput,
  type GatherSession,
  type ScopeEvidenceSoFar,
  type ScopeRules,
} from '../graph/facts';
import { groupScopesByResource, selectRequestedScopes } from './requested-scopes';
import { AZURE_STORAGE_APP_ID, DYNAMICS_CRM_APP_ID, EXCHANGE_ONLINE_APP_ID } from './resources';
import type { Facts, RequestedScopes } from './types';

/** The scopes the app asks for: a re-checked stored diagnosis keeps its own, else the evidence decides. */
export function requestedScopesFor(input: GatherInput, evidence: ScopeEvidenceSoFar): RequestedScopes {
  const given = input.requested;
  if (given?.delegated && Object.values(given.delegated).some((list) => list.length > 0)) {
    // A stored diagnosis being re-checked (verification): judge against the same evidence.
    return {
      ...given,
      evidence: given.evidence ?? [],
      delegated: given.delegated,
      application: given.application ?? {},
      source: given.source ?? 'url',
      prompt: given.prompt ?? input.consentUrl?.prompt ?? null,
      clientId: given.clientId ?? input.consentUrl?.clientId ?? null,
      unresolved: given.unresolved ?? [],
    };
  }
  // Application permissions are never visible in Graph: only a caller who knows them passes them.
  const application = given?.application && Object.keys(given.application).length > 0 ? given.application : null;
  return selectRequestedScopes({
    appId: evidence.appId,
    userId: evidence.userId,
    consentUrl: input.consentUrl ?? null,
    consentRequests: evidence.consentRequests,
    grants: evidence.grants,
    resources: evidence.resources,
    application,
  });
}

export const SCOPE_RULES: ScopeRules = {
  resourcesNamedBy: (scopeNames) => Object.keys(groupScopesByResource(scopeNames).delegated),
  requestedScopes: requestedScopesFor,
  placementResources: [EXCHANGE_ONLINE_APP_ID, DYNAMICS_CRM_APP_ID, AZURE_STORAGE_APP_ID],
};

/** Every fact a diagnosis needs, in at most two round trips when the app id is known (src/graph/facts.ts). */
export function gatherFacts(
  conn: FactsConnection,
  input: GatherInput,
  session?: GatherSession,
): Promise<{ facts: Facts }> {
  return readFacts(conn, input, SCOPE_RULES, session);
}
