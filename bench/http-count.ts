/**
 * Counts the outgoing HTTP(S) requests of the process it is loaded in (the bot under measurement),
 * by destination port, method, status and table or container: how many storage requests, Bot Connector posts and
 * lost compare-and-set races (412) a message costs. It wraps node:http/https `request`, which the
 * Azure SDK, the Bot Framework connector and the bot's Graph transport use (the bot's own Graph
 * statistics count $batch parts besides).
 */
import http from 'node:http';
import https from 'node:https';
import type { BotHttpCounts } from './bot-protocol';

const counts: BotHttpCounts = {};

function portOf(options: unknown): string {
  if (typeof options === 'string') return new URL(options).port;
  if (options instanceof URL) return options.port;
  const o = options as { port?: number | string; host?: string; hostname?: string } | undefined;
  return String(o?.port ?? '');
}

function wrap(module: typeof http | typeof https): void {
  const original = module.request.bind(module) as (...args: unknown[]) => http.ClientRequest;
  const counted = (...args: unknown[]): http.ClientRequest => {
    const req = original(...args);
    const port = portOf(args[0]);
    // The table or container (second path segment, without its key and the run's prefix).
    const target = tableOrContainer(req.path);
    req.once('response', (res: http.IncomingMessage) => {
      const key = `${port} ${req.method} ${res.statusCode ?? 0} ${target}`.trimEnd();
      counts[key] = (counts[key] ?? 0) + 1;
    });
    return req;
  };
  (module as { request: unknown }).request = counted;
}

/** Tables and the turn-state container (src/store/tables.ts), whatever prefix the run gave them. */
const STORED = ['requests', 'audit', 'conversations', 'digestSlots', 'limitCounters', 'watch', 'turnstate'];

function tableOrContainer(path: string): string {
  const segment = /^\/[^/]+\/([A-Za-z0-9-]+)/.exec(path)?.[1] ?? '';
  return STORED.find((name) => segment.toLowerCase().endsWith(name.toLowerCase())) ?? segment;
}

let installed = false;

/** Starts counting (once per process). */
export function countOutgoingHttp(): void {
  if (installed) return;
  installed = true;
  wrap(http);
  wrap(https);
}

/** Requests so far, keyed "<port> <method> <status> <table or container>". */
export function outgoingHttpCounts(): BotHttpCounts {
  return { ...counts };
}
