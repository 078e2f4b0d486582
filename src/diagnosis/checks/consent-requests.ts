/**
 * The admin consent workflow: what became of the user's own "request approval" in Entra, and
 * whether that workflow is switched on at all.
 */
import type { UserConsentRequest } from '../../graph/types';
import type { ConsentAnalysis } from '../consent-analysis';
import { finding, requesterName, result, type CheckResult } from '../findings';
import { hasSignInError, type FactsView } from '../facts-view';
import type { Finding } from '../types';

const DAY_MS = 86_400_000;

export function latestRequestByUser(view: FactsView): UserConsentRequest | null {
  const userId = view.userId?.toLowerCase();
  const appId = view.facts.appId?.toLowerCase();
  if (!userId) return null;
  const mine = view.facts.consentRequests
    .filter((r) => !appId || r.appId.toLowerCase() === appId)
    .flatMap((r) => r.userConsentRequests)
    .filter((u) => u.createdBy?.user?.id?.toLowerCase() === userId);
  return mine.sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime))[0] ?? null;
}

export function decision(request: UserConsentRequest): 'approved' | 'denied' | null {
  const stages = request.approval?.stages ?? [];
  const reviewed = [...stages].reverse().find((s) => s.reviewResult);
  const value = reviewed?.reviewResult?.toLowerCase() ?? '';
  if (value.startsWith('deny') || value.startsWith('denied')) return 'denied';
  if (value.startsWith('approve')) return 'approved';
  return null;
}

function hasLapsed(view: FactsView, request: UserConsentRequest): boolean {
  const days = view.facts.adminConsentRequestPolicy?.requestDurationInDays;
  const created = Date.parse(request.createdDateTime);
  const now = Date.parse(view.facts.now);
  return !!days && days > 0 && Number.isFinite(created) && Number.isFinite(now) && now - created > days * DAY_MS;
}

/** Entra's request lapsed (by its own status, or by the policy's duration while still open). */
function expired(view: FactsView, detail: string, evidence: Finding['evidence']): CheckResult {
  return result([
    finding(
      'CONSENT_REQUEST_EXPIRED',
      'info',
      false,
      {
        requester: 'Your earlier request for approval ran out of time without an answer.',
        admins: `${requesterName(view)}'s earlier request for approval in Entra ran out of time without an answer.`,
      },
      detail,
      evidence,
    ),
  ]);
}

export function checkConsentRequest(view: FactsView): CheckResult {
  const request = latestRequestByUser(view);
  if (!request) return result();
  const status = request.status.toLowerCase();
  const evidence = { consentRequestId: request.id, status: request.status, createdDateTime: request.createdDateTime };
  if (status === 'inprogress' || status === 'initializing') {
    if (hasLapsed(view, request)) {
      return expired(
        view,
        `userConsentRequest ${request.id} (created ${request.createdDateTime}) is older than requestDurationInDays ` +
          `(${view.facts.adminConsentRequestPolicy?.requestDurationInDays}) and still ${request.status}.`,
        evidence,
      );
    }
    return result([
      finding(
        'CONSENT_REQUEST_PENDING',
        'info',
        false,
        {
          requester:
            'You already asked for approval in the Microsoft sign-in screen; that request is still waiting for an administrator.',
          admins: `${requesterName(view)} already asked for approval in the Microsoft sign-in screen; that request is still waiting for an administrator.`,
        },
        `userConsentRequest ${request.id} created ${request.createdDateTime} is ${request.status}. Graph cannot approve it; ` +
          'granting consent satisfies it, and it stays open in Entra until it expires.',
        evidence,
      ),
    ]);
  }
  if (status === 'expired') {
    return expired(
      view,
      `userConsentRequest ${request.id} created ${request.createdDateTime} has status Expired.`,
      evidence,
    );
  }
  if (status === 'completed' && decision(request) === 'denied') {
    const stage = [...(request.approval?.stages ?? [])].reverse().find((s) => s.reviewResult);
    const by = stage?.reviewedBy?.displayName ?? stage?.reviewedBy?.userPrincipalName ?? 'a reviewer';
    const why = stage?.justification ? ` Reason given: "${stage.justification}".` : '';
    return result([
      finding(
        'CONSENT_REQUEST_DENIED',
        'warning',
        false,
        {
          requester: `Your earlier request for approval was turned down by an administrator.${why}`,
          admins: `${requesterName(view)}'s earlier request for approval was turned down by ${by}.${why}`,
        },
        `userConsentRequest ${request.id} was denied by ${by} on ${stage?.reviewedDateTime ?? 'an unknown date'}.${why}`,
        { ...evidence, reviewedBy: by, justification: stage?.justification ?? null },
      ),
    ]);
  }
  return result();
}

export function checkConsentWorkflow(view: FactsView, analysis: ConsentAnalysis): CheckResult {
  const policy = view.facts.adminConsentRequestPolicy;
  if (!policy || policy.isEnabled || !analysis.adminNeeded) return result();
  const findings: Finding[] = [
    finding(
      'ADMIN_CONSENT_WORKFLOW_DISABLED',
      'info',
      false,
      {
        requester:
          'Your organisation has no "request approval" button on the Microsoft sign-in screen, so I will ask the administrators for you.',
        admins: `The organisation has no "request approval" button on the Microsoft sign-in screen, so the bot asks the administrators on behalf of ${requesterName(view)}.`,
      },
      'adminConsentRequestPolicy.isEnabled = false: users blocked by consent cannot file a request in Entra (AADSTS90094 instead of 90095).',
      { signInErrorCodes: hasSignInError(view, [90094]).map(String) },
    ),
  ];
  return result(findings);
}
