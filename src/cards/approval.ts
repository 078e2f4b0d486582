/**
 * The admin channel card (approvalCard). One template serves every state; the view decides whether
 * the clicker sees buttons. Buttons carry only {requestId, mac}; the deny reason arrives as an input
 * value next to the data in the invoke.
 */
import type { ApprovalViewModel } from './approval-model';
import { STATE_LABELS, statusLines } from './approval-status';
import type { ChangeView } from './changes';
import { changeFacts, changeTitle } from './changes';
import { optionRows } from './approval-options';
import { expandTemplate } from './render';
import template from './templates/approval.json';
import { ENTRA_CONSENT_REQUESTS_URL } from './links';
import { LIMITS, cardDate, md, plain, plural } from './text';
import type { AdaptiveCard } from './types';
import { MAX_REFRESH_USER_IDS } from './validate';

export type ApprovalView = 'approver' | 'observer';

function changesData(changes: ChangeView[]) {
  return changes.map((c) => {
    const facts = changeFacts(c).map((f) => ({ title: md(f.title, LIMITS.name), value: md(f.value) }));
    const refused = c.kind === 'grant_delegated' ? c.refused : [];
    return {
      title: md(changeTitle(c)),
      hasFacts: facts.length > 0,
      facts,
      hasRefused: refused.length > 0,
      refusedText: `Never written: ${refused.map((r) => `${md(r.scope, LIMITS.name)} (${md(r.reason, LIMITS.label)})`).join(', ')}.`,
    };
  });
}

/** Changes the bot performs itself; a plan of only manual steps gives Approve nothing to do. */
function isActionable(plan: ChangeView[]): boolean {
  return plan.some((c) => c.kind !== 'manual');
}

const FINDING_PREFIX = { blocker: 'Blocker', warning: 'Warning', info: 'Note' } as const;

/** Container styles carry the state's colour (readable on light and dark themes), never text colour. */
const STATE_STYLE: Record<ApprovalViewModel['state'], 'accent' | 'good' | 'attention' | 'emphasis'> = {
  pending: 'accent',
  approving: 'accent',
  approved: 'good',
  failed: 'attention',
  denied: 'attention',
  expired: 'emphasis',
  withdrawn: 'emphasis',
};

const STATUS_HEADING: Record<ApprovalViewModel['state'], string> = {
  pending: '',
  approving: 'Being applied',
  approved: 'What changed',
  failed: 'What happened',
  denied: 'Decision',
  expired: 'Decision',
  withdrawn: 'Decision',
};

/**
 * The tenant that owns the app, when the model knows it (Entra's consent screen shows it). Read
 * structurally so the card shows it as soon as the view model carries it.
 */
function ownerTenant(app: ApprovalViewModel['app']): string | null {
  const a = app as ApprovalViewModel['app'] & {
    ownerTenantName?: unknown;
    ownerTenantId?: unknown;
    appOwnerOrganizationId?: unknown;
  };
  const pick = [a.ownerTenantName, a.ownerTenantId, a.appOwnerOrganizationId].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  return pick ?? null;
}

/** The cause in one plain sentence: the first blocker, in the admins' words (the requester is named, not "you"). */
function causeOf(vm: ApprovalViewModel): string | null {
  const first =
    vm.findings.find((f) => f.severity === 'blocker') ?? vm.findings.find((f) => f.severity === 'warning') ?? null;
  if (!first) return null;
  const more = vm.findings.filter((f) => f.severity === 'blocker').length - 1;
  return `${md(first.plain || first.text)}${more > 0 ? ` (and ${plural(more, 'more cause')}: see Technical details)` : ''}`;
}

/** "Approve for Carol only": the first name keeps the button title short enough to show whole. */
export function shortName(displayName: string): string {
  const clean = plain(displayName, LIMITS.label);
  const first = clean.split(/[\s,]+/).find((w) => w !== '') ?? clean;
  return (clean.length <= 12 ? clean : first).slice(0, 16) || 'this user';
}

