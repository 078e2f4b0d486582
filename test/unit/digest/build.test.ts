import { buildDigest, SEE_ALL_TEXT, toPendingItems } from '../../../src/digest/build';
import { CARD_MAX_BYTES, jsonBytes } from '../../../src/cards/size';
import { validateCard } from '../../../src/cards/validate';
import type { ApprovalRequest } from '../../../src/requests/model';
import { request as cardRequest } from '../cards/fixtures';
import { allText, expectValidCard } from '../cards/helpers';
import { demoQueue } from './fixture-queue';

const TENANT = '11111111-1111-4111-8111-111111111111';
const NOW = new Date('2025-06-10T12:00:00Z');

function pending(i: number, createdAt: string, overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  const base = cardRequest('pending');
  return {
    ...base,
    id: `req-${i}`,
    createdAt,
    requester: { ...base.requester, displayName: `Requester ${i}` },
    appDisplayName: `App ${i}`,
    diagnosis: { ...base.diagnosis, app: { appId: base.appId, displayName: `App ${i}`, servicePrincipalId: null } },
    ...overrides,
  };
}

describe('buildDigest', () => {
  test('pending bot requests and the demo Entra queue: ages, proposed fix, card link, granted marker, expiring soon, totals', () => {
    const requests = [
      pending(1, '2025-06-01T08:00:00Z', {
        adminCard: {
          conversationId: '19:admins@thread.tacv2;messageid=1749000000000',
          activityId: '1749000000000',
          serviceUrl: 'https://smba.example/',
        },
      }),
      // 30-day expiry: created 2025-05-12 -> expires 2025-06-11, within the 3 "expiring soon" days.
      pending(2, '2025-05-12T09:00:00Z'),
      { ...pending(3, '2025-06-09T08:00:00Z'), state: 'approved' as const },
    ];
    const digest = buildDigest({
      now: NOW,
      tenantId: TENANT,
      pending: requests,
      entra: demoQueue(),
      requestExpiryDays: 30,
    });
    expectValidCard(digest.card);
    const text = allText(digest.card);
    expect(text).toContain(
      '**App 2**, asked by Requester 2, waiting 29 days. Proposed: Grant delegated permissions on Microsoft Graph for all users (tenant-wide, AllPrincipals).',
    );
    expect(text).toContain(
      '[Open the card](https://teams.microsoft.com/l/message/19%3Aadmins%40thread.tacv2/1749000000000?',
    );
    expect(text.indexOf('**App 2**')).toBeLessThan(text.indexOf('**App 1**')); // oldest first
    expect(text).not.toContain('App 3'); // not pending
    expect(text).toContain(
      '**Qlik Web Connectors (OneDrive)** (220cd2fc-32a6-4d49-bac5-0f052633b581), asked by Carol Finance',
    );
    expect(text.match(/Already granted — close it in Entra\./g)).toHaveLength(2);
    expect(text).toContain('Bot request: **App 2** for Requester 2, expires 2025-06-11');
    expect(text).toContain(
      'Entra request: **Qlik Web Connectors (Outlook 365)** for Frank Legal, expires 2025-06-12 10:00 UTC.',
    );
    expect(text).toContain('4 (2 already granted)');
    expect(digest.summary).toEqual({ pending: 2, entra: 4, alreadyGranted: 2, expiringSoon: 2, entraReadable: true });
    expect(digest.preview).toBe("Consent Doctor digest: 2 waiting here, 4 in Entra's queue, 2 expiring soon");
  });

  test('a queue of 10,000 pending requests gives one valid card under the size limit that says how many more and how to see them', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      pending(i, new Date(Date.parse('2025-05-20T00:00:00Z') + i * 60_000).toISOString()),
    );
    const digest = buildDigest({
      now: NOW,
      tenantId: TENANT,
      pending: many,
      entra: demoQueue(),
      requestExpiryDays: 30,
    });
    const result = validateCard(digest.card);
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(jsonBytes(digest.card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    const text = allText(digest.card);
    const shown = (text.match(/^\*\*App \d+\*\*, asked by/gm) ?? []).length;
    expect(shown).toBeGreaterThan(5);
    expect(text).toContain(`…and ${10_000 - shown} more. ${SEE_ALL_TEXT}`);
    expect(text).toContain('10000 (oldest waiting 21 days)');
    expect(digest.summary.pending).toBe(10_000);
  });

  test('an unreadable Entra queue: the channel is told why and which permission fixes it; the bot part is still there', () => {
    const digest = buildDigest({
      now: NOW,
      tenantId: TENANT,
      pending: [pending(1, '2025-06-01T08:00:00Z')],
      requestExpiryDays: 30,
      entra: {
        ok: false,
        reason: 'Microsoft Graph refused the read (403 Authorization_RequestDenied)',
        permission: 'ConsentRequest.Read.All',
      },
    });
    expectValidCard(digest.card);
    const text = allText(digest.card);
    expect(text).toContain("**Entra's admin consent requests could not be read:**");
    expect(text).toContain('**ConsentRequest.Read.All**');
    expect(text).toContain('unknown (not readable, see above)');
    expect(text).toContain('Not available: see the note above.');
    expect(text).toContain('**App 1**, asked by Requester 1');
    expect(digest.summary.entraReadable).toBe(false);
    // The note sits right under the title.
    expect(JSON.stringify(digest.card.body[1])).toContain('could not be read');
  });

  test('an unreadable queue with 10,000 pending requests still fits', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => pending(i, '2025-06-01T00:00:00Z'));
    const digest = buildDigest({
      now: NOW,
      tenantId: TENANT,
      pending: many,
      requestExpiryDays: 30,
      entra: { ok: false, reason: 'x'.repeat(5000), permission: null },
    });
    expect(validateCard(digest.card).ok).toBe(true);
    expect(jsonBytes(digest.card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
  });

  test('a failed approval is listed as waiting, with its Graph error and no expiry (only pending requests expire)', () => {
    const failed = {
      ...pending(4, '2025-05-12T09:00:00Z'),
      state: 'failed' as const,
      outcome: { steps: [], verified: null, error: 'NOT_WRITTEN' },
    };
    const digest = buildDigest({
      now: NOW,
      tenantId: TENANT,
      pending: [failed],
      entra: { ok: true, requests: [], policy: null, servicePrincipalIds: {}, grants: {} },
      requestExpiryDays: 30,
    });
    const text = allText(digest.card);
    expect(text).toContain(
      '**App 4**, asked by Requester 4, waiting 29 days. Proposed: Grant delegated permissions on Microsoft Graph for all users (tenant-wide, AllPrincipals). The approved fix failed (NOT\\_WRITTEN): approve again or deny on the card.',
    );
    expect(digest.summary).toMatchObject({ pending: 1, expiringSoon: 0 });
    expect(toPendingItems([failed], TENANT, 30)[0]).toMatchObject({ expiresAt: null, failedWith: 'NOT_WRITTEN' });
  });

  test('links only for cards posted with a real Teams message id', () => {
    const items = toPendingItems(
      [
        pending(1, '2025-06-01T08:00:00Z', {
          adminCard: { conversationId: '19:a@thread.tacv2', activityId: 'not-a-number', serviceUrl: 'https://x/' },
        }),
      ],
      TENANT,
      30,
    );
    expect(items[0].threadUrl).toBeNull();
    expect(items[0].expiresAt).toBe('2025-07-01T08:00:00.000Z');
  });
});
