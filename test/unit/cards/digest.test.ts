import { auditCard } from '../../../src/cards/audit';
import { digestCard } from '../../../src/cards/digest';
import {
  type DigestEntraItem,
  type DigestPendingItem,
  toDigestEntraItems,
  toDigestPendingItem,
} from '../../../src/cards/digest-model';
import { teamsMessageUrl } from '../../../src/cards/links';
import { CARD_MAX_BYTES, fitToSize, jsonBytes } from '../../../src/cards/size';
import type { AppConsentRequest } from '../../../src/graph/types';
import type { AuditEntry } from '../../../src/requests/model';
import { APP_ID, TENANT_ID, request } from './fixtures';
import { actions, allText, expectValidCard } from './helpers';

const NOW = '2025-03-10T12:00:00Z';
const THREAD = teamsMessageUrl('19:abc@thread.tacv2;messageid=1700000000000', '1700000000000', TENANT_ID);

function pendingItem(i: number): DigestPendingItem {
  return {
    requestId: `req-${i}`,
    requester: `User ${i} with a reasonably long display name`,
    appName: `Qlik Web Connectors (Office 365 SharePoint) #${i}`,
    proposedFix: 'Grant delegated permissions on Microsoft Graph for all users (tenant-wide, AllPrincipals)',
    createdAt: new Date(Date.parse('2025-01-01T00:00:00Z') + i * 60_000).toISOString(),
    expiresAt: i % 2 ? '2025-03-11T00:00:00Z' : null,
    threadUrl: THREAD,
  };
}
function entraItem(i: number): DigestEntraItem {
  return {
    appName: `Vendor app ${i}`,
    appId: APP_ID,
    requester: `Requester ${i}`,
    createdAt: '2025-03-01T00:00:00Z',
    expiresAt: `2025-03-${String(11 + (i % 18)).padStart(2, '0')}T00:00:00Z`,
    alreadyGranted: i % 3 === 0,
  };
}

describe('fitToSize', () => {
  const build = (n: number) => ({ items: 'x'.repeat(n * 10) });

  test('finds the largest n that fits', () => {
    const fitted = fitToSize(build, 1000, 10_000);
    expect(jsonBytes(fitted.value)).toBeLessThanOrEqual(1000);
    expect(jsonBytes(build(fitted.n + 1))).toBeGreaterThan(1000);
    expect(fitted.bytes).toBe(jsonBytes(fitted.value));
  });

  test('stops at maxN when everything fits, and throws when nothing does', () => {
    expect(fitToSize(build, 1000, 3).n).toBe(3);
    expect(() => fitToSize(build, 5, 3)).toThrow(RangeError);
  });
});

