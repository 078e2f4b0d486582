/**
 * The watchers' settings (README "Watching Entra"). Both watchers are off by default in production
 * (each needs a Graph permission the admin grants on purpose, and sign-in help needs Entra ID P1/P2)
 * and on in the local demo. Pure: a flat variable map in, settings or problems out.
 */
import { envInteger, envValue, type Env } from '../env-values';
import { isGuid } from '../guid';

export interface WatcherSettings {
  /** WATCH_ENTRA_REQUESTS: post Entra's new admin consent requests as approval cards. */
  entraRequests: boolean;
  /** WATCH_SIGN_INS: message people whose sign-in failed with a consent error (needs Entra ID P1/P2). */
  signIns: boolean;
  /** WATCH_INTERVAL_SECONDS: how often both look (a new request becomes a card within this time). */
  intervalSeconds: number;
  /** WATCH_MAX_CARDS_PER_RUN: new Entra requests posted as cards per run; the rest are left to the digest. */
  maxCardsPerRun: number;
  /** WATCH_SIGN_INS_MAX_PER_USER_PER_DAY: proactive messages one person may get per day (one per app at most). */
  maxHelpPerUserPerDay: number;
  /** WATCH_SIGN_INS_IGNORE_APPS: app ids (comma-separated) nobody is messaged about. Lower-cased. */
  ignoredApps: string[];
}

type Problem = (variable: string, message: string) => void;

const get = envValue;

function flag(env: Env, name: string, fallback: boolean, problem: Problem): boolean {
  const raw = get(env, name);
  if (raw === undefined) return fallback;
  const v = raw.toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  problem(name, `must be "on" or "off"; got "${raw}"`);
  return fallback;
}

const integer = envInteger;

function appIds(env: Env, name: string, problem: Problem): string[] {
  const raw = get(env, name);
  if (raw === undefined) return [];
  const ids = raw.split(/[\s,;]+/).filter((s) => s !== '');
  const bad = ids.filter((id) => !isGuid(id));
  if (bad.length > 0)
    problem(
      name,
      `must be app (client) ids separated by commas; not an app id: ${bad
        .slice(0, 3)
        .map((b) => `"${b}"`)
        .join(', ')}`,
    );
  return [...new Set(ids.filter((id) => isGuid(id)).map((id) => id.toLowerCase()))];
}

export function loadWatcherSettings(env: Env, production: boolean, problem: Problem): WatcherSettings {
  return {
    entraRequests: flag(env, 'WATCH_ENTRA_REQUESTS', !production, problem),
    signIns: flag(env, 'WATCH_SIGN_INS', !production, problem),
    intervalSeconds: integer(env, 'WATCH_INTERVAL_SECONDS', 60, 5, 3600, problem),
    maxCardsPerRun: integer(env, 'WATCH_MAX_CARDS_PER_RUN', 5, 1, 50, problem),
    maxHelpPerUserPerDay: integer(env, 'WATCH_SIGN_INS_MAX_PER_USER_PER_DAY', 3, 1, 50, problem),
    ignoredApps: appIds(env, 'WATCH_SIGN_INS_IGNORE_APPS', problem),
  };
}
