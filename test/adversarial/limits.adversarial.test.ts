/**
 * Limits that hold across replicas: two bots share one Azurite (the same tables) and one tenant.
 *  - 100 pasted sign-in links with random client ids from one person, sent to both replicas: a
 *    bounded number of requests (the per-person message limit and pending cap), none of them
 *    reaches the admins' channel or Graph until the person confirms one with a note;
 *  - per-person and per-tenant message limits, counted across both replicas exactly;
 *  - per-person diagnosis and new-request limits.
 * Each person who hits a limit is told so plainly. The clock is the harness's, so windows never
 * roll over in the middle of a test.
 */
import { randomUUID } from 'node:crypto';
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import {
  ADMIN_CHANNEL_CONVERSATION_ID,
  CARD_MAC_KEY,
  personalConversationId,
  type AppHarness,
} from '../helpers/app-harness';
import { uniquePrefix } from '../helpers/azurite';
import { messagesTo, wordsOf } from '../e2e/chat-helpers';
import { graphWrites } from '../integration/approvals/helpers';
import { usePeers } from './support/peers';

let clock = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 60_000);
const now = () => clock;
/** Moves to a fresh day, so every window (minute, hour, day) starts empty. */
const nextDay = () => {
  clock = new Date(clock.getTime() + 86_400_000);
};

const { sim, connector, harness } = usePeers();

async function replicas(env: Record<string, string>): Promise<[AppHarness, AppHarness]> {
  const storePrefix = uniquePrefix();
  const a = await harness({ storePrefix, now, env, logLevel: 'info' });
  const b = await harness({ storePrefix, now, env, logLevel: 'info' });
  await a.useAdminChannel();
  return [a, b];
}

function replies(h: AppHarness, who: string, since: number): string[] {
  return messagesTo(connector, personalConversationId(h.user(who)), since).map((m) => wordsOf([m]));
}

const adminChannelPosts = (since: number) =>
  connector.calls.slice(since).filter((c) => c.conversationId === ADMIN_CHANNEL_CONVERSATION_ID && c.method === 'POST');
const USER_MESSAGE_LIMIT = /messages in the last minute, which is the most I take from one person/;
const TENANT_LIMIT = /a lot of questions from your organisation at once/;

describe('100 pasted links with random client ids from one person (default limits, two replicas)', () => {
  let a: AppHarness;
  let b: AppHarness;
  beforeAll(async () => {
    nextDay();
    [a, b] = await replicas({});
  });

  it('makes a bounded number of requests, posts no admin card and writes nothing to Graph until the person confirms one', async () => {
    const since = connector.calls.length;
    sim.clearLog(a.tenantId);
    const links = Array.from(
      { length: 100 },
      () =>
        `https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=${randomUUID()}&response_type=code&scope=${encodeURIComponent('Files.Read.All offline_access User.Read')}`,
    );
    for (let i = 0; i < links.length; i += 10) {
      await Promise.all(
        links
          .slice(i, i + 10)
          .map((link, j) => ((i + j) % 2 === 0 ? a : b).say('carol', `I get "Need admin approval" here: ${link}`)),
      );
    }
    const carol = a.user('carol');
    const rows = await a.store.requests.listByRequester(carol.id);
    const words = replies(a, 'carol', since);
    const limited = words.filter((w) => USER_MESSAGE_LIMIT.test(w)).length;
    const pendingCap = words.filter((w) =>
      /requests waiting for the admins, which is the most one person can have open/.test(w),
    ).length;
    const awaiting = words.filter((w) =>
      /not in your organisation yet, so I have not sent anything to the admins/.test(w),
    ).length;
    const { messagesPerUserPerMinute, pendingRequestsPerUser } = a.services.config.limits;
    process.stdout.write(
      `100 links from one person: ${rows.length} requests stored (all awaiting confirmation: ${rows.every((r) => r.value.awaitingConfirmation)}), ` +
        `${adminChannelPosts(since).length} admin cards, ${graphWrites(sim.log(a.tenantId)).length} Graph writes; told: ${limited}x message limit, ${pendingCap}x pending cap, ${awaiting}x "confirm first"\n`,
    );

    expect(rows.length).toBeLessThanOrEqual(pendingRequestsPerUser);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.value.awaitingConfirmation === true && r.value.adminCard === null)).toBe(true);
    expect(adminChannelPosts(since)).toEqual([]);
    expect(graphWrites(sim.log(a.tenantId))).toEqual([]);
    // Everyone of the 100 got an answer; at most the limit were looked at.
    expect(limited).toBeGreaterThanOrEqual(100 - messagesPerUserPerMinute);
    expect(awaiting).toBe(rows.length);
    expect(pendingCap).toBeGreaterThan(0);

    // Confirming one (the note on the answer card) posts exactly that one card.
    const [first] = rows;
    const res = await b.click(
      'carol',
      'sendToAdmins',
      {
        ...signCardData(first.value.id, CARD_MAC_KEY),
        justification: 'We are trialling this app for the reports team.',
      },
      { conversationId: personalConversationId(carol) },
    );
    expect(res.status).toBe(200);
    expect(adminChannelPosts(since)).toHaveLength(1);
    const confirmed = await a.store.requests.get(first.value.id);
    expect(confirmed?.value.awaitingConfirmation).toBeUndefined();
    expect(confirmed?.value.adminCard).not.toBeNull();
  });
});

