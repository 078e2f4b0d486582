/**
 * /organization: the tenant itself (display name and verified domains).
 */
import { notFound } from '../errors';
import { collectionResponse, entityResponse, type CollectionSpec, type GraphObject } from './collection';
import type { GraphContext, Route } from './context';

const ORGANIZATION_SPEC: CollectionSpec = {
  type: 'organization',
  entitySet: 'organization',
  rules: { entityName: 'Organization', directoryObjects: false, filterable: ['id'] },
};

function organizationView(ctx: GraphContext): GraphObject {
  const t = ctx.tenant.data.tenant;
  const domain = t.defaultDomain ?? `${t.id.slice(0, 8)}.onmicrosoft.com`;
  return {
    id: t.id,
    displayName: t.displayName,
    tenantType: 'AAD',
    verifiedDomains: [
      {
        name: domain,
        type: 'Managed',
        isDefault: true,
        isInitial: true,
        capabilities: 'Email, OfficeCommunicationsOnline',
      },
    ],
    assignedPlans: t.premium
      ? [
          {
            service: 'AADPremiumService',
            capabilityStatus: 'Enabled',
            servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
          },
        ]
      : [],
  };
}

export const organizationRoutes: Route[] = [
  {
    method: 'GET',
    pattern: 'organization',
    permission: 'organization.read',
    handle: (ctx) => collectionResponse(ctx, [organizationView(ctx)], ORGANIZATION_SPEC),
  },
  {
    method: 'GET',
    pattern: 'organization/{id}',
    permission: 'organization.read',
    handle: (ctx, p) => {
      if (p.id.toLowerCase() !== ctx.tenant.id.toLowerCase()) throw notFound(p.id);
      return entityResponse(ctx, organizationView(ctx), ORGANIZATION_SPEC);
    },
  },
];
