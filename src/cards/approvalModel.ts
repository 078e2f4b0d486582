/**
 * ApprovalRequest (+ facts the request does not store) -> the admin card's view model. Pure.
 * Strings here are raw; approvalCard escapes them.
 */
import type { FindingCode, Severity } from '../diagnosis/types';
import type { ServicePrincipal } from '../graph/types';
import type { ApprovalRequest, ApprovalScope, RequestState } from '../requests/model';
import { type ChangeContext, type ChangeView, changeTitle, resourceName, toChangeView } from './changes';
import { adminConsentUrl, entraEnterpriseAppUrl, safeHttpsUrl } from './links';
import { riskNotes } from './risk';
import type { CardDataRef } from './types';

export interface OutcomeStepView {
  change: string;
  status: 'done' | 'already_done' | 'failed' | 'skipped';
  error: string | null;
  graphRequestId: string | null;
}

export interface ApprovalViewModel {
  ref: CardDataRef;
  state: RequestState;
  createdAt: string;
  updatedAt: string;
  requester: { displayName: string; userPrincipalName: string | null };
  justification: string | null;
  linkedRequesters: string[];
  app: {
    displayName: string;
    appId: string;
    servicePrincipalId: string | null;
    publisherName: string | null;
    /** Display name of the verified publisher; null when not verified. */
    verifiedPublisher: string | null;
  };
  /** `text`: the precise admin wording; `plain`: the same cause in plain words (the requester's). */
  findings: Array<{ code: FindingCode; severity: Severity; text: string; plain: string }>;
  /** "Approve for everyone": empty when no automatic fix exists. */
  everyonePlan: ChangeView[];
  /** "Approve for <user> only": empty when no user-only plan exists. */
  userPlan: ChangeView[];
  risks: string[];
  entraLink: { url: string; kind: 'admin_consent' | 'portal' } | null;
  decision: { by: string | null; at: string | null; scope: ApprovalScope | null; reason: string | null };
  outcome: { steps: OutcomeStepView[]; verified: boolean | null; error: string | null } | null;
  /** Teams user ids ("29:...") of approvers, for Universal Actions refresh. */
  approverTeamsUserIds: string[];
}

export interface ApprovalContext extends ChangeContext {
  /** The app's service principal as read from Graph (publisher facts are not stored on the request). */
  servicePrincipal?: (Pick<ServicePrincipal, 'verifiedPublisher' | 'appOwnerOrganizationId'> & { publisherName?: string | null }) | null;
  approverTeamsUserIds?: string[];
}

const SEVERITY_ORDER: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };

/** Only changes the bot can make; link-outs become the Entra link instead. */
function plan(remedies: ApprovalRequest['diagnosis']['remedies'], ctx: ChangeContext): ChangeView[] {
  return remedies.map((r) => toChangeView(r, ctx)).filter((c): c is ChangeView => c !== null);
}

function entraLink(request: ApprovalRequest): ApprovalViewModel['entraLink'] {
  const remedies = [...request.diagnosis.remedies, ...request.diagnosis.userOnlyRemedies];
  for (const r of remedies) {
    const url = r.kind === 'admin_consent_url' ? safeHttpsUrl(r.url) : null;
    if (url) return { url, kind: 'admin_consent' };
  }
  const spId = request.diagnosis.app?.servicePrincipalId ?? null;
  const portal = entraEnterpriseAppUrl(spId, request.appId);
  if (portal) return { url: portal, kind: 'portal' };
  const consent = adminConsentUrl(request.tenantId, request.appId);
  return consent ? { url: consent, kind: 'admin_consent' } : null;
}

/** The context stored with the diagnosis, so a card renders the same without re-reading Graph. */
function storedContext(request: ApprovalRequest): ApprovalContext {
  const stored = request.diagnosis.context;
  if (!stored) return {};
  return {
    servicePrincipal: { publisherName: stored.publisherName, verifiedPublisher: stored.verifiedPublisher ? { ...stored.verifiedPublisher, addedDateTime: null } : undefined },
    resources: stored.resources,
    appRoles: stored.appRoles,
    userNames: stored.userNames,
  };
}

export function toApprovalViewModel(request: ApprovalRequest, ref: CardDataRef, given: ApprovalContext = {}): ApprovalViewModel {
  const ctx: ApprovalContext = { ...storedContext(request), ...given };
  const { diagnosis } = request;
  const everyonePlan = plan(diagnosis.remedies, ctx);
  const userPlan = plan(diagnosis.userOnlyRemedies, ctx);
  const verifiedPublisher = ctx.servicePrincipal?.verifiedPublisher?.verifiedPublisherId
    ? ctx.servicePrincipal.verifiedPublisher.displayName ?? 'verified publisher'
    : null;
  const publisherName = ctx.servicePrincipal?.publisherName ?? null;

  const grants = everyonePlan.flatMap((c) => (c.kind === 'grant_delegated' ? [c] : []));
  const applicationPermissions = Object.entries(diagnosis.requested.application)
    .filter(([, perms]) => perms.length > 0)
    .map(([appId, permissions]) => ({ resourceName: resourceName(appId, ctx), permissions }));
  const risks = riskNotes({
    grantedScopes: grants.flatMap((g) => g.scopes.map((s) => ({ resourceName: g.resourceName, scope: s.value }))),
    unknownScopes: grants.flatMap((g) => g.scopes.filter((s) => s.type === 'Unknown').map((s) => s.value)),
    tenantWide: grants.some((g) => g.consentType === 'AllPrincipals'),
    publisherVerified: verifiedPublisher !== null,
    publisherName,
    applicationPermissions,
    unresolvedScopes: diagnosis.requested.unresolved ?? [],
  });

  const findings = [...diagnosis.findings]
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
    .map((f) => ({ code: f.code, severity: f.severity, text: f.adminSummary, plain: f.summary }));

  const outcome = request.outcome
    ? {
        verified: request.outcome.verified,
        error: request.outcome.error,
        steps: request.outcome.steps.map((s) => {
          const change = toChangeView(s.remedy, ctx);
          return {
            change: change ? changeTitle(change) : 'Open the admin consent link',
            status: s.status,
            error: s.error,
            graphRequestId: s.graphRequestId,
          };
        }),
      }
    : null;

  return {
    ref,
    state: request.state,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    requester: { displayName: request.requester.displayName, userPrincipalName: request.requester.userPrincipalName },
    justification: request.justification,
    linkedRequesters: request.linkedRequesters.map((r) => r.displayName),
    app: {
      displayName: diagnosis.app?.displayName ?? request.appDisplayName,
      appId: request.appId,
      servicePrincipalId: diagnosis.app?.servicePrincipalId ?? null,
      publisherName,
      verifiedPublisher,
    },
    findings,
    everyonePlan,
    userPlan,
    risks,
    entraLink: entraLink(request),
    decision: {
      by: request.decision.by?.displayName ?? null,
      at: request.decision.at,
      scope: request.decision.scope,
      reason: request.decision.reason,
    },
    outcome,
    approverTeamsUserIds: ctx.approverTeamsUserIds ?? [],
  };
}
