/**
 * What the watchers (src/watchers) remember across replicas and restarts, in one table:
 *  - `entra`  one row per Entra userConsentRequest id, inserted by the replica that handles it
 *             (insert succeeds once, like a digest slot), so each request becomes at most one card;
 *  - `signin:<day>` one row per person messaged that day, listing the apps they heard about (the
 *             once-per-app and per-person daily rules, changed by compare-and-set, so both are exact
 *             across replicas); swept once the day is over (src/watchers/watch-sweep.ts);
 *  - `state`  the baseline marker and each watcher's last run (for /healthz and `doctor`).
 */
import { odata, type TableClient } from '@azure/data-tables';
import { StoreConflictError } from './errors';
import { deleteMatching } from './delete-matching';
import { insertIfAbsent } from './insert-if-absent';
import { TableRepository, encodeKey } from './repository';

/** What became of an Entra request the watcher saw. */
export type EntraRequestHandling =
  /** Already waiting when the watcher first ran: counted in the baseline summary, left to the digest. */
  | 'baseline'
  /** Being handled by the replica that claimed it (a crash leaves it here; see `claimedAt`). */
  | 'claimed'
  /** Became (or joined) the bot's request `requestId`. */
  | 'posted'
  /** Over the per-run cap: left to the digest. */
  | 'overflow'
  /** The diagnosis found nothing an admin could approve: not posted. */
  | 'not_needed';

export interface EntraRequestClaim {
  userConsentRequestId: string;
  appConsentRequestId: string;
  appId: string;
  handling: EntraRequestHandling;
  /** The bot's request it became or joined. */
  requestId: string | null;
  claimedAt: string;
  claimedBy: string;
}

export interface WatcherRun {
  watcher: 'entra-requests' | 'sign-ins';
  at: string;
  replicaId: string;
  /** ok; off (setting); no_channel; not_premium; forbidden (permission missing); failed. */
  status: 'ok' | 'off' | 'no_channel' | 'not_premium' | 'forbidden' | 'failed';
  /** Plain words: what happened, or what is missing. Never a stack. */
  detail: string;
  /** The Graph application permission that would make it work, when that is the cause. */
  permission: string | null;
}

type Row = EntraRequestClaim | WatcherRun | HelpDay | BaselineMark;

/** One help offer: which app, after which sign-in, when. */
export interface SignInMark {
  kind: 'messaged';
  at: string;
  userId: string;
  appId: string;
  signInId: string;
}

/** Everything one person was offered on one day (the row behind both daily rules). */
export interface HelpDay {
  kind: 'help-day';
  userId: string;
  day: string;
  offers: SignInMark[];
}

/** claimHelpOffer's answer: this replica may send it, or why not. */
export type HelpClaim = 'claimed' | 'already_offered' | 'daily_cap';

/** Compare-and-set attempts on one person's day row before giving up (fail closed: no message). */
const HELP_DAY_ATTEMPTS = 8;

export interface BaselineMark {
  kind: 'baseline';
  takenAt: string;
  count: number;
}

const ENTRA = 'entra';
const SIGNIN = 'signin';
const STATE = 'state';

export type InsertResult = { inserted: true; etag: string } | { inserted: false };

export class WatchStore {
  private readonly repo: TableRepository<Row>;

  constructor(client: TableClient) {
    this.repo = new TableRepository<Row>(client, {
      index: (v): Record<string, string> => ('handling' in v ? { handling: v.handling } : {}),
    });
  }

  private async insert(partition: string, key: string, value: Row): Promise<InsertResult> {
    const etag = await insertIfAbsent(this.repo, partition, encodeKey(key), value);
    return etag === null ? { inserted: false } : { inserted: true, etag };
  }

  /** Claims an Entra request for this replica; `inserted: false` when any replica saw it before. */
  claimEntraRequest(claim: EntraRequestClaim): Promise<InsertResult> {
    return this.insert(ENTRA, claim.userConsentRequestId.toLowerCase(), claim);
  }

  /** Records what became of a claimed request (the claimer's own row, so no race). */
  async settleEntraRequest(claim: EntraRequestClaim, etag: string): Promise<void> {
    await this.repo.replace(ENTRA, encodeKey(claim.userConsentRequestId.toLowerCase()), claim, etag);
  }

  /** Gives a claim back (its request could not be handled), so the next run tries again. */
  async releaseEntraRequest(claim: EntraRequestClaim, etag: string): Promise<void> {
    await this.repo.delete(ENTRA, encodeKey(claim.userConsentRequestId.toLowerCase()), etag);
  }

  async entraRequests(): Promise<EntraRequestClaim[]> {
    return (await this.entraRequestRows()).map((r) => r.value);
  }

  async entraRequestRows(): Promise<Array<{ value: EntraRequestClaim; etag: string }>> {
    return (await this.repo.list(ENTRA)).map((r) => ({ value: r.value as EntraRequestClaim, etag: r.etag }));
  }