describe('digest card', () => {
  test('10,000 pending and 10,000 Entra requests stay under the limit and say "and N more"', () => {
    const card = digestCard({
      now: NOW,
      pending: Array.from({ length: 10_000 }, (_, i) => pendingItem(i)),
      entra: Array.from({ length: 10_000 }, (_, i) => entraItem(i)),
      expiringSoonDays: 3,
      seeAllText: 'Mention me with "pending" to see every request.',
    });
    expectValidCard(card);
    expect(jsonBytes(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    const text = allText(card);
    expect(text).toMatch(/…and \d+ more\. Mention me with "pending" to see every request\./);
    const shown = (text.match(/^\*\*Qlik Web Connectors.*, waiting /gm) ?? []).length;
    expect(shown).toBeGreaterThan(0);
    expect(text).toContain(`…and ${10_000 - shown} more.`);
    expect(text).toContain('Waiting for approval here');
    expect(text).toContain('10000 (oldest waiting 68 days)');
    expect(text).toContain('10000 (3334 already granted)');
    // Oldest first.
    expect(text.indexOf('#0**')).toBeLessThan(text.indexOf('#1**'));
  });

  test('a short queue is shown in full with links, markers and expiry', () => {
    const card = digestCard({
      now: NOW,
      pending: [pendingItem(1)],
      entra: [entraItem(0), entraItem(1)],
      expiringSoonDays: 3,
      seeAllText: 'x',
    });
    expectValidCard(card);
    const text = allText(card);
    expect(text).not.toContain('more.');
    expect(text).toContain(`[Open the card](${THREAD})`);
    expect(text).toContain('**Already granted — close it in Entra.**');
    expect(text).toContain('Bot request: **Qlik Web Connectors (Office 365 SharePoint) #1** for User 1');
    expect(text).toContain('Entra request: **Vendor app 0** for Requester 0, expires 2025-03-11 00:00 UTC.');
    expect(actions(card, 'Action.OpenUrl')).toHaveLength(1);
  });

  test('thread links go to Teams only', () => {
    const card = digestCard({
      now: NOW,
      pending: [{ ...pendingItem(1), threadUrl: 'https://evil.example/x' }],
      entra: [],
      expiringSoonDays: 3,
      seeAllText: 'x',
    });
    expect(allText(card)).not.toContain('Open the card');
  });

  test('an empty queue still renders', () => {
    const card = digestCard({ now: NOW, pending: [], entra: [], expiringSoonDays: 2, seeAllText: 'x' });
    expectValidCard(card);
    expect(allText(card)).toContain('Nothing here.');
  });

  test('domain mapping: pending request and InProgress Entra requests', () => {
    expect(toDigestPendingItem(request('pending'), THREAD)).toMatchObject({
      requestId: 'req-0001',
      requester: 'Ana Lima',
      proposedFix: 'Grant delegated permissions on Microsoft Graph for all users (tenant-wide, AllPrincipals)',
      threadUrl: THREAD,
    });
    const entra: AppConsentRequest = {
      id: 'acr1',
      appId: APP_ID,
      appDisplayName: 'Qlik',
      pendingScopes: [{ displayName: 'Sites.Read.All' }],
      userConsentRequests: [
        {
          id: 'u1',
          status: 'InProgress',
          createdDateTime: '2025-03-01T08:00:00Z',
          createdBy: { user: { id: 'a', displayName: 'Ana' } },
        },
        { id: 'u2', status: 'Completed', createdDateTime: '2025-03-01T08:00:00Z', createdBy: { user: { id: 'b' } } },
      ],
    };
    expect(toDigestEntraItems([entra], { requestDurationInDays: 30 }, (id) => id === APP_ID)).toEqual([
      {
        appName: 'Qlik',
        appId: APP_ID,
        requester: 'Ana',
        createdAt: '2025-03-01T08:00:00Z',
        expiresAt: '2025-03-31T08:00:00Z',
        alreadyGranted: true,
      },
    ]);
  });

  test('thread links are only built from well-formed ids', () => {
    expect(THREAD).toBe(
      `https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/1700000000000?tenantId=${TENANT_ID}&parentMessageId=1700000000000`,
    );
    expect(teamsMessageUrl('19:abc@thread.tacv2', 'javascript:1', TENANT_ID)).toBeNull();
  });
});

describe('audit card', () => {
  const entry = (i: number): AuditEntry => ({
    requestId: 'req-0001',
    at: new Date(Date.UTC(2025, 2, 1, 0, i)).toISOString(),
    actor: { aadObjectId: 'admin', displayName: 'Dana Admin' },
    action: i % 2 ? 'approve' : 'refresh',
    detail: `Granted Sites.ReadWrite.All (step ${i})`,
    graphRequestId: `gr-${i}`,
    result: i % 5 === 0 ? 'refused' : 'ok',
  });

  test('lists the history with who, what and the Graph request-id', () => {
    const card = auditCard(request('approved'), [entry(2), entry(1)]);
    expectValidCard(card);
    const text = allText(card);
    expect(text).toContain('approve by Dana Admin (ok)');
    expect(text).toContain('Granted Sites.ReadWrite.All (step 1) Graph request-id gr-1.');
    expect(text.indexOf('step 1')).toBeLessThan(text.indexOf('step 2'));
  });

  test('a long history keeps the newest entries within the size limit', () => {
    const card = auditCard(
      request('approved'),
      Array.from({ length: 5000 }, (_, i) => entry(i)),
    );
    expectValidCard(card);
    const text = allText(card);
    expect(text).toContain('step 4999');
    expect(text).not.toContain('step 0)');
    expect(text).toMatch(/\d+ earlier entries are not shown; the audit table keeps them all\./);
  });

  test('no entries', () => {
    expect(allText(auditCard(request('pending'), []))).toContain('No history recorded yet.');
  });
});

describe('digest notes about Entra’s queue (from the template, where build.ts used to add them by hand)', () => {
  const vm = {
    now: NOW,
    // Not expiring soon: that section is empty too.
    pending: [pendingItem(2)],
    entra: [] as DigestEntraItem[],
    expiringSoonDays: 3,
    seeAllText: 'See all.',
  };
  const entraSection = (card: ReturnType<typeof digestCard>) =>
    JSON.stringify(card.body.find((b) => JSON.stringify(b).includes('Entra admin consent workflow')));

  test('no note: the title is followed by the totals, and an empty Entra section says "Nothing here."', () => {
    const card = digestCard(vm);
    expect((card.body[1] as { type: string }).type).toBe('FactSet');
    expect(entraSection(card)).toContain('"text":"Nothing here."');
    expect(allText(card)).toContain('Entra consent requests in progress\n0');
  });

  test('requests decided here: a plain note right under the title, the rest as without it', () => {
    const plainCard = digestCard(vm);
    const card = digestCard({ ...vm, entraNote: { kind: 'decided_here', text: 'Two were decided here.' } });
    expectValidCard(card);
    expect(card.body[1]).toEqual({ type: 'TextBlock', text: 'Two were decided here.', wrap: true });
    expect(card.body.filter((_, i) => i !== 1)).toEqual(plainCard.body);
  });

  test('an unreadable queue: a warning note under the title; the Entra total and section do not claim it is empty', () => {
    const card = digestCard({ ...vm, entraNote: { kind: 'unreadable', text: 'Could not be read.' } });
    expectValidCard(card);
    expect(card.body[1]).toEqual({ type: 'TextBlock', text: 'Could not be read.', wrap: true, color: 'Warning' });
    expect(allText(card)).toContain('Entra consent requests in progress\nunknown (not readable, see above)');
    expect(entraSection(card)).toContain('"text":"Not available: see the note above."');
    expect(entraSection(card)).not.toContain('Nothing here.');
    // The other sections keep their own empty text.
    expect(JSON.stringify(card.body)).toContain('"text":"Nothing here."');
  });

  test('a long queue with a note still fits: the note is measured with the card', () => {
    const many = Array.from({ length: 3000 }, (_, i) => pendingItem(i));
    const card = digestCard({ ...vm, pending: many, entraNote: { kind: 'unreadable', text: 'x'.repeat(2000) } });
    expect(jsonBytes(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    expect(JSON.stringify(card.body[1])).toContain('x'.repeat(2000));
  });
});
