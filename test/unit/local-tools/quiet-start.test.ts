import { readableLine, MAX_LINE, wantsReadableLogs } from '../../../src/local-tools/readable-log';
import { silenceKnownDeprecations, warningCode } from '../../../src/local-tools/quiet-warnings';
import { explainStartFailure } from '../../../src/local-tools/local-start';
import { renderDoctor } from '../../../src/doctor/checks';

describe('readable local logs', () => {
  const turn = JSON.stringify({
    level: 30,
    time: Date.UTC(2026, 0, 1, 9, 0, 0),
    pid: 1,
    hostname: 'vm',
    name: 'consent-doctor',
    turnId: 'a'.repeat(36),
    activityId: 'b'.repeat(36),
    conversationId: `a:personal-${'c'.repeat(36)}`,
    tenantId: 'd'.repeat(36),
    userAadObjectId: 'e'.repeat(36),
    type: 'message',
    conversationType: 'personal',
    outcome: 'handled',
    durationMs: 85,
    msg: 'turn',
  });

  it('turns a ~600-character turn line into a short one', () => {
    expect(turn.length).toBeGreaterThan(300);
    const line = readableLine(turn);
    expect(line).toMatch(/INFO {2}turn {2}message personal handled 85ms$/);
    expect(line.length).toBeLessThan(60);
  });

  it('keeps the message and the fields that matter, capped', () => {
    const line = readableLine(
      JSON.stringify({
        level: 40,
        time: 0,
        msg: 'could not update',
        err: { message: 'x'.repeat(500), code: 'E' },
        requestId: 'r1',
      }),
    );
    expect(line).toContain('WARN  could not update');
    expect(line).toContain('requestId=r1');
    expect(line.length).toBeLessThanOrEqual(MAX_LINE);
    expect(readableLine('not json')).toBe('not json');
  });

  it('is for local mode only, and LOG_FORMAT=json keeps JSON', () => {
    expect(wantsReadableLogs('local', {})).toBe(true);
    expect(wantsReadableLogs('local', { LOG_FORMAT: 'json' })).toBe(false);
    expect(wantsReadableLogs('production', {})).toBe(false);
  });
});

describe('no deprecation noise', () => {
  it('drops DEP0111 and nothing else', () => {
    const seen: unknown[][] = [];
    const target = {
      emitWarning: ((...args: unknown[]) => {
        seen.push(args);
      }) as typeof process.emitWarning,
    };
    silenceKnownDeprecations(target);
    target.emitWarning("Access to process.binding('http_parser') is deprecated.", 'DeprecationWarning', 'DEP0111');
    target.emitWarning('something else', { type: 'DeprecationWarning', code: 'DEP0005' });
    target.emitWarning('plain');
    expect(seen.map((a) => a[0])).toEqual(['something else', 'plain']);
    expect(warningCode(['m', { code: 'DEP0111' }])).toBe('DEP0111');
  });
});

describe('start-up failures people can act on', () => {
  it('explains a port that is taken, without a stack', () => {
    const text = explainStartFailure(
      Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 3978 }),
      { port: 3978 },
    );
    expect(text).toMatch(/^Port 3978 .* already in use: is another `npm start` still running\?/);
    expect(text).not.toMatch(/at .*\(node:/);
    expect(explainStartFailure(new Error('other'), { port: 1 })).toBeNull();
  });
});

describe('doctor verdict', () => {
  it('does not say everything is in place when checks were not run', () => {
    const text = renderDoctor({
      ok: true,
      checks: [
        { id: 'token', status: 'ok', title: 'Graph token', detail: 'fine' },
        { id: 'storage', status: 'skipped', title: 'Storage', detail: 'not checked' },
      ],
    });
    expect(text).not.toContain('Everything the bot needs is in place.');
    expect(text).toContain('1 check(s) were not run');
  });
});