  /**
   * Takes over a claim a replica left unfinished (it stopped mid-way): compare-and-set on the row's
   * ETag, so one replica takes it over. Safe to redo: a request already carrying it is found, not doubled.
   */
  async takeOverEntraRequest(claim: EntraRequestClaim, etag: string): Promise<InsertResult> {
    try {
      return {
        inserted: true,
        etag: await this.repo.replace(ENTRA, encodeKey(claim.userConsentRequestId.toLowerCase()), claim, etag),
      };
    } catch (err) {
      if (err instanceof StoreConflictError) return { inserted: false };
      throw err;
    }
  }

  /** The first run's marker: inserted once across replicas. */
  takeBaseline(mark: BaselineMark): Promise<InsertResult> {
    return this.insert(STATE, 'baseline:entra-requests', mark);
  }

  /** Gives the marker back (its summary could not be posted), so the next run takes the baseline again. */
  async releaseBaseline(etag: string): Promise<void> {
    await this.repo.delete(STATE, encodeKey('baseline:entra-requests'), etag);
  }

  async baseline(): Promise<BaselineMark | null> {
    return (
      ((await this.repo.get(STATE, encodeKey('baseline:entra-requests')))?.value as BaselineMark | undefined) ?? null
    );
  }

  /**
   * Claims one offer for the person on `day` (the day of the failed sign-in, so the same log entry
   * always maps to the same row): at most one per app and `cap` apps a day. Read, decide, write
   * with the row's ETag (insert when absent); a replica that loses the race reads again and decides
   * again, so two replicas never both send the offer that breaks the cap. Throws StoreConflictError
   * when the row stays contended (the caller sends nothing).
   */
  async claimHelpOffer(mark: SignInMark, day: string, cap: number): Promise<HelpClaim> {
    const partition = `${SIGNIN}:${day}`;
    const key = encodeKey(mark.userId.toLowerCase());
    for (let attempt = 0; attempt < HELP_DAY_ATTEMPTS; attempt++) {
      const row = await this.repo.get(partition, key);
      const current = row
        ? (row.value as HelpDay)
        : { kind: 'help-day' as const, userId: mark.userId.toLowerCase(), day, offers: [] };
      const decision = decideHelpOffer(current, mark, cap);
      if (decision !== 'claimed') return decision;
      const next: HelpDay = { ...current, offers: [...current.offers, mark] };
      try {
        if (row) await this.repo.replace(partition, key, next, row.etag);
        else if ((await insertIfAbsent(this.repo, partition, key, next)) === null) continue;
        return 'claimed';
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
      }
    }
    throw new StoreConflictError('etag_mismatch', `${partition}/${key}`);
  }

  /**
   * Deletes the sign-in help rows of days before `beforeDay` (YYYY-MM-DD), at most `max` per call;
   * returns how many. Day partitions sort as their dates do, so one range query finds them. Several
   * replicas may sweep at once: a row deleted or changed since it was listed is skipped.
   */
  async sweepHelpDays(beforeDay: string, max = 10_000): Promise<number> {
    return deleteMatching(
      this.repo,
      odata`PartitionKey ge ${`${SIGNIN}:`} and PartitionKey lt ${`${SIGNIN}:${beforeDay}`}`,
      max,
    );
  }

  /**
   * Where sign-in help starts: the first call stores `now` (once across replicas) and every call
   * returns the stored time, so sign-ins from before the feature was switched on never get a message.
   */
  async signInsSince(now: Date): Promise<string> {
    const key = encodeKey('baseline:sign-ins');
    const existing = await this.repo.get(STATE, key);
    if (existing) return (existing.value as BaselineMark).takenAt;
    await this.insert(STATE, 'baseline:sign-ins', { kind: 'baseline', takenAt: now.toISOString(), count: 0 });
    return ((await this.repo.get(STATE, key))?.value as BaselineMark | undefined)?.takenAt ?? now.toISOString();
  }

  async recordRun(run: WatcherRun): Promise<void> {
    await this.repo.upsert(STATE, encodeKey(`run:${run.watcher}`), run);
  }

  async lastRun(watcher: WatcherRun['watcher']): Promise<WatcherRun | null> {
    return ((await this.repo.get(STATE, encodeKey(`run:${watcher}`)))?.value as WatcherRun | undefined) ?? null;
  }
}

/** Pure: whether one more offer fits the person's day (once per app, at most `cap` apps). */
function decideHelpOffer(day: Pick<HelpDay, 'offers'>, mark: Pick<SignInMark, 'appId'>, cap: number): HelpClaim {
  if (day.offers.some((o) => o.appId.toLowerCase() === mark.appId.toLowerCase())) return 'already_offered';
  if (day.offers.length >= cap) return 'daily_cap';
  return 'claimed';
}
