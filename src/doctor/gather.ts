/**
 * The I/O half of the doctor: the bot's own Graph token, storage, the admin channel setting and
 * the sign-in logs. Each probe has a deadline and reports its failure as text (never a stack).
 */
import type { GraphConnection } from '../graph/client';
import { ADMIN_CHANNEL_KEY } from '../approvals/approval-card-posting';
import { openStore, type Store } from '../store';
import { readWatchersHealth, type WatchersHealth } from '../watchers/health';
import { decodeAccessToken, type DoctorFacts, type ProbeOutcome } from './checks';
import type { WatcherFacts } from './watcher-checks';

export interface DoctorInput {
  mode: DoctorFacts['mode'];
  tenantId: string | null;
  configProblems: string[];
  /** null when Graph settings are missing (a config problem says why). */
  graph: GraphConnection | null;
  /** Open the store itself from a connection string, or use an open one (the running bot). */
  storage: { connectionString: string } | { store: Store } | null;
  adminChannelId: string | null;
  /** The watchers' settings; their last runs are read from storage. Absent = not reported. */
  watchers?: WatcherFacts['settings'];
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

function message(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].slice(0, 300);
}

async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${Math.round(ms / 1000)}s`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function errorCode(err: unknown): { status: number | null; code: string | null } {
  const e = err as { statusCode?: unknown; code?: unknown };
  return {
    status: typeof e?.statusCode === 'number' ? e.statusCode : null,
    code: typeof e?.code === 'string' ? e.code : null,
  };
}

async function probeSignIns(graph: GraphConnection, timeoutMs: number): Promise<DoctorFacts['signIns']> {
  try {
    await withDeadline(graph.client.api('/auditLogs/signIns').top(1).get() as Promise<unknown>, timeoutMs, 'Graph');
    return 'ok';
  } catch (err) {
    const { status, code } = errorCode(err);
    if (code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant') return 'not_premium';
    if (status === 403) return 'forbidden';
    return { error: message(err) };
  }
}

async function probeStorage(
  input: DoctorInput,
  timeoutMs: number,
): Promise<{ storage: ProbeOutcome | null; stored: boolean | null; watchers: WatchersHealth | null }> {
  if (!input.storage) return { storage: null, stored: null, watchers: null };
  try {
    const store =
      'store' in input.storage
        ? input.storage.store
        : await withDeadline(openStore(input.storage.connectionString), timeoutMs, 'storage');
    await withDeadline(store.ping(), timeoutMs, 'storage');
    const ref = await withDeadline(store.conversations.get(ADMIN_CHANNEL_KEY), timeoutMs, 'storage');
    const watchers = input.watchers
      ? await withDeadline(readWatchersHealth(input.watchers, store.watch), timeoutMs, 'storage').catch(() => null)
      : null;
    return { storage: { ok: true }, stored: !!ref?.serviceUrl && !!ref.conversation?.id, watchers };
  } catch (err) {
    return { storage: { ok: false, error: message(err) }, stored: null, watchers: null };
  }
}

export async function gatherDoctorFacts(input: DoctorInput): Promise<DoctorFacts> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let token: DoctorFacts['token'];
  if (!input.graph) {
    token = { error: 'no Graph identity configured' };
  } else {
    try {
      token = decodeAccessToken(await withDeadline(input.graph.getAccessToken(), timeoutMs, 'the token endpoint'));
    } catch (err) {
      token = { error: message(err) };
    }
  }
  const [signIns, storage] = await Promise.all([
    input.graph && !('error' in token) ? probeSignIns(input.graph, timeoutMs) : Promise.resolve(null),
    probeStorage(input, timeoutMs),
  ]);
  const adminChannel: DoctorFacts['adminChannel'] = storage.stored
    ? 'stored'
    : input.adminChannelId
      ? 'env'
      : storage.stored === false
        ? 'none'
        : null;
  return {
    mode: input.mode,
    tenantId: input.tenantId,
    configProblems: input.configProblems,
    token,
    storage: storage.storage,
    adminChannel,
    signIns,
    ...(input.watchers ? { watchers: { settings: input.watchers, health: storage.watchers } } : {}),
  };
}
