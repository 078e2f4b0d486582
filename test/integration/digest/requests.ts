/** Bot requests in the demo tenant (test/fixtures/tenants/demo-contoso.json), for digest tests. */
import type { User } from '../../../src/graph/types';
import type { ApprovalRequest } from '../../../src/requests/model';
import { requesterOf } from '../../helpers/request-rows';
import { request as cardRequest } from '../../unit/cards/fixtures';

/** Qlik Web Connectors (Office 365 SharePoint) in the demo tenant. */
export const SHAREPOINT_APP = {
  appId: '34f0b59e-a9fc-4d21-8a85-a3a124438861',
  spId: '721d605c-c082-47e3-86df-b64ab212f32c',
  name: 'Qlik Web Connectors (Office 365 SharePoint)',
};

export function demoRequest(
  tenantId: string,
  user: User,
  id: string,
  createdAt: string,
  overrides: Partial<ApprovalRequest> = {},
): ApprovalRequest {
  const base = cardRequest('pending');
  return {
    ...base,
    id,
    tenantId,
    createdAt,
    updatedAt: createdAt,
    requester: requesterOf(user),
    linkedRequesters: [],
    appId: SHAREPOINT_APP.appId,
    appDisplayName: SHAREPOINT_APP.name,
    diagnosis: {
      ...base.diagnosis,
      app: { appId: SHAREPOINT_APP.appId, displayName: SHAREPOINT_APP.name, servicePrincipalId: SHAREPOINT_APP.spId },
      user: { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName },
      remedies: base.diagnosis.remedies.map((r) =>
        r.kind === 'grant_delegated' ? { ...r, clientAppId: SHAREPOINT_APP.appId } : r,
      ),
      userOnlyRemedies: [],
    },
    adminCard: null,
    ...overrides,
  };
}
