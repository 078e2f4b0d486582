/**
 * The benchmark's side of a bot running in its own process (bench/bot-process.ts): activities go
 * to it over HTTP, replies come back to a fake Bot Connector in this process, and set-up steps
 * (admin channel, pending requests, settling) are asked for over IPC.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadFixture } from '../sim';
import type { User } from '../src/graph/types';
import { ADMIN_CHANNEL_CONVERSATION_ID, DEMO_FIXTURE, teamsUserId } from '../test/helpers/app-harness';
import { startFakeConnector, type FakeConnector } from '../test/helpers/connector';
import { actionExecuteActivity } from '../test/helpers/teams-activity';
import type {
  BotCommand,
  BotGraphStats,
  BotHttpCounts,
  BotKind,
  BotMemory,
  BotRequest,
  BotResponse,
  BotStarted,
  CreatedRequest,
} from './bot-protocol';
import { exited, spawnTs, stopChild } from './child';
import { deployedNodeOptions } from './compile';
import type { RemoteSimulator } from './remote-sim';

export interface RemoteBot {
  url: string;
  /** The bot process's id (its CPU and memory can be read from /proc). */
  pid: number | undefined;
  tenantId: string;
  users: User[];
  user(who: string): User;
  connector: FakeConnector;
  post(activity: object): Promise<{ status: number; body: string }>;
  /** An Action.Execute click in the admin channel by a fixture user. */
  clickInAdminChannel(
    who: string,
    verb: string,
    data: Record<string, unknown>,
    replyToId: string,
  ): Promise<{ status: number; body: string }>;
  useAdminChannel(): Promise<void>;
  createRequest(who: string, appText: string): Promise<CreatedRequest>;
  settle(): Promise<void>;
  memory(): Promise<BotMemory>;
  /** Graph requests and round trips the bot has made so far (zero for the echo bot). */
  graphStats(): Promise<BotGraphStats>;
  /** Outgoing HTTP requests of the bot process so far, keyed "<port> <method> <status>". */
  httpCounts(): Promise<BotHttpCounts>;
  /** Stops the bot; resolves with its memory figures taken just before it exits. */
  stop(): Promise<BotMemory>;
}

export interface RemoteBotOptions {
  sim: RemoteSimulator;
  /** Consent Doctor (default) or the echo bot that measures the stack's floor. */
  kind?: BotKind;
  /** Replicas started with the same prefix share tables and turn state. */
  storePrefix?: string;
  /** A connector shared by replicas (else one of its own, closed with the bot). */
  connector?: FakeConnector;
  fixture?: string;
  env?: Record<string, string>;
}

function ipc(child: ChildProcess) {
  let seq = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (message: BotResponse) => {
    const waiter = pending.get(message.seq);
    if (!waiter) return;
    pending.delete(message.seq);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`bot process: ${message.error}`));
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the bot process exited (${signal ?? code})`));
    pending.clear();
  });
  return <T>(command: BotCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const request: BotRequest = { ...command, seq: ++seq };
      pending.set(request.seq, { resolve: resolve as (v: unknown) => void, reject });
      child.send(request, (err) => {
        if (err) {
          pending.delete(request.seq);
          reject(err);
        }
      });
    });
}

export async function startRemoteBot(opts: RemoteBotOptions): Promise<RemoteBot> {
  const fixturePath = opts.fixture ?? DEMO_FIXTURE;
  const fixture = loadFixture(fixturePath);
  const connector = opts.connector ?? (await startFakeConnector());
  const closeConnector = () => (opts.connector ? Promise.resolve() : connector.close());
  // Logs go to stdout as deployed; nobody reads them here, so they go to /dev/null.
  // BENCH_BOT_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") applies to the bot process only.
  // The production start's Node options first (bench/compile.ts), so the bot is measured as deployed.
  const nodeArgs = [
    ...deployedNodeOptions(join(__dirname, '..')),
    ...(process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const child = spawnTs('bot-process.ts', [], ['ignore', 'ignore', 'inherit', 'ipc'], nodeArgs);
  const call = ipc(child);
  let started: BotStarted;
  try {
    started = await call<BotStarted>({
      op: 'start',
      kind: opts.kind,
      fixture: fixturePath,
      simUrl: opts.sim.url,
      serviceUrl: connector.serviceUrl,
      storePrefix: opts.storePrefix,
      env: opts.env,
    });
  } catch (err) {
    await stopChild(child);
    await closeConnector();
    throw err;
  }
  const users = fixture.users;
  const user = (who: string): User => {
    const w = who.toLowerCase();
    const found = users.find(
      (u) =>
        u.id === who ||
        u.userPrincipalName.toLowerCase().startsWith(`${w}@`) ||
        u.userPrincipalName.toLowerCase() === w,
    );
    if (!found) throw new Error(`no fixture user "${who}"`);
    return found;
  };
  const post = async (activity: object) => {
    const res = await fetch(`${started.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    return { status: res.status, body: await res.text() };
  };
  return {
    url: started.url,
    pid: child.pid,
    tenantId: started.tenantId,
    users,
    user,
    connector,
    post,
    clickInAdminChannel: (who, verb, data, replyToId) => {
      const u = user(who);
      return post(
        actionExecuteActivity({
          serviceUrl: connector.serviceUrl,
          tenantId: started.tenantId,
          verb,
          data,
          replyToId,
          conversationType: 'channel',
          conversationId: ADMIN_CHANNEL_CONVERSATION_ID,
          channelId: ADMIN_CHANNEL_CONVERSATION_ID,
          userId: teamsUserId(u),
          userAadObjectId: u.id,
          userName: u.displayName,
        }),
      );
    },
    useAdminChannel: () => call<void>({ op: 'useAdminChannel' }),
    createRequest: (who, appText) => call<CreatedRequest>({ op: 'createRequest', who, appText }),
    settle: () => call<void>({ op: 'settle' }),
    memory: () => call<BotMemory>({ op: 'memory' }),
    graphStats: () => call<BotGraphStats>({ op: 'graphStats' }),
    httpCounts: () => call<BotHttpCounts>({ op: 'httpCounts' }),
    stop: async () => {
      try {
        const last = await call<BotMemory>({ op: 'stop' });
        child.disconnect();
        await Promise.race([exited(child), new Promise((r) => setTimeout(r, 5000))]);
        return last;
      } finally {
        await stopChild(child);
        await closeConnector();
      }
    },
  };
}
