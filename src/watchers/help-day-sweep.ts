/**
 * Deletes the rows of sign-in help (one per person and day, src/store/watch-store.ts) once their day
 * can no longer matter: a run reads sign-ins of the last few minutes to hours (lookbackMs), so a row
 * is needed on its day and, just after midnight, the next. Rows of days before yesterday are swept;
 * without this they would pile up one per person for ever. Every replica sweeps; twice is harmless.
 */
import type { Logger } from '../logger';
import type { Store } from '../store';

const DAY_MS = 24 * 60 * 60_000;

export interface HelpDaySweepDeps {
  store: Pick<Store, 'watch'>;
  logger: Logger;
  now: () => Date;
}

/** The first day kept (YYYY-MM-DD, UTC): yesterday. */
function firstKeptDay(now: Date): string {
  return new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
}

export async function sweepHelpDays(deps: HelpDaySweepDeps): Promise<number> {
  const deleted = await deps.store.watch.sweepHelpDays(firstKeptDay(deps.now()));
  if (deleted > 0) deps.logger.info({ deleted }, 'swept sign-in help rows of past days');
  return deleted;
}
