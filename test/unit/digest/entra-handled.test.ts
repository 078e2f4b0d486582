import { decidedHereText, handledFrom, withoutHandled } from '../../../src/digest/entra-handled';
import type { EntraQueue } from '../../../src/digest/entra-requests';
import type { ApprovalRequest, EntraRequestRef, RequestState } from '../../../src/requests/model';
import { request as cardRequest } from '../cards/fixtures';
import { extraRequests } from './fixture-queue';

const ref = (id: string): EntraRequestRef => ({
  userConsentRequestId: id,
  appConsentRequestId: 'acr',
  requesterId: 'x',
  requesterName: 'X',
  reason: null,
  scopes: [],
  createdDateTime: '2025-06-01T09:00:00Z',
});
const carrying = (state: RequestState, ...ids: string[]): ApprovalRequest => ({
  ...cardRequest(state),
  entraRequests: ids.map(ref),
});

describe('Entra requests the bot carries', () => {
  test('an open request of the bot wins over a decided one for the same Entra request', () => {
    const handled = handledFrom([
      carrying('denied', 'ucr-od-1', 'ucr-od-2'),
      carrying('pending', 'UCR-OD-1'),
      cardRequest('pending'),
    ]);
    expect([...handled.entries()]).toEqual([
      ['ucr-od-1', 'waiting_here'],
      ['ucr-od-2', 'decided_here'],
    ]);
  });

  test("a failed approval still waits here (it can be approved again), so Entra's copy is not counted as decided", () => {
    expect([...handledFrom([carrying('failed', 'ucr-od-1')]).entries()]).toEqual([['ucr-od-1', 'waiting_here']]);
  });

  test('the queue loses the carried requests (parents left empty disappear later), and decided ones are counted', () => {
    const queue: EntraQueue = {
      ok: true,
      requests: extraRequests(),
      policy: null,
      servicePrincipalIds: {},
      grants: {},
    };
    const { queue: rest, decidedHere } = withoutHandled(
      queue,
      handledFrom([carrying('approved', 'ucr-od-1'), carrying('pending', 'ucr-od-2')]),
    );
    expect(decidedHere).toBe(1);
    const ids = rest.ok ? rest.requests.flatMap((r) => r.userConsentRequests.map((u) => u.id)) : [];
    expect(ids).not.toContain('ucr-od-1');
    expect(ids).not.toContain('ucr-od-2');
    expect(ids).toContain('ucr-od-3');
  });

  test('an unreadable queue, or nothing carried, is left as it is', () => {
    const unreadable: EntraQueue = { ok: false, reason: 'no', permission: null };
    expect(withoutHandled(unreadable, new Map([['a', 'decided_here']]))).toEqual({ queue: unreadable, decidedHere: 0 });
  });

  test('the note says plainly that Graph cannot close them', () => {
    expect(decidedHereText(1)).toMatch(
      /^\*\*One Entra request was decided here but is still open in Entra:\*\* Microsoft Graph cannot close it\./,
    );
    expect(decidedHereText(3)).toMatch(/3 Entra requests were decided here but are still open/);
  });
});
