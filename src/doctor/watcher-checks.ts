/**
 * The doctor's lines for the watchers (src/watchers): is each one on, has it run, and what stops it
 * (a missing Graph permission, no Entra ID P1/P2). A watcher that cannot work is a warning, not a
 * failure: chat, approvals and the digest work without it. Pure.
 */
import type { WatchersHealth, WatcherState } from '../watchers/health';
import type { Check } from './check';

export interface WatcherFacts {
  settings: { entraRequests: boolean; signIns: boolean };
  /** Last runs read from storage; null when storage was not checked or unreachable. */
  health: WatchersHealth | null;
}

interface WatcherSpec {
  id: string;
  title: string;
  variable: string;
  does: string;
  permission: string;
}

const ENTRA: WatcherSpec = {
  id: 'watcher:entra-requests',
  title: 'Entra request watcher',
  variable: 'WATCH_ENTRA_REQUESTS',
  permission: 'ConsentRequest.Read.All',
  does: "Entra's new admin consent requests become approval cards in the admins' channel",
};
const SIGN_INS: WatcherSpec = {
  id: 'watcher:sign-ins',
  title: 'Sign-in help',
  variable: 'WATCH_SIGN_INS',
  permission: 'AuditLog.Read.All',
  does: 'people whose sign-in fails with a consent error get a message offering to ask the admins',
};

function lastRunText(state: WatcherState | null): string {
  if (!state) return 'its last run is not known (storage not checked)';
  const run = state.lastRun;
  if (!run) return 'it has not run yet';
  return `last run ${run.at}: ${run.status}`;
}

function check(
  spec: WatcherSpec,
  enabled: boolean,
  state: WatcherState | null,
  missing: boolean,
  notPremium: boolean,
): Check {
  if (!enabled)
    return { id: spec.id, status: 'ok', title: spec.title, detail: `off (${spec.variable}=on: ${spec.does})` };
  if (missing) {
    return {
      id: spec.id,
      status: 'warn',
      title: spec.title,
      detail: `on, but the bot lacks ${spec.permission}: it does nothing until that application permission is granted (${lastRunText(state)})`,
    };
  }
  if (notPremium)
    return {
      id: spec.id,
      status: 'warn',
      title: spec.title,
      detail: `on, but the tenant has no Entra ID P1/P2, so there are no sign-in logs to watch (${lastRunText(state)})`,
    };
  const run = state?.lastRun;
  if (run && run.missingPermission) {
    return {
      id: spec.id,
      status: 'warn',
      title: spec.title,
      detail: `on; the last run (${run.at}) was refused: grant ${run.missingPermission}`,
    };
  }
  if (run && run.status === 'failed')
    return {
      id: spec.id,
      status: 'warn',
      title: spec.title,
      detail: `on; the last run (${run.at}) failed and will be retried`,
    };
  if (run && run.status === 'no_channel')
    return { id: spec.id, status: 'warn', title: spec.title, detail: `on; waiting for an admins' channel (${run.at})` };
  return { id: spec.id, status: 'ok', title: spec.title, detail: `on: ${spec.does}; ${lastRunText(state)}` };
}

/**
 * `granted`: lower-cased application permissions of the bot's token (null = unknown, no token).
 * `signIns`: the doctor's own sign-in log probe.
 */
export function watcherChecks(
  facts: WatcherFacts,
  granted: ReadonlySet<string> | null,
  signIns: 'ok' | 'not_premium' | 'forbidden' | { error: string } | null,
): Check[] {
  const lacks = (...names: string[]): boolean => granted !== null && !names.some((n) => granted.has(n.toLowerCase()));
  return [
    check(
      ENTRA,
      facts.settings.entraRequests,
      facts.health?.entraRequests ?? null,
      lacks('ConsentRequest.Read.All', 'ConsentRequest.ReadWrite.All'),
      false,
    ),
    check(
      SIGN_INS,
      facts.settings.signIns,
      facts.health?.signIns ?? null,
      lacks('AuditLog.Read.All') || signIns === 'forbidden',
      signIns === 'not_premium',
    ),
  ];
}
