/** One line of `consent-doctor doctor` and /healthz: its own file so every group of checks can use it. */

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped';

export interface Check {
  id: string;
  status: CheckStatus;
  title: string;
  /** What works, or what stops working and what to do. One or two sentences, never a secret. */
  detail: string;
}
