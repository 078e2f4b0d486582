/**
 * One run of the Entra request watcher, for one replica: read Entra's in-progress consent requests,
 * and for each new userConsentRequest (claimed in storage, so one replica handles it once, restarts
 * included) diagnose its requester for the app and post the approval card, or join an open request
 * for the same fix. The first run takes a baseline and posts one summary; a run posts at most
 * WATCH_MAX_CARDS_PER_RUN cards and leaves the rest to the digest. Never throws.
 */
import { runDiagnosis } from '../diagnosis/run';
import { readEntraQueue } from '../digest/entra-reads';
import { adminChannelReference, postToChannel } from '../digest/send';
import { decideNextStep } from '../requests/next-step';
import type { Services } from '../services';
import type { EntraRequestClaim, WatcherRun } from '../store/watch-store';
import { baselineText, entraItems, knownIds, overflowText, planEntraRun, type EntraItem } from './entra-plan';
import { submitEntraRequest } from './entra-submit';
import { errorText } from './run-record';

export interface EntraWatchResult {
  run: WatcherRun;
  /** Cards posted (or requests joined) this run. */
  posted: number;
  /** Baseline run: how many requests were already waiting (null on later runs). */
  baseline: number | null;
  overflow: number;
}

function claimOf(
  item: EntraItem,
  replicaId: string,
  at: Date,
  handling: EntraRequestClaim['handling'],
): EntraRequestClaim {
  return {
    userConsentRequestId: item.userConsentRequestId,
    appConsentRequestId: item.appConsentRequestId,
    appId: item.appId,
    handling,
    requestId: null,
    claimedAt: at.toISOString(),
    claimedBy: replicaId,
  };
}

export async function runEntraWatch(services: Services, replicaId: string): Promise<EntraWatchResult> {
  const now = services.now();
  const run = (status: WatcherRun['status'], detail: string, permission: string | null = null): WatcherRun => ({
    watcher: 'entra-requests',
    at: now.toISOString(),
    replicaId,
    status,
    detail,
    permission,
  });
  const result = (r: WatcherRun, posted = 0, baseline: number | null = null, overflow = 0): EntraWatchResult => ({
    run: r,
    posted,
    baseline,
    overflow,
  });
  if (!services.config.watchers.entraRequests) return result(run('off', 'WATCH_ENTRA_REQUESTS is off'));
  try {
    const channel = await adminChannelReference(services);
    // Without a channel nothing is recorded: the baseline is taken once there is somewhere to post.
    if (!channel)
      return result(run('no_channel', 'no admins\' channel yet ("@Consent Doctor use this channel for approvals")'));
    const queue = await readEntraQueue(services.graph, { grants: false });
    if (!queue.ok) {
      return queue.permission
        ? result(run('forbidden', `Entra's consent requests cannot be read: ${queue.reason}`, queue.permission))
        : result(run('failed', queue.reason));
    }
    const items = entraItems(queue.requests);
    const [claims, baseline] = await Promise.all([
      services.store.watch.entraRequestRows(),
      services.store.watch.baseline(),
    ]);
    const known = knownIds(
      claims.map((c) => c.value),
      now,
    );
    const stale = new Map(
      claims
        .filter((c) => !known.has(c.value.userConsentRequestId.toLowerCase()))
        .map((c) => [c.value.userConsentRequestId.toLowerCase(), c.etag]),
    );
    const plan = planEntraRun(items, known, baseline !== null, services.config.watchers.maxCardsPerRun);

    if (plan.kind === 'baseline') {
      // Claims first, marker second: a replica that sees the marker also sees every baseline claim.
      for (const item of plan.items)
        await services.store.watch.claimEntraRequest(claimOf(item, replicaId, now, 'baseline'));
      const mark = await services.store.watch.takeBaseline({
        kind: 'baseline',
        takenAt: now.toISOString(),
        count: plan.items.length,
      });
      if (mark.inserted) {
        try {
          await postToChannel(services, channel, { kind: 'text', text: baselineText(plan.items) });
        } catch (err) {
          // The summary did not reach the channel (the Bot Connector is down or not up yet): give the
          // marker back, so the next run posts it rather than never. The claims stay: no card floods.
          await services.store.watch
            .releaseBaseline(mark.etag)
            .catch((releaseErr: unknown) =>
              services.logger.error({ err: releaseErr }, 'could not give back the baseline marker'),
            );
          throw err;
        }
      }
      return result(run('ok', `baseline: ${plan.items.length} request(s) already waiting`), 0, plan.items.length);
    }

    let posted = 0;
    for (const item of plan.post)
      if (await handleItem(services, item, replicaId, stale.get(item.userConsentRequestId.toLowerCase()) ?? null))
        posted++;
    let overflow = 0;
    for (const item of plan.overflow)
      if ((await services.store.watch.claimEntraRequest(claimOf(item, replicaId, now, 'overflow'))).inserted)
        overflow++;
    if (overflow > 0)
      await postToChannel(services, channel, {
        kind: 'text',
        text: overflowText(plan.overflow.slice(0, overflow), services.config.watchers.maxCardsPerRun),
      });
    return result(
      run(
        'ok',
        `${items.length} in progress, ${posted} new posted${overflow ? `, ${overflow} left to the digest` : ''}`,
      ),
      posted,
      null,
      overflow,
    );
  } catch (err) {
    services.logger.error({ err }, 'the Entra request watcher failed');
    return result(run('failed', errorText(err)));
  }
}

