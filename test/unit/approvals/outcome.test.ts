import { completedOutcome, failedOutcome, stepFromResult } from '../../../src/approvals/outcome';
import type { Remedy } from '../../../src/diagnosis/types';

const sp: Remedy = { kind: 'create_service_principal', appId: 'app' };
const grant: Remedy = {
  kind: 'grant_delegated',
  clientAppId: 'app',
  resourceAppId: 'r',
  scopes: ['User.Read'],
  consentType: 'AllPrincipals',
};
const assign: Remedy = { kind: 'assign_user', appId: 'app', userId: 'u', appRoleId: 'role' };

describe('approval outcome', () => {
  it('records each step as it went', () => {
    const done = stepFromResult(sp, { status: 'done', graphRequestId: 'rid-1', detail: 'added', planned: [] });
    const already = stepFromResult(grant, {
      status: 'already_done',
      graphRequestId: 'rid-2',
      detail: 'had it',
      planned: [],
    });
    expect(completedOutcome([done, already], true)).toEqual({
      steps: [
        { remedy: sp, status: 'done', graphRequestId: 'rid-1', error: null },
        { remedy: grant, status: 'already_done', graphRequestId: 'rid-2', error: null },
      ],
      verified: true,
      error: null,
    });
  });

  it('after a failure keeps what was done, marks the failed step and leaves the rest not attempted', () => {
    const done = stepFromResult(sp, { status: 'done', graphRequestId: 'rid-1', detail: 'added', planned: [] });
    const outcome = failedOutcome([sp, grant, assign], [done], {
      code: 'serviceNotAvailable',
      status: 503,
      message: 'long text',
      requestId: 'rid-2',
    });
    expect(outcome).toEqual({
      steps: [
        { remedy: sp, status: 'done', graphRequestId: 'rid-1', error: null },
        { remedy: grant, status: 'failed', graphRequestId: 'rid-2', error: 'serviceNotAvailable (HTTP 503)' },
        { remedy: assign, status: 'skipped', graphRequestId: null, error: null },
      ],
      verified: null,
      error: 'serviceNotAvailable',
    });
  });

  it('keeps untrusted error codes inert and short', () => {
    const outcome = failedOutcome([grant], [], {
      code: `\u202e${'x'.repeat(500)}\n`,
      status: 0,
      message: '',
      requestId: null,
    });
    expect(outcome.error?.length).toBeLessThanOrEqual(60);
    expect(outcome.error).not.toMatch(/[\u202e\n]/);
    expect(outcome.steps[0].error).not.toMatch(/HTTP/);
  });
});
