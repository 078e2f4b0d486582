/**
 * A Graph budget per chat message: the number of Graph requests (a $batch counts its parts) one
 * message may cause. Past the budget, further *reads* are refused before they are sent, so no
 * question, however crafted, can make the bot page through a whole directory. Writes are never
 * refused (an approval is never cut in half) and approvals do not run under a message's budget.
 * The budget follows the message's async work through AsyncLocalStorage, so the Graph client's
 * hook (src/graph/client.ts `beforeRequest`) can charge it without any parameter threading.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export class GraphBudget {
  used = 0;
  exhausted = false;

  constructor(readonly limit: number) {}
}

export class GraphBudgetExceededError extends Error {
  constructor(readonly limit: number) {
    super(`Graph budget of ${limit} requests for this message is spent`);
    this.name = 'GraphBudgetExceededError';
  }
}

const current = new AsyncLocalStorage<GraphBudget>();

/** Runs `work` (one message's turn) under a fresh budget. */
export function withGraphBudget<T>(limit: number, work: () => Promise<T>): Promise<T> {
  return current.run(new GraphBudget(limit), work);
}

/** Charges the running message's budget (no-op outside one); throws before a read past the budget. */
export function chargeGraphBudget(requests: number, write: boolean): void {
  const budget = current.getStore();
  if (!budget) return;
  budget.used += requests;
  if (!write && budget.used > budget.limit) {
    budget.exhausted = true;
    throw new GraphBudgetExceededError(budget.limit);
  }
}

/** The running message's budget when it was spent (the failure to explain is then the budget). */
export function spentGraphBudget(): GraphBudget | null {
  const budget = current.getStore();
  return budget?.exhausted ? budget : null;
}
