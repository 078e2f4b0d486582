/**
 * Answer cards remembered on a request (src/requests/requester-cards.ts) on a real Azurite: many at
 * once share writes and none is lost, nor is a change another replica made meanwhile.
 */
import { uniquePrefix, useTestAzurite } from '../../helpers/azurite';
import { openStore, type Store } from '../../../src/store';
import { MAX_REQUESTER_CARDS, rememberRequesterCard } from '../../../src/requests/requester-cards';
import type { RequesterCardRef } from '../../../src/requests/model';
import type { Services } from '../../../src/services';
import { pendingRequest } from '../../helpers/request-rows';

const request = pendingRequest('cards-1');

const ref = (i: number): RequesterCardRef => ({
  conversationId: `a:chat-${i}`,
  activityId: `activity-${i}`,
  serviceUrl: 'https://smba.example/',
  viewerAadObjectId: `user-${i}`,
});

describe('answer cards remembered on a request', () => {
  const azurite = useTestAzurite();
  let store: Store;
  let other: Store;

  beforeAll(async () => {
    const prefix = uniquePrefix();
    store = await openStore(azurite.connectionString, { prefix });
    other = await openStore(azurite.connectionString, { prefix });
  });

  it('cards answered at once are all stored, with what another replica wrote meanwhile', async () => {
    await store.requests.create(request);
    // This process's copy is now stale: another replica links a second person.
    const theirs = await other.requests.get(request.id);
    if (!theirs) throw new Error('not stored');
    await other.requests.replace({ ...theirs.value, justification: 'written by the other replica' }, theirs.etag);

    const services = { store } as unknown as Services;
    await Promise.all([1, 2, 3, 4].map((i) => rememberRequesterCard(services, request.id, ref(i))));
    const stored = (await store.requests.get(request.id))?.value;
    expect(stored?.justification).toBe('written by the other replica');
    expect(stored?.requesterCards?.map((c) => c.activityId).sort()).toEqual([
      'activity-1',
      'activity-2',
      'activity-3',
      'activity-4',
    ]);

    // More than a request keeps: the newest stay.
    await Promise.all([5, 6, 7, 8].map((i) => rememberRequesterCard(services, request.id, ref(i))));
    const cards = (await store.requests.get(request.id))?.value.requesterCards ?? [];
    expect(cards).toHaveLength(MAX_REQUESTER_CARDS);
    expect(cards.map((c) => c.activityId)).toContain('activity-8');
  });
});
