/**
 * Teams rejects activities larger than about 28 KB. Cards are kept at or under CARD_MAX_BYTES so the
 * activity envelope (ids, conversation, channelData) still fits.
 */
export const CARD_MAX_BYTES = 24_000;

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

export interface Fitted<T> {
  value: T;
  /** How many items the chosen build shows. */
  n: number;
  bytes: number;
}

/**
 * Largest n in [0, maxN] whose build stays within maxBytes, by binary search. Assumes size grows
 * with n (true for "show the first n items" builders). Throws when even n = 0 does not fit, because
 * that is a builder bug, not a data problem.
 */
export function fitToSize<T>(build: (n: number) => T, maxBytes: number, maxN: number): Fitted<T> {
  const upper = Math.max(0, Math.floor(maxN));
  let best: Fitted<T> | null = null;
  let lo = 0;
  let hi = upper;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const value = build(mid);
    const bytes = jsonBytes(value);
    if (bytes <= maxBytes) {
      best = { value, n: mid, bytes };
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (!best) throw new RangeError(`nothing fits in ${maxBytes} bytes, not even an empty build`);
  return best;
}