/** An Entra requester's reason; the one already shown as the card's reason is not repeated. */
function reasonText(reason: string | null, shown: string | null): string {
  if (!reason) return ' (no reason given)';
  if (shown !== null && plain(reason) === plain(shown)) return ' (the reason above)';
  return `: "${md(reason, LIMITS.justification)}"`;
}

/**
 * The Entra admin consent requests behind the card: who asked there, why, and the scopes Entra
 * recorded. Microsoft Graph has no way to approve or deny them (learn.microsoft.com/graph/api/resources/appconsentrequest
 * lists read methods only), so after a decision the card says they stay open in Entra and links there.
 */
function entraRequestsData(vm: ApprovalViewModel) {
  const decided = vm.state !== 'pending' && vm.state !== 'approving';
  const count = vm.entraRequests.length;
  const them = count === 1 ? 'it' : 'them';
  return {
    hasEntraRequests: count > 0,
    entraHeading: decided
      ? "Entra's admin consent workflow"
      : `Also waiting in Entra's admin consent workflow (${plural(count, 'request')})`,
    entraRequests: vm.entraRequests.slice(0, 10).map((e) => ({
      text: `**${md(e.requesterName, LIMITS.name)}** asked in Entra on ${cardDate(e.createdDateTime)}${reasonText(e.reason, vm.justification)}. Scopes Entra recorded: ${e.scopes.length > 0 ? md(e.scopes.join(', ')) : 'none listed'}.`,
    })),
    entraNote: decided
      ? `**Entra's own ${count === 1 ? 'request is' : 'requests are'} still open**: Microsoft Graph cannot approve or deny ${them}, so Entra keeps listing ${them} (and may keep reminding its reviewers) until a reviewer closes ${them} in the Entra admin center.`
      : `Deciding here does not close ${count === 1 ? 'the Entra request' : 'the Entra requests'}: Microsoft Graph cannot, so the card will link you there afterwards.`,
    entraRequestsUrl: ENTRA_CONSENT_REQUESTS_URL,
  };
}

/** A line on top of the card saying why a click changed nothing (src/approvals/render.ts). */
export interface ApprovalCardNote {
  text: string;
  tone: 'info' | 'warning';
}

