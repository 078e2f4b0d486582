/**
 * The one transition path against the real requests table (Azurite), with changes racing as two
 * replicas' would: unrelated changes all land on top of each other, competing decisions produce
 * exactly one winner, and only the winner is audited.
 */
import { Auditor } from '../../../src/approvals/audit';
import { createLogger } from '../../../src/logger';
import type { Requester } from '../../../src/requests/model';
import { transition, type TransitionPorts } from '../../../src/requests/transition-path';
import { openStore, type Store } from '../../../src/store';
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';
import { request } from '../../unit/cards/fixtures';

const AT = '2025-03-03T08:00:00.000Z';
const person = (n: number): Requester => ({
  aadObjectId: `person-${n}`,
  teamsUserId: `29:p${n}`,
  displayName: `Person ${n}`,
  userPrincipalName: null,
});
const admin = (n: number) => ({ aadObjectId: `admin-${n}`, displayName: `Admin ${n}` });

describe('the transition path on Azurite', () => {
  const azurite = useTestAzurite();
  let store: Store;
  let ports: TransitionPorts;

  beforeAll(async () => {
    store = await openStore(azurite.connectionString, { prefix: uniquePrefix('tp') });
    ports = { rows: store.requests, audit: new Auditor(store, () => new Date(AT), createLogger({ level: 'silent' })) };
  });

  async function stored(id: string) {
    const value = request('pending', { id, linkedRequesters: [] });
    return { value, etag: await store.requests.create(value) };
  }

  it('five people linked at once from the same read: every one of them is on the request', async () => {
    const read = await stored('links');
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => transition(ports, read, { type: 'link_requester', requester: person(n), at: AT })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const row = await store.requests.get('links');
    expect(row!.value.linkedRequesters.map((p) => p.aadObjectId).sort()).toEqual([
      'person-1',
      'person-2',
      'person-3',
      'person-4',
      'person-5',
    ]);
  });

  it('approve and deny clicked at once by two admins: one decision, audited once, the other shown the winner', async () => {
    const read = await stored('race');
    const audit = (n: number) => ({ actor: admin(n), action: 'click', detail: `admin ${n}`, result: 'ok' as const });
    const [approve, deny] = await Promise.all([
      transition(
        ports,
        read,
        { type: 'start_approval', by: admin(1), scope: 'everyone', at: AT },
        { audit: { ...audit(1), required: true } },
      ),
      transition(ports, read, { type: 'deny', by: admin(2), reason: 'no', at: AT }, { audit: audit(2) }),
    ]);
    expect([approve.ok, deny.ok].filter(Boolean)).toHaveLength(1);
    const winner = (await store.requests.get('race'))!.value;
    const loser = approve.ok ? deny : approve;
    if (!loser.ok) expect(loser.current?.value.state).toBe(winner.state);
    const entries = await store.audit.list('race');
    expect(entries.map((e) => e.detail)).toEqual([winner.state === 'approving' ? 'admin 1' : 'admin 2']);
  });

  it('an approval racing a person joining the request: both land', async () => {
    const read = await stored('both');
    const [approve, link] = await Promise.all([
      transition(ports, read, { type: 'start_approval', by: admin(1), scope: 'everyone', at: AT }),
      transition(ports, read, { type: 'link_requester', requester: person(9), at: AT }),
    ]);
    expect(approve.ok && link.ok).toBe(true);
    const row = (await store.requests.get('both'))!.value;
    expect(row.state).toBe('approving');
    expect(row.linkedRequesters.map((p) => p.aadObjectId)).toEqual(['person-9']);
  });
});
