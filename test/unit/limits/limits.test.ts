/**
 * The pure parts of the hostile-traffic limits: header checks on request bodies, the sampled
 * refusal log, the words a person is told at a limit, the Graph budget and the tenant-read cache.
 */
import { Writable } from 'node:stream';
import { refuseByHeaders } from '../../../src/limits/activity-body';
import { RefusalLog, SUPPRESSED_MSG } from '../../../src/limits/refusal-log';
import { limitText } from '../../../src/limits/limit-text';
import {
  chargeGraphBudget,
  GraphBudgetExceededError,
  spentGraphBudget,
  withGraphBudget,
} from '../../../src/limits/graph-budget';
import { isTenantWideRead, TenantReadCache } from '../../../src/graph/tenant-read-cache';
import type { ReadPart, ReadResult } from '../../../src/graph/batch-reader';
import { createLogger } from '../../../src/logger';

describe('refuseByHeaders', () => {
  const MAX = 1000;
  it('accepts plain JSON within the limit', () => {
    expect(
      refuseByHeaders({ 'content-type': 'application/json; charset=utf-8', 'content-length': '10' }, MAX),
    ).toBeNull();
    expect(refuseByHeaders({ 'content-encoding': 'identity' }, MAX)).toBeNull();
  });
  it('refuses any other encoding, other media types and declared oversize bodies', () => {
    expect(refuseByHeaders({ 'content-encoding': 'gzip' }, MAX)).toEqual({
      status: 415,
      reason: 'unsupported_encoding',
    });
    expect(refuseByHeaders({ 'content-encoding': 'identity, gzip' }, MAX)).toEqual({
      status: 415,
      reason: 'unsupported_encoding',
    });
    expect(refuseByHeaders({ 'content-type': 'text/plain' }, MAX)).toEqual({
      status: 415,
      reason: 'unsupported_media_type',
    });
    expect(refuseByHeaders({ 'content-length': '1001' }, MAX)).toEqual({ status: 413, reason: 'body_too_large' });
  });
});

