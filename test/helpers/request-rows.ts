/** Stored request rows with plain, fixed values, for tests that build a row rather than run the chat flow. */
import type { ApprovalRequest, Requester } from '../../src/requests/model';
import type { Diagnosis } from '../../src/diagnosis/types';
import type { User } from '../../src/graph/types';

/** A pending request row; `over` changes any field. */
export function pendingRequest(id: string, over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id,
    tenantId: 'e6c3fbc6-0a2a-4424-bd0f-0ab1bdd37b0b',
    state: 'pending',
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    requester: {
      aadObjectId: 'user-1',
      teamsUserId: '29:user-1',
      displayName: 'Adele Vance',
      userPrincipalName: 'adele@contoso.com',
    },
    linkedRequesters: [],
    justification: null,
    appId: 'app-1',
    appDisplayName: 'Contoso Connector',
    diagnosis: {} as Diagnosis,
    decision: { by: null, at: null, scope: null, reason: null },
    outcome: null,
    adminCard: null,
    ...over,
  };
}

/** A directory user as a request stores its requester (Teams ids of users are "29:" + their object id here). */
export function requesterOf(user: User): Requester {
  return {
    aadObjectId: user.id,
    teamsUserId: `29:${user.id}`,
    displayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
  };
}