/** Claims, diagnoses and posts one request; true when it reached the channel (as a card or on one). */
async function handleItem(
  services: Services,
  item: EntraItem,
  replicaId: string,
  staleEtag: string | null,
): Promise<boolean> {
  const claim = claimOf(item, replicaId, services.now(), 'claimed');
  const taken = staleEtag
    ? await services.store.watch.takeOverEntraRequest(claim, staleEtag)
    : await services.store.watch.claimEntraRequest(claim);
  if (!taken.inserted) return false;
  const log = services.logger.child({ userConsentRequestId: item.userConsentRequestId, appId: item.appId });
  let reachedChannel = false;
  try {
    const outcome = await runDiagnosis(services.graph, {
      tenantId: services.tenantId,
      userQuery: item.requesterId,
      appText: item.appId,
      now: services.now(),
    });
    const diagnosis = outcome.diagnosis;
    if (outcome.status !== 'diagnosed' || !decideNextStep(diagnosis, true).needsRequest) {
      log.info(
        { findings: diagnosis.findings.map((f) => f.code) },
        'Entra request needs nothing an admin could approve here; left to the digest',
      );
      await services.store.watch.settleEntraRequest({ ...claim, handling: 'not_needed' }, taken.etag);
      return false;
    }
    const submitted = await submitEntraRequest(services, item, diagnosis);
    reachedChannel = true;
    await services.store.watch.settleEntraRequest(
      { ...claim, handling: 'posted', requestId: submitted.request.id },
      taken.etag,
    );
    log.info(
      { requestId: submitted.request.id, kind: submitted.kind, adminCard: submitted.adminCard },
      'Entra consent request posted',
    );
    return submitted.kind !== 'already' && (submitted.adminCard === 'posted' || submitted.adminCard === 'updated');
  } catch (err) {
    // Once the request is stored its card exists or the digest lists it: the claim stays, so no second card.
    if (reachedChannel) {
      log.error({ err }, 'could not record what became of an Entra consent request');
      return true;
    }
    // Nothing was posted (diagnosis or storage failed before): give the claim back for the next run.
    log.error({ err }, 'could not handle an Entra consent request; it will be tried again');
    await services.store.watch
      .releaseEntraRequest(claim, taken.etag)
      .catch((releaseErr: unknown) => log.error({ err: releaseErr }, 'could not release the claim'));
    return false;
  }
}
