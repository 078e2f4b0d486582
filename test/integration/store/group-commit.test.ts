/**
 * The group commit and last-seen rows (src/store/group-commit.ts) where the stores use them, on a
 * real Azurite, counting the HTTP requests each replica sends: writers arriving together share one
 * write, the row this process wrote last is written again without a read, and a row another
 * replica changed meanwhile costs one lost write (412) and one read, with nothing lost.
 */
import { TableClient } from '@azure/data-tables';
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';
import { pendingRequest } from '../../helpers/request-rows';
import { ensureTable } from '../../../src/store/tables';
import { LimitCountersStore } from '../../../src/store/limit-counters-store';
import { RequestsStore } from '../../../src/store/requests-store';
import { rememberRequesterCard } from '../../../src/requests/requester-cards';
import type { RequesterCardRef } from '../../../src/requests/model';
import type { Services } from '../../../src/services';

/** A replica's table client that counts the requests it sends, by kind. */
async function countingClient(connectionString: string, table: string) {
  const sent = { reads: 0, writes: 0, lists: 0 };
  const client = TableClient.fromConnectionString(connectionString, table, {
    allowInsecureConnection: true,
    additionalPolicies: [
      {
        position: 'perCall',
        policy: {
          name: 'count-requests',
          sendRequest: (request, next) => {
            const single = /\(PartitionKey=.*,RowKey=.*\)/.test(decodeURIComponent(new URL(request.url).pathname));
            if (request.method === 'GET') sent[single ? 'reads' : 'lists']++;
            else if (request.method === 'POST' || request.method === 'PUT') sent.writes++;
            return next(request);
          },
        },
      },
    ],
  });
  await ensureTable(client);
  const reset = () => Object.assign(sent, { reads: 0, writes: 0, lists: 0 });
  reset();
  return { client, sent, reset };
}

const card = (i: number): RequesterCardRef => ({
  conversationId: `a:chat-${i}`,
  activityId: `activity-${i}`,
  serviceUrl: 'https://smba.example/',
  viewerAadObjectId: `user-${i}`,
});

describe('group commit and last-seen rows on Azurite, two replicas', () => {
  const azurite = useTestAzurite();

  it('limit counters: hits arriving together share a write, and a remembered row is not read again', async () => {
    const table = `${uniquePrefix()}counters`;
    const a = await countingClient(azurite.connectionString, table);
    const b = await countingClient(azurite.connectionString, table);
    const countersA = new LimitCountersStore(a.client);
    const countersB = new LimitCountersStore(b.client);
    const window = new Date('2026-01-01T10:00:00Z');
    const message = [{ counter: 'messages', windowStart: window, limit: 1000 }];

    // The first hit inserts the row alone; the nine that arrived meanwhile go in one more write.
    const counts = await Promise.all(
      Array.from({ length: 10 }, () => countersA.hitInRow('user|u1', message).then(([n]) => n)),
    );
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(a.sent).toEqual({ reads: 0, writes: 2, lists: 0 });

    a.reset();
    expect(await countersA.hitInRow('user|u1', message)).toEqual([11]);
    expect(a.sent).toEqual({ reads: 0, writes: 1, lists: 0 });

    // Replica B never saw the row: its insert loses, it reads and writes.
    expect(await countersB.hitInRow('user|u1', message)).toEqual([12]);
    expect(b.sent).toEqual({ reads: 1, writes: 2, lists: 0 });

    // A's remembered ETag is stale now: one lost write, one read, and the count is exact.
    a.reset();
    expect(await countersA.hitInRow('user|u1', message)).toEqual([13]);
    expect(a.sent).toEqual({ reads: 1, writes: 2, lists: 0 });
    expect(await countersB.hitInRow('user|u1', message)).toEqual([14]);
  });

  it('requests: answer cards arriving together share a write from the row last seen, and survive another replica', async () => {
    const table = `${uniquePrefix()}requests`;
    const a = await countingClient(azurite.connectionString, table);
    const b = await countingClient(azurite.connectionString, table);
    const requestsA = new RequestsStore(a.client);
    const requestsB = new RequestsStore(b.client);
    const services = { store: { requests: requestsA } } as unknown as Services;
    const request = pendingRequest('group-1');

    await requestsA.create(request);
    a.reset();
    await Promise.all([1, 2, 3].map((i) => rememberRequesterCard(services, request.id, card(i))));
    expect(a.sent).toEqual({ reads: 0, writes: 2, lists: 0 });

    const theirs = await requestsB.get(request.id);
    if (!theirs) throw new Error('not stored');
    await requestsB.replace({ ...theirs.value, justification: 'from replica B' }, theirs.etag);

    a.reset();
    await rememberRequesterCard(services, request.id, card(4));
    expect(a.sent).toEqual({ reads: 1, writes: 2, lists: 0 });
    const stored = (await requestsB.get(request.id))?.value;
    expect(stored?.justification).toBe('from replica B');
    expect(stored?.requesterCards?.map((c) => c.activityId).sort()).toEqual([
      'activity-1',
      'activity-2',
      'activity-3',
      'activity-4',
    ]);
  });
});
