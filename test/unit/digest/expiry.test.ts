import { isOverdue, requestExpiresAt } from '../../../src/digest/expiry';
import type { RequestState } from '../../../src/requests/model';

const r = (state: RequestState, createdAt: string) => ({ state, createdAt });

describe('request expiry', () => {
  test('a pending request expires exactly REQUEST_EXPIRY_DAYS after it was created', () => {
    expect(requestExpiresAt('2025-03-01T09:30:00Z', 30)).toBe('2025-03-31T09:30:00.000Z');
    expect(isOverdue(r('pending', '2025-03-01T09:30:00Z'), new Date('2025-03-31T09:29:59Z'), 30)).toBe(false);
    expect(isOverdue(r('pending', '2025-03-01T09:30:00Z'), new Date('2025-03-31T09:30:00Z'), 30)).toBe(true);
  });

  test('only pending requests expire; an unreadable date never does', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const all = [
      r('pending', '2025-01-01T00:00:00Z'),
      r('approving', '2025-01-01T00:00:00Z'),
      r('approved', '2025-01-01T00:00:00Z'),
      r('pending', 'yesterday'),
      r('pending', '2025-12-31T00:00:00Z'),
    ];
    expect(all.filter((request) => isOverdue(request, now, 30))).toEqual([all[0]]);
    expect(requestExpiresAt('yesterday', 30)).toBeNull();
  });
});