export function approvalCard(
  vm: ApprovalViewModel,
  view: ApprovalView,
  note: ApprovalCardNote | null = null,
): AdaptiveCard {
  const pending = vm.state === 'pending';
  // A failed approval can be approved again (or denied): its card keeps the buttons.
  const failed = vm.state === 'failed';
  const decidable = pending || failed;
  const approver = view === 'approver';
  const live = pending || vm.state === 'approving';
  const refreshUserIds = [...new Set(vm.approverTeamsUserIds)].slice(0, MAX_REFRESH_USER_IDS);
  const requesterName = vm.requester.displayName;
  const upn = vm.requester.userPrincipalName ? ` (${md(vm.requester.userPrincipalName, LIMITS.name)})` : '';
  const owner = ownerTenant(vm.app);
  const status = statusLines(vm);
  const cause = pending ? causeOf(vm) : null;
  const options = decidable ? optionRows(vm.everyonePlan, vm.userPlan) : [];

  const data = {
    hasNote: note !== null,
    noteText: md(note?.text ?? '', 600),
    noteColor: note?.tone === 'warning' ? 'Attention' : 'Accent',
    ref: { requestId: vm.ref.requestId, mac: vm.ref.mac },
    hasRefresh: (live || failed) && refreshUserIds.length > 0,
    refreshUserIds,
    stateLabel: STATE_LABELS[vm.state].label,
    stateStyle: STATE_STYLE[vm.state],
    appName: md(vm.app.displayName, LIMITS.name),
    publisherLine: `Publisher: ${md(vm.app.publisherName ?? 'not stated', LIMITS.name)}${owner ? ` · owned by tenant ${md(owner, LIMITS.name)}` : ''}`,
    publisherStyle: vm.app.verifiedPublisher ? 'good' : 'warning',
    publisherVerdict: vm.app.verifiedPublisher
      ? `Verified publisher: ${md(vm.app.verifiedPublisher, LIMITS.name)}`
      : vm.app.inTenant
        ? 'Publisher not verified by Microsoft'
        : "Publisher and verification: not known until the app is added (Entra's consent screen shows them)",
    appFacts: [
      { title: 'Owning tenant', value: md(vm.app.owner, LIMITS.name) },
      { title: 'App ID', value: md(vm.app.appId, 64) },
      {
        title: 'Enterprise app',
        value: vm.app.servicePrincipalId ? `object id ${md(vm.app.servicePrincipalId, 64)}` : 'not in this tenant yet',
      },
      // Admins type "audit <request>" to see the history.
      { title: 'Request', value: md(vm.ref.requestId, 128) },
    ],
    requesterText: `**${md(requesterName, LIMITS.name)}**${upn} asked on ${cardDate(vm.createdAt)}.`,
    hasJustification: vm.justification !== null && plain(vm.justification) !== '',
    justification: `Their reason: "${md(vm.justification, LIMITS.justification)}"`,
    hasLinked: vm.linkedRequesters.length > 0,
    linkedText: `${plural(vm.linkedRequesters.length, 'more person', 'more people')} asked for the same app: ${md(vm.linkedRequesters.slice(0, 10).join(', '))}${vm.linkedRequesters.length > 10 ? ' and others' : ''}.`,
    hasStatusDetails: status.length > 0,
    statusHeading: STATUS_HEADING[vm.state],
    statusDetails: status.map((l) => ({ text: l.text })),
    hasCause: cause !== null,
    cause: cause ?? '',
    hasOptions: options.length > 0,
    options,
    userColumn: `${md(shortName(requesterName), LIMITS.label)} only`,
    hasFindings: vm.findings.length > 0,
    findings: vm.findings.map((f) => ({ text: `${FINDING_PREFIX[f.severity]} (${md(f.code)}): ${md(f.text)}` })),
    hasEveryonePlan: (live || failed) && vm.everyonePlan.length > 0,
    everyoneChanges: changesData(vm.everyonePlan),
    hasUserPlan: (live || failed) && vm.userPlan.length > 0,
    userPlanHeading: `"Approve for ${md(requesterName, LIMITS.label)} only" writes`,
    userChanges: changesData(vm.userPlan),
    hasNoPlan: pending && vm.everyonePlan.length === 0 && vm.userPlan.length === 0,
    hasRisks: decidable && vm.risks.length > 0,
    risks: vm.risks.map((r) => ({ text: `• ${md(r, 1000)}` })),
    hasConsentScreen: decidable && vm.consentScreen !== null,
    consentPermissions: (vm.consentScreen?.permissions ?? []).map((p) => ({
      title: md(`${p.scope.value} (${p.resourceName})`, LIMITS.name),
      value: md(p.line),
    })),
    hasConfirm: decidable && approver && vm.confirmItems.length > 0,
    confirmItems: vm.confirmItems.map((c) => ({
      id: c.inputId,
      valueOn: plain(c.valueOn, LIMITS.line),
      title: plain(`${c.scope.value} (${c.resourceName}): ${c.line}`, LIMITS.line),
    })),
    hasRolePick: decidable && approver && vm.rolePick !== null,
    rolePickLabel: plain(
      `App role to assign ${vm.rolePick?.userName ?? ''} (no group of theirs names one)`,
      LIMITS.line,
    ),
    roleChoices: (vm.rolePick?.choices ?? []).map((c) => ({ title: plain(c.title, LIMITS.line), value: c.value })),
    isObserver: decidable && !approver,
    showApproveAll: decidable && approver && isActionable(vm.everyonePlan),
    showApproveUser: decidable && approver && isActionable(vm.userPlan),
    approveUserTitle: `Approve for ${shortName(requesterName)} only`,
    showDeny: decidable && approver,
    hasEntraLink: vm.entraLink !== null && ((decidable && approver) || failed),
    entraUrl: vm.entraLink?.url ?? '',
    entraTitle: vm.entraLink?.kind === 'admin_consent' ? 'Grant in Entra instead' : 'Open the app in Entra',
    ...entraRequestsData(vm),
  };
  return expandTemplate(template, data);
}
