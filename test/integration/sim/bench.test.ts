/** The overhead benchmark the lead's `npm run bench` calls returns sane percentiles. */
import { benchSimulatorOverhead } from '../../../sim/bench';
import { assertSimCaTrusted } from '../../helpers/sim';

beforeAll(() => assertSimCaTrusted());

it('benchSimulatorOverhead measures p50/p99 through the Graph client', async () => {
  const r = await benchSimulatorOverhead(30);
  expect(r.iterations).toBe(30);
  expect(r.p50Ms).toBeGreaterThan(0);
  expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
  expect(r.p50Ms).toBeLessThan(200);
});
