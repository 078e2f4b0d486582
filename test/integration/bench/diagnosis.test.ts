/** The benchmark's naive baseline reads the same facts as the batched path, at many more round trips. */
import { benchDiagnosis } from '../../../bench/diagnosis';

test('batched diagnosis: 2 round trips; naive: one per request', async () => {
  const batched = await benchDiagnosis({ latencyMs: 0, iterations: 1, naive: false });
  const naive = await benchDiagnosis({ latencyMs: 0, iterations: 1, naive: true });
  expect(batched.roundTrips).toBe(2);
  expect(naive.requests).toBe(batched.requests);
  expect(naive.roundTrips).toBe(naive.requests);
  expect(naive.roundTrips).toBeGreaterThan(10);
  expect(batched.p50Ms).toBeGreaterThan(0);
  expect(batched.p95Ms).toBeGreaterThanOrEqual(batched.p50Ms);
});
