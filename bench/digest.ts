/**
 * Digest build time for a long queue: n synthetic pending requests plus n/10 Entra requests (half
 * of them already granted) -> one card under Teams' size limit. Pure CPU: no storage, no Graph.
 *   npx tsx bench/digest.ts [n]
 */
import { buildDigest } from '../src/digest/build';
import type { EntraQueue } from '../src/digest/entra-requests';
import { jsonBytes } from '../src/cards/size';
import { validateCard } from '../src/cards/validate';
import { MICROSOFT_GRAPH_APP_ID, type AppConsentRequest, type OAuth2PermissionGrant } from '../src/graph/types';
import type { ApprovalRequest } from '../src/requests/model';

const TENANT = '11111111-1111-4111-8111-111111111111';
const NOW = new Date('2025-06-16T07:00:00Z');

function hexId(i: number, prefix: string): string {
  const hex = i.toString(16).padStart(12, '0');
  return `${prefix}-0000-4000-8000-${hex}`;
}

function pendingRequest(i: number): ApprovalRequest {
  const appId = hexId(i % 500, '22222222');
  const userId = hexId(i, '44444444');
  const createdAt = new Date(NOW.getTime() - (i % 40) * 86_400_000 - i * 1000).toISOString();
  return {
    id: `req-${i}`,
    tenantId: TENANT,
    state: 'pending',
    createdAt,
    updatedAt: createdAt,
    requester: {
      aadObjectId: userId,
      teamsUserId: `29:${userId}`,
      displayName: `Requester number ${i}`,
      userPrincipalName: `user${i}@contoso.example`,
    },
    linkedRequesters: [],
    justification: 'Needed for the weekly report.',
    appId,
    appDisplayName: `Vendor connector ${i % 500}`,
    diagnosis: {
      app: { appId, displayName: `Vendor connector ${i % 500}`, servicePrincipalId: hexId(i % 500, '33333333') },
      user: { id: userId, userPrincipalName: `user${i}@contoso.example`, displayName: `Requester number ${i}` },
      candidates: [],
      findings: [],
      remedies: [
        {
          kind: 'grant_delegated',
          clientAppId: appId,
          resourceAppId: MICROSOFT_GRAPH_APP_ID,
          scopes: ['Sites.Read.All', 'offline_access'],
          consentType: 'AllPrincipals',
        },
      ],
      userOnlyRemedies: [],
      requested: { delegated: {}, application: {}, source: 'url' },
      graph: { requests: 0, roundTrips: 0 },
    },
    decision: { by: null, at: null, scope: null, reason: null },
    outcome: null,
    adminCard: {
      conversationId: '19:admins@thread.tacv2',
      activityId: String(1_750_000_000_000 + i),
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
    },
  };
}

function entraQueue(n: number): EntraQueue {
  const requests: AppConsentRequest[] = Array.from({ length: n }, (_, i) => ({
    id: `acr-${i}`,
    appId: hexId(i, '55555555'),
    appDisplayName: `Entra app ${i}`,
    pendingScopes: [{ displayName: 'User.Read' }],
    userConsentRequests: [
      {
        id: `ucr-${i}`,
        status: 'InProgress',
        createdDateTime: new Date(NOW.getTime() - (i % 30) * 86_400_000).toISOString(),
        createdBy: { user: { id: hexId(i, '66666666'), displayName: `Entra requester ${i}` } },
      },
    ],
  }));
  const servicePrincipalIds: Record<string, string | null> = {};
  const grants: Record<string, OAuth2PermissionGrant[]> = {};
  requests.forEach((r, i) => {
    const sp = hexId(i, '77777777');
    servicePrincipalIds[r.appId] = sp;
    if (i % 2 === 0)
      grants[sp] = [
        {
          id: `g-${i}`,
          clientId: sp,
          consentType: 'AllPrincipals',
          principalId: null,
          resourceId: 'graph',
          scope: 'User.Read',
        },
      ];
  });
  return { ok: true, requests, policy: { requestDurationInDays: 30 }, servicePrincipalIds, grants };
}

export async function benchDigest(n = 10_000): Promise<{ buildMs: number; bytes: number }> {
  const pending = Array.from({ length: n }, (_, i) => pendingRequest(i));
  const entra = entraQueue(Math.ceil(n / 10));
  const started = process.hrtime.bigint();
  const digest = buildDigest({ now: NOW, tenantId: TENANT, pending, entra, requestExpiryDays: 30 });
  const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
  const check = validateCard(digest.card);
  if (!check.ok)
    throw new Error(`digest card is invalid: ${check.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return { buildMs, bytes: jsonBytes(digest.card) };
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 10_000);
  void benchDigest(n).then((r) => {
    process.stdout.write(`digest  pending=${n}  build=${r.buildMs.toFixed(1)}ms  card=${r.bytes} bytes\n`);
  });
}
