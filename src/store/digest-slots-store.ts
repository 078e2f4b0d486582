/**
 * Claimed digest slots (docs/architecture.md#storage-and-scale-out): a replica claims a slot by inserting the
 * slot's row; the insert succeeds for exactly one replica, so each slot's digest is posted once.
 * Row keys sort newest first (inverted milliseconds, then the slot's ISO time for people reading the
 * table), so "the newest claim" is the first row of the partition.
 */
import type { TableClient } from '@azure/data-tables';
import { StoreError } from './errors';
import { insertIfAbsent } from './insert-if-absent';
import { TableRepository } from './repository';

const PARTITION = 'slot';
/** The largest Date in milliseconds (8.64e15, a safe integer): inverted keys stay non-negative and 16 digits wide. */
const MAX_MS = 8_640_000_000_000_000;

export interface DigestSlotClaim {
  /** The slot's scheduled time, ISO 8601 UTC. */
  slot: string;
  claimedAt: string;
  /** Which replica claimed it (for logs and support). */
  claimedBy: string;
}

export type ClaimResult = { claimed: true; etag: string } | { claimed: false };

/** Newest first in row-key order (latest reads one row), and naming the slot for whoever looks at the table. */
function slotRowKey(slot: Date): string {
  return `${String(MAX_MS - slot.getTime()).padStart(16, '0')}_${slot.toISOString()}`;
}

export class DigestSlotsStore {
  private readonly repo: TableRepository<DigestSlotClaim>;

  constructor(client: TableClient) {
    this.repo = new TableRepository<DigestSlotClaim>(client, { decode: decodeClaim });
  }

  /** Inserts the slot's row; `claimed: false` when another replica inserted it first. */
  async claim(slot: Date, claimedBy: string, at: Date): Promise<ClaimResult> {
    const etag = await insertIfAbsent(this.repo, PARTITION, slotRowKey(slot), {
      slot: slot.toISOString(),
      claimedAt: at.toISOString(),
      claimedBy,
    });
    return etag === null ? { claimed: false } : { claimed: true, etag };
  }

  /** Gives a slot back (its digest could not be posted), so a restart can catch it up. */
  async release(slot: Date, etag: string): Promise<void> {
    await this.repo.delete(PARTITION, slotRowKey(slot), etag);
  }

  /** The newest claimed slot, or null when no digest was ever claimed. */
  async latest(): Promise<DigestSlotClaim | null> {
    const [row] = await this.repo.list(PARTITION, { limit: 1 });
    return row?.value ?? null;
  }
}

function decodeClaim(raw: unknown): DigestSlotClaim {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  if (!Number.isFinite(Date.parse(str(r.slot))))
    throw new StoreError('corrupt', 'digest slot row has no valid "slot" time');
  return { slot: str(r.slot), claimedAt: str(r.claimedAt), claimedBy: str(r.claimedBy) };
}
