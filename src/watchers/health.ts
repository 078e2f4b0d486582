/**
 * The watchers' part of /healthz and `consent-doctor doctor`: each one's setting and last run, and
 * the Graph permission it lacks, if that is why it cannot work. A watcher that cannot read Graph is
 * reported here; it never makes the bot unhealthy (chat and approvals work without it).
 */
import type { WatcherSettings } from './settings';
import type { WatchStore, WatcherRun } from '../store/watch-store';

export interface WatcherState {
  enabled: boolean;
  /** null: never ran yet (or its state could not be read). */
  lastRun: { at: string; status: WatcherRun['status']; missingPermission: string | null } | null;
}

export interface WatchersHealth {
  entraRequests: WatcherState;
  signIns: WatcherState;
}

function state(enabled: boolean, run: WatcherRun | null): WatcherState {
  return { enabled, lastRun: run ? { at: run.at, status: run.status, missingPermission: run.permission } : null };
}

export async function readWatchersHealth(
  settings: Pick<WatcherSettings, 'entraRequests' | 'signIns'>,
  store: Pick<WatchStore, 'lastRun'>,
): Promise<WatchersHealth> {
  const [entra, signIns] = await Promise.all([store.lastRun('entra-requests'), store.lastRun('sign-ins')]);
  return { entraRequests: state(settings.entraRequests, entra), signIns: state(settings.signIns, signIns) };
}
