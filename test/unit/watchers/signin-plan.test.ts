import type { SignIn } from '../../../src/graph/types';
import { alreadyAsked, helpOffers, lookbackMs, signInFilter } from '../../../src/watchers/signin-plan';

const USER = '0a4b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const APP = '46d8463e-640b-4298-825f-a19bbf762b16';
const OTHER = 'f61a6a12-70d6-41b4-b6e6-e5b11da7d08e';

const signIn = (id: string, at: string, errorCode: number, over: Partial<SignIn> = {}): SignIn => ({
  id,
  createdDateTime: at,
  userId: USER,
  userPrincipalName: 'grace@contoso.example',
  userDisplayName: 'Grace',
  appId: APP,
  appDisplayName: 'Outlook connector',
  status: { errorCode },
  ...over,
});

describe('helpOffers', () => {
  test('consent errors only (65001, 90094, 90095), one offer per person and app: the newest sign-in', () => {
    const offers = helpOffers(
      [
        signIn('a', '2025-06-12T10:00:00Z', 90095),
        signIn('b', '2025-06-12T10:05:00Z', 65001),
        signIn('c', '2025-06-12T10:06:00Z', 50105),
        signIn('d', '2025-06-12T10:07:00Z', 0),
        signIn('e', '2025-06-12T10:01:00Z', 90094, { appId: OTHER, appDisplayName: 'CRM connector' }),
      ],
      [],
    );
    expect(offers.map((o) => [o.signInId, o.errorCode, o.day])).toEqual([
      ['e', 90094, '2025-06-12'],
      ['b', 65001, '2025-06-12'],
    ]);
  });

  test('ignored apps (any case), unknown users and malformed entries never get an offer', () => {
    const offers = helpOffers(
      [
        signIn('a', '2025-06-12T10:00:00Z', 90095, { appId: APP.toUpperCase() }),
        signIn('b', '2025-06-12T10:00:00Z', 90095, { appId: OTHER, userId: '00000000-0000-0000-0000-000000000000' }),
        signIn('c', 'yesterday', 90095, { appId: OTHER }),
      ],
      [APP.toUpperCase()],
    );
    expect(offers).toEqual([]);
  });
});

test('the Graph filter: consent errors since a time (signIns filter on createdDateTime and status/errorCode)', () => {
  expect(signInFilter(new Date('2025-06-12T10:00:00Z'))).toBe(
    'createdDateTime ge 2025-06-12T10:00:00.000Z and (status/errorCode eq 65001 or status/errorCode eq 90094 or status/errorCode eq 90095)',
  );
});

test('each run looks back at least ten minutes, and three intervals for long intervals', () => {
  expect(lookbackMs(60)).toBe(600_000);
  expect(lookbackMs(600)).toBe(1_800_000);
});

describe('alreadyAsked', () => {
  const offer = { userId: USER, appId: APP, at: '2025-06-12T10:00:00.000Z' };
  const person = (id: string) => ({
    aadObjectId: id,
    teamsUserId: id,
    displayName: 'Someone',
    userPrincipalName: null,
  });
  const request = (over: Partial<Parameters<typeof alreadyAsked>[1][number]>) => ({
    appId: APP,
    state: 'denied' as const,
    createdAt: '2025-06-12T09:00:00.000Z',
    requester: person(USER),
    linkedRequesters: [],
    ...over,
  });

  test('an open request naming the person, as requester or linked, for the same app', () => {
    expect(alreadyAsked(offer, [request({ state: 'pending' })])).toBe(true);
    expect(
      alreadyAsked(offer, [
        request({ state: 'approving', requester: person(OTHER), linkedRequesters: [person(USER.toUpperCase())] }),
      ]),
    ).toBe(true);
    expect(alreadyAsked(offer, [request({ state: 'pending', appId: OTHER })])).toBe(false);
    expect(alreadyAsked(offer, [request({ state: 'pending', requester: person(OTHER) })])).toBe(false);
  });

  test('a decided request made at or after the failed sign-in (they asked after it, in chat or in Entra); not one from before', () => {
    expect(alreadyAsked(offer, [request({ state: 'denied', createdAt: '2025-06-12T10:00:40.000Z' })])).toBe(true);
    expect(alreadyAsked(offer, [request({ state: 'approved', createdAt: offer.at })])).toBe(true);
    expect(alreadyAsked(offer, [request({ state: 'denied', createdAt: '2025-06-12T09:59:59.000Z' })])).toBe(false);
    expect(alreadyAsked(offer, [])).toBe(false);
  });
});