describe('per-person and per-tenant limits across two replicas (small limits)', () => {
  let a: AppHarness;
  let b: AppHarness;
  beforeAll(async () => {
    nextDay();
    [a, b] = await replicas({
      LIMIT_MESSAGES_PER_USER_PER_MINUTE: '6',
      LIMIT_MESSAGES_PER_TENANT_PER_MINUTE: '20',
      LIMIT_DIAGNOSES_PER_USER_PER_HOUR: '3',
      LIMIT_NEW_REQUESTS_PER_USER_PER_DAY: '2',
    });
  });

  it("counts one person's messages across both replicas exactly", async () => {
    const since = connector.calls.length;
    // "status" reads storage only: each message gets exactly one reply.
    for (let i = 0; i < 10; i++) await (i % 2 === 0 ? a : b).say('dave', 'status');
    const words = replies(a, 'dave', since);
    expect(words).toHaveLength(10);
    expect(words.filter((w) => USER_MESSAGE_LIMIT.test(w))).toHaveLength(4);
    expect(words.filter((w) => !USER_MESSAGE_LIMIT.test(w) && !TENANT_LIMIT.test(w))).toHaveLength(6);
  });

  it("counts the tenant's messages across both replicas, after each person's own limit", async () => {
    const since = connector.calls.length;
    const people = ['erin', 'frank', 'grace', 'heidi', 'ben'];
    for (let i = 0; i < 20; i++) await (i % 2 === 0 ? a : b).say(people[i % people.length], 'status');
    const words = people.flatMap((p) => replies(a, p, since));
    // Dave used 6 of the tenant's 20 this minute: 14 more are handled, 6 are told the tenant is busy.
    expect(words).toHaveLength(20);
    expect(words.filter((w) => TENANT_LIMIT.test(w))).toHaveLength(6);
    expect(words.filter((w) => !USER_MESSAGE_LIMIT.test(w) && !TENANT_LIMIT.test(w))).toHaveLength(14);
  });

  it('limits diagnoses and new requests per person, and says so', async () => {
    clock = new Date(clock.getTime() + 120_000); // fresh minute windows, same hour and day
    // Each of these needs an admin for carol (demo tenant): every one would be a new request.
    const apps = [CONTOSO.apps.sharePoint, CONTOSO.apps.oneDrive, CONTOSO.apps.crm, CONTOSO.apps.outlook];
    // New requests first (no one has asked about these apps yet, so nothing is linked instead).
    const sinceCarol = connector.calls.length;
    for (const [i, app] of apps.slice(0, 3).entries()) await (i % 2 === 0 ? a : b).say('carol', app.appId);
    const carolWords = replies(a, 'carol', sinceCarol);
    const created = await a.store.requests.listByRequester(a.user('carol').id);
    const toldNewRequests = carolWords.filter((w) => /asked the admins for 2 new approvals today/.test(w)).length;
    process.stdout.write(
      `carol asked about 3 apps: ${created.length} requests; told ${toldNewRequests}x the new-request limit\n`,
    );
    expect(created).toHaveLength(2);
    expect(toldNewRequests).toBe(1);

    const since = connector.calls.length;
    for (const [i, app] of apps.entries()) await (i % 2 === 0 ? a : b).say('alice', app.appId);
    const words = replies(a, 'alice', since);
    expect(words.filter((w) => /already checked 3 apps for you in the last hour/.test(w))).toHaveLength(1);
  });
});
