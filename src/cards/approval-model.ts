/**
 * ApprovalRequest (+ facts the request does not store) -> the admin card's view model. Pure.
 * Strings here are raw; approvalCard escapes them.
 */
import { CONFIRM_INPUT_PREFIX, confirmItems, toggleValue } from '../approvals/choices';
import { userAssignableRoles } from '../diagnosis/assignment-role';
import { isFirstPartyApp } from '../diagnosis/resources';
import type { FindingCode, Remedy, Severity } from '../diagnosis/types';
import type { ServicePrincipal } from '../graph/types';
import type { ApprovalRequest, ApprovalScope, RequestState } from '../requests/model';
import { oneClickRemedy } from '../requests/one-click';
import { appInTenant } from '../requests/state-machine';
import {
  type ChangeContext,
  type ChangeView,
  type ScopeView,
  changeTitle,
  resourceName,
  scopeLine,
  scopeView,
  toChangeView,
} from './changes';
import { adminConsentLink, entraEnterpriseAppUrl, safeHttpsUrl } from './links';
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
    /** A name the app claims for its publisher (beta-only in Graph: usually null); never proof of anything. */
    publisherName: string | null;
    /** Display name of the verified publisher; null when not verified. */
    verifiedPublisher: string | null;
    /** Whether the app has an enterprise app (service principal) in this tenant. */
    inTenant: boolean;
    /** The tenant that owns the app (appOwnerOrganizationId), in words. */
    owner: string;
    ownerTenantId: string | null;
  };
  /**
   * For an app not in the tenant: what Entra's consent screen would list, every permission the
   * request names with its type and where it was seen. Nothing here is written by the bot.
   */
  consentScreen: { permissions: Array<{ resourceName: string; scope: ScopeView; line: string }> } | null;
  /** High-privilege scopes the approver must tick one by one (Input.Toggle ids confirm_<k>). */
  confirmItems: Array<{ inputId: string; valueOn: string; resourceName: string; scope: ScopeView; line: string }>;
  /** Set when an assignment's role is the approver's pick: the app's user roles, name and description. */
  rolePick: { userName: string; choices: Array<{ value: string; title: string }> } | null;
  /**
   * `text`: the precise admin wording; `plain`: the same cause in plain words for the admins, naming
   * the requester (a diagnosis stored before those words existed has the precise wording there).
   */
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
  /** The Entra admin consent requests this request stands for (src/watchers); empty for chat-only requests. */
  entraRequests: Array<{ requesterName: string; reason: string | null; scopes: string[]; createdDateTime: string }>;
}

export interface ApprovalContext extends ChangeContext {
  /** The app's service principal as read from Graph (publisher facts are not stored on the request). */
  servicePrincipal?:
    (Pick<ServicePrincipal, 'verifiedPublisher' | 'appOwnerOrganizationId'> & { publisherName?: string | null }) | null;
  approverTeamsUserIds?: string[];
}

const SEVERITY_ORDER: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };

/** Only changes the bot can make; link-outs become the Entra link instead. */
function plan(remedies: ApprovalRequest['diagnosis']['remedies'], ctx: ChangeContext): ChangeView[] {
  return remedies.map((r) => toChangeView(r, ctx)).filter((c): c is ChangeView => c !== null);
}

/**
 * The plan as one click may carry it out (src/requests/one-click.ts), plus link-outs and manual
 * steps; for an app not in the tenant only the latter (its review happens on Entra's consent screen).
 */
function viewPlan(request: ApprovalRequest, remedies: readonly Remedy[], ctx: ChangeContext): Remedy[] {
  const facts = {
    requested: request.diagnosis.requested,
    context: { resources: ctx.resources ?? request.diagnosis.context?.resources },
  };
  const inTenant = appInTenant(request);
  const appId = request.appId.toLowerCase();
  return remedies
    .filter((r) => inTenant || r.kind === 'manual' || r.kind === 'admin_consent_url')
    .filter((r) => !(r.kind === 'create_service_principal' && r.appId.toLowerCase() === appId))
    .map((r) => oneClickRemedy(r, facts));
}

function ownerWords(request: ApprovalRequest, ownerTenantId: string | null): string {
  if (!appInTenant(request)) return "not known until the app is added (Entra's consent screen shows it)";
  if (!ownerTenantId) return 'not stated';
  if (ownerTenantId.toLowerCase() === request.tenantId.toLowerCase()) return `this tenant (${ownerTenantId})`;
  if (isFirstPartyApp({ appId: request.appId, appOwnerOrganizationId: ownerTenantId }))
    return `Microsoft (${ownerTenantId})`;
  return `another organization's tenant (${ownerTenantId})`;
}

