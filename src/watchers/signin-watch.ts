/**
 * One run of sign-in help, for one replica: read the consent-error sign-ins since the last look and
 * offer each person, once per app and day, to ask their admins. The offer is claimed in storage
 * before it is sent (one replica sends it). Skipped: ignored apps, people who already have an open
 * request for the app, people at their daily cap. The first run only records where to start, so
 * an install does not message everyone who failed last week. Never throws.
 */
import { userConversationKey } from '../approvals/approval-card-posting';
import { resolveRoute, sendToUser } from '../approvals/notify';
import { readerFor } from '../graph/facts-connection';
import type { SignIn } from '../graph/types';
import { cardMessage } from '../ports/messenger';
import { OPEN_STATES } from '../requests/plan-request';
import type { Requester } from '../requests/model';
import type { Services } from '../services';
import type { WatcherRun } from '../store/watch-store';
import { helpCard, helpPreview } from '../cards/help-offer';
import { errorText } from './run-record';
import { alreadyAsked, helpOffers, lookbackMs, signInFilter, type HelpOffer } from './signin-plan';

export const SIGN_IN_PERMISSION = 'AuditLog.Read.All';
const NOT_PREMIUM = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';
/** signIns: $top at most 1000 (learn.microsoft.com/graph/api/signin-list); one page per run is plenty for consent errors. */
const PAGE = 200;

export interface SignInWatchResult {
  run: WatcherRun;
  messaged: number;
  skipped: number;
}

type Read =
  | { ok: true; signIns: SignIn[] }
  | { ok: false; status: WatcherRun['status']; detail: string; permission: string | null };

async function readConsentErrors(services: Services, since: Date): Promise<Read> {
  const reader = readerFor(services.graph);
  const url = `/auditLogs/signIns?$filter=${encodeURIComponent(signInFilter(since))}&$top=${PAGE}`;
  await reader.round([{ id: 'signIns', url, collection: true }]);
  const r = reader.results.get('signIns');
  if (r?.ok) return { ok: true, signIns: r.items as SignIn[] };
  const status = r?.status ?? 0;
  const code = r && !r.ok ? r.failure.code : 'no answer';
  if (code === NOT_PREMIUM)
    return {
      ok: false,
      status: 'not_premium',
      detail: 'the tenant has no Entra ID P1/P2, so Graph keeps no sign-in logs to watch',
      permission: null,
    };
  if (status === 403)
    return {
      ok: false,
      status: 'forbidden',
      detail: `Microsoft Graph refused the sign-in logs (403 ${code})`,
      permission: SIGN_IN_PERMISSION,
    };
  return {
    ok: false,
    status: 'failed',
    detail: `Microsoft Graph did not return the sign-in logs (HTTP ${status}, ${code})`,
    permission: null,
  };
}

export async function runSignInWatch(services: Services, replicaId: string): Promise<SignInWatchResult> {
  const now = services.now();
  const run = (status: WatcherRun['status'], detail: string, permission: string | null = null): WatcherRun => ({
    watcher: 'sign-ins',
    at: now.toISOString(),
    replicaId,
    status,
    detail,
    permission,
  });
  if (!services.config.watchers.signIns) return { run: run('off', 'WATCH_SIGN_INS is off'), messaged: 0, skipped: 0 };
  try {
    const started = await services.store.watch.signInsSince(now);
    const since = new Date(
      Math.max(Date.parse(started), now.getTime() - lookbackMs(services.config.watchers.intervalSeconds)),
    );
    const read = await readConsentErrors(services, since);
    if (!read.ok) return { run: run(read.status, read.detail, read.permission), messaged: 0, skipped: 0 };
    let messaged = 0;
    let skipped = 0;
    for (const offer of helpOffers(read.signIns, services.config.watchers.ignoredApps)) {
      if (await offerHelp(services, offer, now)) messaged++;
      else skipped++;
    }
    return {
      run: run(
        'ok',
        `${read.signIns.length} consent-error sign-in(s) since ${since.toISOString()}, ${messaged} person(s) messaged`,
      ),
      messaged,
      skipped,
    };
  } catch (err) {
    services.logger.error({ err }, 'sign-in help failed');
    return { run: run('failed', errorText(err)), messaged: 0, skipped: 0 };
  }
}

/** True when the person was messaged now. */
async function offerHelp(services: Services, offer: HelpOffer, now: Date): Promise<boolean> {
  const log = services.logger.child({ userId: offer.userId, appId: offer.appId, signInId: offer.signInId });
  const own = await services.store.requests.listByRequester(offer.userId);
  const linked = await services.store.requests.listByApp(offer.appId, [...OPEN_STATES]);
  if (
    alreadyAsked(
      offer,
      [...own, ...linked].map((r) => r.value),
    )
  ) {
    log.debug('already asked for the app (an open request, or one made since the sign-in): no offer');
    return false;
  }
  const mark = {
    kind: 'messaged' as const,
    at: now.toISOString(),
    userId: offer.userId,
    appId: offer.appId,
    signInId: offer.signInId,
  };
  const claim = await services.store.watch.claimHelpOffer(
    mark,
    offer.day,
    services.config.watchers.maxHelpPerUserPerDay,
  );
  if (claim === 'daily_cap') log.info('daily cap of help offers reached for this person');
  if (claim !== 'claimed') return false;
  const stored = await services.store.conversations.get(userConversationKey(offer.userId));
  const person: Requester = {
    aadObjectId: offer.userId,
    teamsUserId: stored?.user?.id ?? offer.userId,
    displayName: offer.userName,
    userPrincipalName: null,
  };
  const message = cardMessage(helpCard(offer), helpPreview(offer));
  try {
    const outcome = await sendToUser(services, person, message, await resolveRoute(services, null, null));
    if (outcome === 'no_route') {
      log.warn('no way to reach the person yet (no conversation and no Bot Connector route)');
      return false;
    }
    log.info({ outcome }, 'offered help after a consent-error sign-in');
    return true;
  } catch (err) {
    // The daily row stays: a person the Bot Connector cannot reach is not retried every minute.
    log.warn({ err }, 'could not message the person');
    return false;
  }
}
