/** Messages between a benchmark and the bot process it measures (bench/bot-process.ts), over IPC. */
export type BotCommand =
  | { op: 'start'; fixture: string; simUrl: string; serviceUrl: string; env?: Record<string, string> }
  | { op: 'useAdminChannel' }
  /** A pending request made the way the chat makes it (diagnosis, stored, card posted to admins). */
  | { op: 'createRequest'; who: string; appText: string }
  /** Waits until approvals and notifications started by clicks have finished. */
  | { op: 'settle' }
  | { op: 'memory' }
  | { op: 'stop' };

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