function entraLink(request: ApprovalRequest, hasConfirm: boolean): ApprovalViewModel['entraLink'] {
  // Apps not in the tenant, and scopes that need an explicit review, go to Entra's own consent screen.
  if (!appInTenant(request) || hasConfirm) {
    const consent = adminConsentLink(request.tenantId, request.appId);
    if (consent) return { url: consent, kind: 'admin_consent' };
  }
  const remedies = [...request.diagnosis.remedies, ...request.diagnosis.userOnlyRemedies];
  for (const r of remedies) {
    const url = r.kind === 'admin_consent_url' ? safeHttpsUrl(r.url) : null;
    if (url) return { url, kind: 'admin_consent' };
  }
  const spId = request.diagnosis.app?.servicePrincipalId ?? null;
  const portal = entraEnterpriseAppUrl(spId, request.appId);
  if (portal) return { url: portal, kind: 'portal' };
  const consent = adminConsentLink(request.tenantId, request.appId);
  return consent ? { url: consent, kind: 'admin_consent' } : null;
}

/** The context stored with the diagnosis, so a card renders the same without re-reading Graph. */
function storedContext(request: ApprovalRequest): ApprovalContext {
  const stored = request.diagnosis.context;
  if (!stored) return {};
  return {
    servicePrincipal: {
      publisherName: stored.publisherName,
      verifiedPublisher: stored.verifiedPublisher ? { ...stored.verifiedPublisher, addedDateTime: null } : undefined,
      appOwnerOrganizationId: stored.appOwnerOrganizationId ?? null,
    },
    resources: stored.resources,
    appRoles: stored.appRoles,
    userNames: stored.userNames,
    classifications: stored.classifications,
    requested: request.diagnosis.requested,
  };
}

export function toApprovalViewModel(
  request: ApprovalRequest,
  ref: CardDataRef,
  given: ApprovalContext = {},
): ApprovalViewModel {
  const ctx: ApprovalContext = { ...storedContext(request), ...given };
  const { diagnosis } = request;
  ctx.requested ??= diagnosis.requested;
  const everyoneRemedies = viewPlan(request, diagnosis.remedies, ctx);
  const userRemedies = viewPlan(request, diagnosis.userOnlyRemedies, ctx);
  const everyonePlan = plan(everyoneRemedies, ctx);
  const userPlan = plan(userRemedies, ctx);
  const ownerTenantId = ctx.servicePrincipal?.appOwnerOrganizationId ?? null;
  const verifiedPublisher = ctx.servicePrincipal?.verifiedPublisher?.verifiedPublisherId
    ? (ctx.servicePrincipal.verifiedPublisher.displayName ?? 'verified publisher')
    : null;
  const publisherName = ctx.servicePrincipal?.publisherName ?? null;

  const confirm = confirmItems([everyoneRemedies, userRemedies]).map((item, k) => {
    const grant = [...everyoneRemedies, ...userRemedies].find(
      (r): r is Extract<Remedy, { kind: 'grant_delegated' }> =>
        r.kind === 'grant_delegated' &&
        r.resourceAppId === item.resourceAppId &&
        (r.confirm ?? []).includes(item.scope),
    );
    const change = grant ? toChangeView(grant, ctx) : null;
    const view = change?.kind === 'grant_delegated' ? change.confirm.find((c) => c.value === item.scope) : undefined;
    const scope = view ?? scopeView(item.resourceAppId, item.scope, ctx);
    return {
      inputId: `${CONFIRM_INPUT_PREFIX}${k}`,
      valueOn: toggleValue(item),
      resourceName: resourceName(item.resourceAppId, ctx),
      scope,
      line: scopeLine(scope),
    };
  });

  const grants = everyonePlan.flatMap((c) => (c.kind === 'grant_delegated' ? [c] : []));
  const applicationPermissions = Object.entries(diagnosis.requested.application)
    .filter(([, perms]) => perms.length > 0)
    .map(([appId, permissions]) => ({ resourceName: resourceName(appId, ctx), permissions }));
  const risks = riskNotes({
    grantedScopes: grants.flatMap((g) =>
      g.scopes.map((s) => ({
        resourceName: g.resourceName,
        scope: s.value,
        highImpact: s.highImpact,
        classification: s.classification,
      })),
    ),
    unknownScopes: grants.flatMap((g) => g.scopes.filter((s) => s.type === 'Unknown').map((s) => s.value)),
    tenantWide: grants.some((g) => g.consentType === 'AllPrincipals'),
    publisherVerified: verifiedPublisher !== null,
    publisherName,
    applicationPermissions,
    unresolvedScopes: diagnosis.requested.unresolved ?? [],
    confirmScopes: confirm.map((c) => `${c.scope.value} (${c.resourceName})`),
    refusedScopes: [...everyonePlan, ...userPlan]
      .flatMap((c) => (c.kind === 'grant_delegated' ? c.refused.map((r) => `${r.scope} (${r.reason})`) : []))
      .filter((v, i, all) => all.indexOf(v) === i),
    owner: appInTenant(request) && ownerTenantId ? ownerWords(request, ownerTenantId) : null,
    appName: diagnosis.app?.displayName ?? request.appDisplayName,
    firstParty: ownerTenantId
      ? isFirstPartyApp({ appId: request.appId, appOwnerOrganizationId: ownerTenantId })
      : false,
    inTenant: appInTenant(request),
  });

  const findings = [...diagnosis.findings]
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
    .map((f) => ({
      code: f.code,
      severity: f.severity,
      text: f.adminSummary,
      plain: f.summaryForAdmins ?? f.adminSummary,
    }));

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
      inTenant: appInTenant(request),
      owner: ownerWords(request, ownerTenantId),
      ownerTenantId,
    },
    findings,
    everyonePlan,
    userPlan,
    risks,
    entraLink: entraLink(request, confirm.length > 0),
    consentScreen: appInTenant(request) ? null : { permissions: requestedPermissions(request, ctx) },
    confirmItems: confirm,
    rolePick: rolePick(request, [...everyoneRemedies, ...userRemedies], ctx),
    decision: {
      by: request.decision.by?.displayName ?? null,
      at: request.decision.at,
      scope: request.decision.scope,
      reason: request.decision.reason,
    },
    outcome,
    approverTeamsUserIds: ctx.approverTeamsUserIds ?? [],
    entraRequests: (request.entraRequests ?? []).map((e) => ({
      requesterName: e.requesterName,
      reason: e.reason,
      scopes: e.scopes,
      createdDateTime: e.createdDateTime,
    })),
  };
}

