/**
 * Which failed sign-ins earn a person a proactive offer of help. Pure.
 * Consent errors only: AADSTS65001 (no consent yet), 90094 (admin consent required) and 90095
 * (admin consent required, a request may be sent) — learn.microsoft.com/entra/identity-platform/reference-error-codes.
 * One offer per person and app and day, newest sign-in first; apps on the ignore list never.
 */
import type { SignIn } from '../graph/types';
import type { ApprovalRequest } from '../requests/model';
import { OPEN_STATES } from '../requests/plan-request';

export const CONSENT_ERROR_CODES: readonly number[] = [65001, 90094, 90095];

const NO_USER = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface HelpOffer {
  signInId: string;
  userId: string;
  userName: string;
  appId: string;
  appName: string;
  errorCode: number;
  at: string;
  /** UTC day of the sign-in (YYYY-MM-DD): the key of the once-a-day rule. */
  day: string;
}

/** The Graph filter for one run: consent errors since `since` (signIns support $filter and $top only). */
export function signInFilter(since: Date): string {
  const codes = CONSENT_ERROR_CODES.map((c) => `status/errorCode eq ${c}`).join(' or ');
  return `createdDateTime ge ${since.toISOString()} and (${codes})`;
}

/** One offer per person and app (their newest consent-error sign-in), skipping ignored apps. */
export function helpOffers(signIns: readonly SignIn[], ignoredApps: readonly string[]): HelpOffer[] {
  const ignored = new Set(ignoredApps.map((a) => a.toLowerCase()));
  const newest = new Map<string, HelpOffer>();
  for (const s of signIns) {
    const userId = s.userId?.toLowerCase() ?? '';
    const appId = s.appId?.toLowerCase() ?? '';
    if (
      !CONSENT_ERROR_CODES.includes(s.status?.errorCode) ||
      !GUID.test(userId) ||
      userId === NO_USER ||
      !GUID.test(appId) ||
      ignored.has(appId)
    )
      continue;
    const at = Date.parse(s.createdDateTime);
    if (!Number.isFinite(at)) continue;
    const key = `${userId}|${appId}`;
    const seen = newest.get(key);
    if (seen && Date.parse(seen.at) >= at) continue;
    newest.set(key, {
      signInId: s.id,
      userId,
      userName: s.userDisplayName || s.userPrincipalName || 'there',
      appId,
      appName: s.appDisplayName || appId,
      errorCode: s.status.errorCode,
      at: new Date(at).toISOString(),
      day: new Date(at).toISOString().slice(0, 10),
    });
  }
  return [...newest.values()].sort((a, b) => a.at.localeCompare(b.at));
}

/** How far back each run looks: enough to overlap the previous run (the daily rows make overlap harmless). */
export function lookbackMs(intervalSeconds: number): number {
  return Math.max(10 * 60_000, 3 * intervalSeconds * 1000);
}

type AskedRequest = Pick<ApprovalRequest, 'appId' | 'state' | 'createdAt' | 'requester' | 'linkedRequesters'>;

/**
 * The person already asked for the app: a request naming them is open, or was made at or after the
 * failed sign-in (they asked, in chat or with Entra's own "Request approval", and an admin may have
 * decided since). Offering to ask the admins then would be news to nobody.
 */
export function alreadyAsked(
  offer: Pick<HelpOffer, 'userId' | 'appId' | 'at'>,
  requests: readonly AskedRequest[],
): boolean {
  const open: readonly string[] = OPEN_STATES;
  return requests.some(
    (r) =>
      r.appId.toLowerCase() === offer.appId &&
      [r.requester, ...r.linkedRequesters].some((p) => p.aadObjectId.toLowerCase() === offer.userId) &&
      (open.includes(r.state) || Date.parse(r.createdAt) >= Date.parse(offer.at)),
  );
}
