/** The benchmark builds a valid digest for 10,000 pending requests within the size limit. */
import { benchDigest } from '../../../bench/digest';
import { CARD_MAX_BYTES } from '../../../src/cards/size';

test('benchDigest: 10,000 pending requests -> one card under the limit', async () => {
  const r = await benchDigest(10_000);
  expect(r.bytes).toBeGreaterThan(CARD_MAX_BYTES / 2);
  expect(r.bytes).toBeLessThanOrEqual(CARD_MAX_BYTES);
  expect(r.buildMs).toBeGreaterThan(0);
});
