/** A pending request row with plain, fixed values, for store tests; `over` changes any field. */
import type { ApprovalRequest } from '../../src/requests/model';
import type { Diagnosis } from '../../src/diagnosis/types';

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
