/**
 * Faults on demand, per tenant, seen through the real Graph client and its RetryHandler:
 * latency, 429 with fractional Retry-After, 503, and replication lag on grant listings.
 */
import type { GraphError } from '@microsoft/microsoft-graph-client';
import { SIM_BASIC, SIM_BASIC_FIXTURE, simGraphConnection, withSimulator } from '../../helpers/sim';
import { simBasicWith } from './tenant-builder';
import { sendBatch } from '../../../src/graph/batch';

const FAULTY_TENANT = '0fa017ed-0000-4000-8000-000000000001';
const h = withSimulator({
  fixtures: [
    SIM_BASIC_FIXTURE,
    simBasicWith((f) => {
      f.tenant = { id: FAULTY_TENANT, displayName: 'Faulty from the fixture', premium: true };
      f.faults = { throttle: { count: 1, retryAfterSeconds: 0.05 } };
    }),
  ],
});
const T = SIM_BASIC.tenantId;

afterEach(() => h.sim.setFaults(T, {}));

describe('faults', () => {
  it('latency per request', async () => {
    const graph = simGraphConnection(h.sim, T);
    await graph.client.api('/organization').get(); // token + warm-up
    h.sim.setFaults(T, { latencyMs: 150 });
    const start = Date.now();
    await graph.client.api('/organization').get();
    expect(Date.now() - start).toBeGreaterThanOrEqual(145);
  });

  it('429 with a fractional Retry-After: the RetryHandler waits and retries (2 round trips, 1 request)', async () => {
    const graph = simGraphConnection(h.sim, T, undefined, { retry: { delaySeconds: 3 } });
    await graph.client.api('/organization').get();
    graph.resetStats();
    h.sim.setFaults(T, { throttle: { count: 1, retryAfterSeconds: 0.25 } });
    h.sim.clearLog(T);
    const start = Date.now();
    await graph.client.api('/users').select('id').get();
    const elapsed = Date.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(240); // honoured Retry-After ...
    expect(elapsed).toBeLessThan(2500); // ... instead of the 3 s default delay
    expect(graph.stats).toEqual({ requests: 1, roundTrips: 2 });
    expect(
      h.sim
        .log(T)
        .filter((e) => e.kind === 'graph')
        .map((e) => e.status),
    ).toEqual([429, 200]);
  });

  it('429 that persists surfaces as GraphError TooManyRequests with Retry-After', async () => {
    const graph = simGraphConnection(h.sim, T, undefined, { retry: { maxRetries: 1 } });
    h.sim.setFaults(T, { throttle: { count: 5, retryAfterSeconds: 0.01, pathPattern: '/users' } });
    let err: GraphError | undefined;
    try {
      await graph.client.api('/users').get();
    } catch (e) {
      err = e as GraphError;
    }
    expect(err).toMatchObject({ statusCode: 429, code: 'TooManyRequests' });
    expect(err!.headers?.get('Retry-After')).toBe('0.01');
    // the path pattern limits the fault
    await expect(graph.client.api('/organization').get()).resolves.toBeDefined();
  });

  it('503 is retried by the RetryHandler', async () => {
    const graph = simGraphConnection(h.sim, T, undefined, { retry: { delaySeconds: 0.01 } });
    await graph.client.api('/organization').get();
    graph.resetStats();
    h.sim.setFaults(T, { unavailable: { count: 2, retryAfterSeconds: 0.01 } });
    await expect(graph.client.api('/organization').get()).resolves.toBeDefined();
    expect(graph.stats.roundTrips).toBe(3);
  });

  it('faults can come from the fixture', async () => {
    const graph = simGraphConnection(h.sim, FAULTY_TENANT);
    await graph.client.api('/organization').get();
    expect(
      h.sim
        .log(FAULTY_TENANT)
        .filter((e) => e.kind === 'graph')
        .map((e) => e.status),
    ).toEqual([429, 200]);
  });

  it('replication lag: new and changed grants reach listings late; GET by id sees them at once', async () => {
    const graph = simGraphConnection(h.sim, T);
    h.sim.setFaults(T, { grantReplicationLagMs: 400 });
    const created = (await graph.client.api('/oauth2PermissionGrants').post({
      clientId: SIM_BASIC.sp.expenses,
      consentType: 'Principal',
      principalId: SIM_BASIC.users.dave,
      resourceId: SIM_BASIC.sp.graph,
      scope: 'User.Read',
    })) as { id: string };
    const list = () =>
      graph.client
        .api('/oauth2PermissionGrants')
        .filter(`clientId eq '${SIM_BASIC.sp.expenses}' and principalId eq '${SIM_BASIC.users.dave}'`)
        .get() as Promise<{ value: Array<{ scope: string }> }>;
    expect((await list()).value).toEqual([]);
    expect(await graph.client.api(`/oauth2PermissionGrants/${created.id}`).get()).toMatchObject({ scope: 'User.Read' });
    await new Promise((r) => setTimeout(r, 450));
    expect((await list()).value).toEqual([expect.objectContaining({ scope: 'User.Read' })]);

    await graph.client.api(`/oauth2PermissionGrants/${created.id}`).patch({ scope: 'User.Read Mail.Read' });
    expect((await list()).value[0].scope).toBe('User.Read'); // still the old one
    await new Promise((r) => setTimeout(r, 450));
    expect((await list()).value[0].scope).toBe('User.Read Mail.Read');
  });
});

describe('a dropped connection', () => {
  it('loses the answer: the client sees a network failure, the log records the drop', async () => {
    const graph = simGraphConnection(h.sim, T);
    await graph.client.api('/organization').get();
    h.sim.setFaults(T, { connectionDrop: { count: 1, pathPattern: '/users' } });
    h.sim.clearLog(T);
    await expect(graph.client.api('/users').select('id').get()).rejects.toBeTruthy();
    await graph.client.api('/users').select('id').get();
    expect(
      h.sim
        .log(T)
        .filter((e) => e.kind === 'graph')
        .map((e) => e.status),
    ).toEqual([0, 200]);
  });

  it('a batch of reads is sent again once and answered; a batch with a write is not resent', async () => {
    const graph = simGraphConnection(h.sim, T);
    await graph.client.api('/organization').get();
    h.sim.setFaults(T, { connectionDrop: { count: 1, pathPattern: '\\$batch' } });
    h.sim.clearLog(T);
    const answered = await sendBatch(graph, [{ id: 'users', url: '/users?$select=id' }]);
    expect(answered.get('users')?.status).toBe(200);
    expect(h.sim.log(T).map((e) => e.status)).toEqual([0, 200]);

    h.sim.setFaults(T, { connectionDrop: { count: 1, pathPattern: '\\$batch' } });
    h.sim.clearLog(T);
    const write = {
      id: 'w',
      url: `/users/${SIM_BASIC.users.dave}`,
      method: 'PATCH' as const,
      body: { jobTitle: 'x' },
      headers: { 'Content-Type': 'application/json' },
    };
    await expect(sendBatch(graph, [write])).rejects.toMatchObject({ status: 0 });
    expect(h.sim.log(T).map((e) => e.status)).toEqual([0]);
  });
});