function collectingLogger(): { logger: ReturnType<typeof createLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('RefusalLog', () => {
  it('logs the first N per reason per minute, then one suppressed count when the minute is over', async () => {
    let now = 0;
    const { logger, lines } = collectingLogger();
    const log = new RefusalLog(logger, { perMinute: 3, now: () => now });
    for (let i = 0; i < 10; i++) log.refused('no_token', { i });
    log.refused('expired');
    now = 61_000;
    log.refused('no_token');
    log.close();
    await new Promise((r) => setImmediate(r));
    expect(lines.filter((l) => l.reason === 'no_token' && l.msg === 'refused')).toHaveLength(4);
    expect(lines.filter((l) => l.msg === SUPPRESSED_MSG)).toEqual([
      expect.objectContaining({ reason: 'no_token', suppressed: 7 }),
    ]);
    expect(lines.filter((l) => l.reason === 'expired')).toHaveLength(1);
  });
});

describe('limitText', () => {
  it('tells the person which limit and when to try again', () => {
    expect(limitText({ kind: 'messages', scope: 'user', limit: 20, retryAfterSeconds: 42 })).toMatch(
      /20 messages in the last minute.*about 42 seconds/,
    );
    expect(limitText({ kind: 'diagnoses', scope: 'user', limit: 60, retryAfterSeconds: 1800 })).toMatch(
      /60 apps .* about 30 minutes/,
    );
    expect(limitText({ kind: 'pending_requests', scope: 'user', limit: 5, retryAfterSeconds: 0 })).toMatch(
      /5 requests waiting.*\*\*cancel\*\*/,
    );
    expect(limitText({ kind: 'messages', scope: 'tenant', limit: 1200, retryAfterSeconds: 10 })).toMatch(
      /your organisation.*Nothing was lost/,
    );
  });
});

describe('Graph budget', () => {
  it('refuses reads past the budget inside a message, never writes, and nothing outside one', async () => {
    chargeGraphBudget(1000, false); // outside a message: no budget
    await withGraphBudget(10, async () => {
      chargeGraphBudget(8, false);
      expect(() => chargeGraphBudget(5, false)).toThrow(GraphBudgetExceededError);
      expect(spentGraphBudget()?.limit).toBe(10);
      expect(() => chargeGraphBudget(5, true)).not.toThrow();
    });
    expect(spentGraphBudget()).toBeNull();
  });
});

describe('TenantReadCache', () => {
  const ok = (value: unknown): ReadResult => ({ ok: true, status: 200, body: { value }, items: [value] });
  const policy: ReadPart = { id: 'authorizationPolicy', url: '/policies/authorizationPolicy' };
  const user: ReadPart = { id: 'user', url: '/users/x' };

  it('shares only tenant-wide reads', () => {
    expect(
      [
        'authorizationPolicy',
        'permissionGrantPolicies',
        'adminConsentRequestPolicy',
        'resource:abc',
        'classifications:abc',
        'servicePrincipalList',
        'servicePrincipal',
        'consentAdmins',
      ].every(isTenantWideRead),
    ).toBe(true);
    expect(
      ['user', 'memberOf', 'grants', 'signIns', 'consentRequests', 'appRoleAssignedTo', 'roleAssignments'].some(
        isTenantWideRead,
      ),
    ).toBe(false);
  });

  it('serves a complete read for its TTL, forgets it on a write, and never stores what was read before the write', async () => {
    let now = 0;
    const cache = new TenantReadCache(30_000, () => now);
    const first = cache.session();
    const results = new Map<string, ReadResult>();
    await first.fill(results, [policy, user]);
    expect(results.size).toBe(0);
    results.set('authorizationPolicy', ok('p1'));
    results.set('user', ok('u'));
    first.finish(results);

    const again = new Map<string, ReadResult>();
    const second = cache.session();
    await second.fill(again, [policy, user]);
    second.finish(again);
    expect([...again.keys()]).toEqual(['authorizationPolicy']);

    now = 30_000;
    const expired = new Map<string, ReadResult>();
    const third = cache.session();
    await third.fill(expired, [policy]);
    expect(expired.size).toBe(0);
    third.finish(expired); // read nothing: whoever waited for it reads it themselves

    const before = cache.session();
    await before.fill(new Map(), [policy]);
    cache.invalidate();
    before.finish(new Map([['authorizationPolicy', ok('stale')]]));
    const afterWrite = new Map<string, ReadResult>();
    const fourth = cache.session();
    await fourth.fill(afterWrite, [policy]);
    fourth.finish(afterWrite);
    expect(afterWrite.size).toBe(0);
  });

  it('lets a gathering that reads nothing itself wait for a read in flight', async () => {
    const cache = new TenantReadCache(30_000);
    const owner = cache.session();
    await owner.fill(new Map(), [policy]);
    const waiter = cache.session();
    const waited = new Map<string, ReadResult>();
    const waiting = waiter.fill(waited, [policy]);
    owner.publish(new Map([['authorizationPolicy', ok('p')]]));
    await waiting;
    expect(waited.get('authorizationPolicy')).toEqual(ok('p'));
    expect(cache.stats.shared).toBe(1);
  });

  const readOnce = async (cache: TenantReadCache, part: ReadPart, result: ReadResult): Promise<void> => {
    const session = cache.session();
    const results = new Map<string, ReadResult>();
    await session.fill(results, [part]);
    results.set(part.id, result);
    session.finish(results);
  };
  const cached = async (cache: TenantReadCache, part: ReadPart): Promise<ReadResult | undefined> => {
    const session = cache.session();
    const results = new Map<string, ReadResult>();
    await session.fill(results, [part]);
    session.finish(results);
    return results.get(part.id);
  };

  it('keeps a 404 (a resource API the tenant does not have) like any other answer, but no other failure', async () => {
    const cache = new TenantReadCache(30_000);
    const exchange: ReadPart = {
      id: 'classifications:exo',
      url: "/servicePrincipals(appId='exo')/delegatedPermissionClassifications",
    };
    const notFound: ReadResult = { ok: false, status: 404, failure: { kind: 'not_found' } as never };
    await readOnce(cache, exchange, notFound);
    expect(await cached(cache, exchange)).toEqual(notFound);
    const throttled: ReadPart = {
      id: 'classifications:spo',
      url: "/servicePrincipals(appId='spo')/delegatedPermissionClassifications",
    };
    await readOnce(cache, throttled, { ok: false, status: 429, failure: { kind: 'throttled' } as never });
    expect(await cached(cache, throttled)).toBeUndefined();
  });

  it("keeps several apps' service principals side by side, but never an app the tenant does not have yet", async () => {
    const cache = new TenantReadCache(30_000);
    const sp = (appId: string): ReadPart => ({
      id: 'servicePrincipal',
      url: `/servicePrincipals?$filter=appId eq '${appId}'`,
    });
    await readOnce(cache, sp('a'), ok('sp-a'));
    await readOnce(cache, sp('b'), ok('sp-b'));
    expect(await cached(cache, sp('a'))).toEqual(ok('sp-a'));
    expect(await cached(cache, sp('b'))).toEqual(ok('sp-b'));
    await readOnce(cache, sp('c'), { ok: true, status: 200, body: { value: [] }, items: [] });
    expect(await cached(cache, sp('c'))).toBeUndefined();
  });
});