/** Every delegated permission the request names, as Entra's consent screen would list them. */
function requestedPermissions(
  request: ApprovalRequest,
  ctx: ApprovalContext,
): NonNullable<ApprovalViewModel['consentScreen']>['permissions'] {
  const requested = request.diagnosis.requested;
  const rows =
    requested.evidence && requested.evidence.length > 0
      ? requested.evidence.map((e) => ({ resourceAppId: e.resourceAppId, scope: e.scope, sources: e.sources }))
      : Object.entries(requested.delegated).flatMap(([resourceAppId, scopes]) =>
          scopes.map((scope) => ({
            resourceAppId: resourceAppId as string | null,
            scope,
            sources: requested.source === 'url' ? ['consent_url' as const] : [],
          })),
        );
  return rows.map((r) => {
    const scope = scopeView(r.resourceAppId ?? '', r.scope, ctx, r.sources);
    return {
      resourceName: r.resourceAppId ? resourceName(r.resourceAppId, ctx) : 'an API that could not be identified',
      scope,
      line: scopeLine(scope),
    };
  });
}

/** The role choice for an assignment the evidence does not settle: the app's user roles with name and description. */
function rolePick(
  request: ApprovalRequest,
  remedies: readonly Remedy[],
  ctx: ApprovalContext,
): ApprovalViewModel['rolePick'] {
  const assign = remedies.find(
    (r): r is Extract<Remedy, { kind: 'assign_user' }> =>
      r.kind === 'assign_user' && (r.roleChoices?.length ?? 0) > 0 && !r.appRoleId,
  );
  if (!assign) return null;
  const roles = userAssignableRoles(ctx.appRoles);
  const choices = (assign.roleChoices ?? []).flatMap((id) => {
    const role = roles.find((r) => r.id.toLowerCase() === id.toLowerCase());
    return role
      ? [{ value: role.id, title: role.description ? `${role.displayName} — ${role.description}` : role.displayName }]
      : [];
  });
  return choices.length > 0
    ? { userName: ctx.userNames?.[assign.userId] ?? request.requester.displayName, choices }
    : null;
}
