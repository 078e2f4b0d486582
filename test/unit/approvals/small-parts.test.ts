import { InFlight } from '../../../src/approvals/in-flight';
import { isStale } from '../../../src/approvals/reconcile-claim';
import { linkedNotice } from '../../../src/approvals/publish';
import { afterCheck } from '../../../src/approvals/recheck';
import { renderApproval } from '../../../src/approvals/render';
import { createLogger } from '../../../src/logger';
import type { Finding } from '../../../src/diagnosis/types';
import { request } from '../cards/fixtures';

const silent = createLogger({ level: 'silent' });

describe('afterCheck: what still blocks', () => {
  const f = (code: Finding['code'], severity: Finding['severity'], fixable: boolean): Finding => ({
    code,
    severity,
    fixable,
    summary: '',
    adminSummary: '',
  });
  it('keeps only fixable blockers', () => {
    const findings = [
      f('USER_CONSENT_DISABLED', 'blocker', true),
      f('CONDITIONAL_ACCESS_BLOCK', 'blocker', false),
      f('SCOPES_UNKNOWN', 'warning', false),
      f('CONSENT_MISSING_SCOPES', 'warning', true),
    ];
    const d = { ...request().diagnosis, findings };
    expect(afterCheck(d, 1, []).remaining.map((x) => x.code)).toEqual(['USER_CONSENT_DISABLED']);
  });
});

describe('afterCheck', () => {
  const blocked = {
    ...request().diagnosis,
    findings: [
      {
        code: 'USER_CONSENT_DISABLED' as const,
        severity: 'blocker' as const,
        fixable: true,
        summary: '',
        adminSummary: '',
      },
    ],
  };
  const clear = { ...request().diagnosis, findings: [], verification: undefined };
  it('is done and verified as soon as nothing fixable blocks', () => {
    expect(afterCheck(clear, 1, [1000, 2000])).toEqual({ kind: 'done', verified: true, remaining: [] });
  });
  it('checks again after each pause in turn, then reports the approval unverified', () => {
    expect(afterCheck(blocked, 1, [1000, 2000])).toMatchObject({ kind: 'again', afterMs: 1000 });
    expect(afterCheck(blocked, 2, [1000, 2000])).toMatchObject({ kind: 'again', afterMs: 2000 });
    expect(afterCheck(blocked, 3, [1000, 2000])).toMatchObject({
      kind: 'done',
      verified: false,
      remaining: [{ code: 'USER_CONSENT_DISABLED' }],
    });
    expect(afterCheck(blocked, 1, [])).toMatchObject({ kind: 'done', verified: false });
  });
});

describe('isStale', () => {
  it('compares updatedAt with the threshold; unreadable dates count as stale', () => {
    const now = new Date('2025-03-02T10:10:00Z');
    expect(isStale({ ...request('approving'), updatedAt: '2025-03-02T10:00:00Z' }, now, 5 * 60_000)).toBe(true);
    expect(isStale({ ...request('approving'), updatedAt: '2025-03-02T10:09:00Z' }, now, 5 * 60_000)).toBe(false);
    expect(isStale({ ...request('approving'), updatedAt: 'garbage' }, now, 5 * 60_000)).toBe(true);
  });
});

describe('linkedNotice', () => {
  it('tells linked people what the decision means for them', () => {
    const approved = {
      ...request('approved'),
      decision: { ...request('approved').decision, scope: 'everyone' as const },
    };
    expect(linkedNotice(approved, true)).toMatch(/approved for everyone\. Please try signing in again now/);
    expect(linkedNotice(approved, false)).toMatch(/still finds something blocking/);
    expect(linkedNotice({ ...approved, decision: { ...approved.decision, scope: 'user' } }, null)).toMatch(
      /for the person who first asked only/,
    );
    expect(linkedNotice(request('denied'), null)).toMatch(
      /declined\. The admin's reason: Use the approved connector instead\./,
    );
    expect(linkedNotice(request('pending'), null)).toBeNull();
  });
});

describe('renderApproval with a note', () => {
  it('puts an escaped line on top of the card', () => {
    const key = Buffer.alloc(32, 7);
    const plain = renderApproval(request(), key, 'observer');
    const card = renderApproval(request(), key, 'observer', {
      text: 'See [this](https://evil.example)',
      tone: 'warning',
    });
    expect(card.body).toHaveLength(plain.body.length + 1);
    expect(card.body.slice(1)).toEqual(plain.body);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', color: 'Attention' });
    expect(JSON.stringify(card.body[0])).not.toMatch(/\]\(https:\/\/evil/);
  });
});

describe('InFlight', () => {
  it('runs work in the background, logs failures and reports idle only when all work is done', async () => {
    const tracker = new InFlight(silent);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    tracker.start('a', async () => {
      await gate;
      order.push('a');
      tracker.start('b', async () => {
        order.push('b');
      });
    });
    tracker.start('c', async () => {
      throw new Error('boom');
    });
    expect(tracker.size).toBeGreaterThan(0);
    const idle = tracker.idle().then(() => order.push('idle'));
    release();
    await idle;
    expect(order).toEqual(['a', 'b', 'idle']);
    expect(tracker.size).toBe(0);
  });
});
