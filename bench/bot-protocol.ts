/** Messages between a benchmark and the bot process it measures (bench/bot-process.ts), over IPC. */
export type BotCommand =
  /**
   * `kind` echo: the floor of the stack (bench/echo-bot.ts) instead of Consent Doctor. `storePrefix`:
   * replicas given the same prefix share one set of tables and turn state.
   */
  | {
      op: 'start';
      kind?: BotKind;
      fixture: string;
      simUrl: string;
      serviceUrl: string;
      storePrefix?: string;
      env?: Record<string, string>;
    }
  | { op: 'useAdminChannel' }
  /** A pending request made the way the chat makes it (diagnosis, stored, card posted to admins). */
  | { op: 'createRequest'; who: string; appText: string }
  /** Waits until approvals and notifications started by clicks have finished. */
  | { op: 'settle' }
  | { op: 'memory' }
  /** Graph traffic so far (Consent Doctor only; the echo bot makes none). */
  | { op: 'graphStats' }
  /** Outgoing HTTP requests so far (storage, Bot Connector; not Graph, which uses fetch). */
  | { op: 'httpCounts' }
  | { op: 'stop' };

export type BotKind = 'consent-doctor' | 'echo';

export interface BotGraphStats {
  /** Logical Graph requests ($batch parts counted one by one). */
  requests: number;
  /** HTTP round trips to Graph. */
  roundTrips: number;
}

/** Outgoing requests keyed "<port> <method> <status>" (bench/http-count.ts). */
export type BotHttpCounts = Record<string, number>;

export interface BotStarted {
  url: string;
  tenantId: string;
}

export interface CreatedRequest {
  id: string;
  adminCardActivityId: string | null;
}

export interface BotMemory {
  /** Peak resident set of the bot process (VmHWM where available, else sampled every 50 ms), MB. */
  peakMb: number;
  rssMb: number;
  /** CPU time (user + system) the bot process has used so far, ms. */
  cpuMs: number;
}

export type BotRequest = BotCommand & { seq: number };
export type BotResponse = { seq: number; ok: true; result: unknown } | { seq: number; ok: false; error: string };
