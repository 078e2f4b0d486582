import type { AppConsentRequest } from '../../../src/graph/types';
import {
  baselineText,
  entraItems,
  knownIds,
  overflowText,
  planEntraRun,
  STALE_CLAIM_MS,
  toRef,
} from '../../../src/watchers/entra-plan';

const APP = '46d8463e-640b-4298-825f-a19bbf762b16';
const GRACE = '0a4b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const ERIN = '1b5c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e';

function child(id: string, user: string, at: string, status = 'InProgress', reason: string | null = 'For reports') {
  return { id, status, createdDateTime: at, createdBy: { user: { id: user, displayName: `User ${id}` } }, reason };
}
const parent = (children: ReturnType<typeof child>[]): AppConsentRequest => ({
  id: 'acr-1',
  appId: APP.toUpperCase(),
  appDisplayName: 'Outlook connector',
  pendingScopes: [{ displayName: 'Mail.Read' }, { displayName: ' ' }],
  userConsentRequests: children,
});

describe('entraItems', () => {
  test('one item per in-progress userConsentRequest, oldest first: a second requester of the app is its own item', () => {
    const items = entraItems([
      parent([child('u2', ERIN, '2025-06-12T10:00:00Z'), child('u1', GRACE, '2025-06-11T10:00:00Z')]),
    ]);
    expect(items.map((i) => i.userConsentRequestId)).toEqual(['u1', 'u2']);
    expect(items[0]).toMatchObject({
      appId: APP,
      appConsentRequestId: 'acr-1',
      requesterId: GRACE,
      scopes: ['Mail.Read'],
      reason: 'For reports',
    });
  });

  test('skips completed or expired children, repeats across pages, and requesters Graph does not name', () => {
    const items = entraItems([
      parent([
        child('u1', GRACE, '2025-06-11T10:00:00Z'),
        child('u3', ERIN, '2025-06-11T11:00:00Z', 'Completed'),
        child('u4', 'not-a-guid', '2025-06-11T12:00:00Z'),
      ]),
      parent([child('U1', GRACE, '2025-06-11T10:00:00Z')]),
    ]);
    expect(items.map((i) => i.userConsentRequestId)).toEqual(['u1']);
  });

  test('an empty reason is no reason; toRef keeps only what a request stores', () => {
    const [item] = entraItems([parent([child('u1', GRACE, '2025-06-11T10:00:00Z', 'InProgress', '   ')])]);
    expect(item.reason).toBeNull();
    expect(Object.keys(toRef(item)).sort()).toEqual([
      'appConsentRequestId',
      'createdDateTime',
      'reason',
      'requesterId',
      'requesterName',
      'scopes',
      'userConsentRequestId',
    ]);
  });
});

describe('planEntraRun', () => {
  const items = entraItems([
    parent([
      child('u1', GRACE, '2025-06-11T10:00:00Z'),
      child('u2', ERIN, '2025-06-12T10:00:00Z'),
      child('u3', ERIN, '2025-06-13T10:00:00Z'),
    ]),
  ]);

  test('before a baseline: everything waiting goes into the baseline, nothing is posted', () => {
    expect(planEntraRun(items, new Set(), false, 5)).toEqual({ kind: 'baseline', items });
  });

  test('after it: only requests no replica claimed yet, up to the cap; the rest overflow to the digest', () => {
    const plan = planEntraRun(items, new Set(['u1']), true, 1);
    expect(plan).toMatchObject({
      kind: 'new',
      post: [{ userConsentRequestId: 'u2' }],
      overflow: [{ userConsentRequestId: 'u3' }],
    });
    expect(planEntraRun(items, new Set(['u1', 'u2', 'u3']), true, 5)).toEqual({ kind: 'new', post: [], overflow: [] });
  });
});

describe('channel texts', () => {
  test('the baseline summary counts the waiting requests and names their apps', () => {
    expect(baselineText([])).toMatch(/None are waiting right now\.$/);
    const items = entraItems([
      parent([child('u1', GRACE, '2025-06-11T10:00:00Z'), child('u2', ERIN, '2025-06-12T10:00:00Z')]),
    ]);
    expect(baselineText(items)).toMatch(
      /2 requests were already waiting, for Outlook connector\. I have not posted them one by one/,
    );
    const apps = ['A (One)', 'B (Two)', 'C (Three)'].map((name, i) => ({
      ...items[0],
      userConsentRequestId: `x${i}`,
      appDisplayName: name,
    }));
    expect(baselineText(apps)).toContain('3 requests were already waiting, for A (One), B (Two) and C (Three).');
  });

  test('the overflow line says how many and where they are', () => {
    const items = entraItems([parent([child('u1', GRACE, '2025-06-11T10:00:00Z')])]);
    expect(overflowText(items, 5)).toBe(
      '1 more new Entra consent request arrived (more than 5 at once), so I did not post it as cards. The digest lists it; say **digest** here to see the queue now.',
    );
  });
});

test('an unfinished claim counts as in hand until it is stale; then another replica may take it over', () => {
  const now = new Date('2025-06-12T10:00:00Z');
  const at = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const known = knownIds(
    [
      { userConsentRequestId: 'A', handling: 'claimed', claimedAt: at(60_000) },
      { userConsentRequestId: 'b', handling: 'claimed', claimedAt: at(STALE_CLAIM_MS + 1) },
      { userConsentRequestId: 'c', handling: 'posted', claimedAt: at(STALE_CLAIM_MS * 10) },
    ],
    now,
  );
  expect([...known].sort()).toEqual(['a', 'c']);
});
