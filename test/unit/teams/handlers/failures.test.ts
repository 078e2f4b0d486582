import { classifyFailure, failureText } from '../../../../src/teams/handlers/failures';
import { GraphAuthError, GraphRequestError, GraphUnavailableError } from '../../../../src/graph/errors';
import { StoreConflictError, StoreUnavailableError } from '../../../../src/store';

const failure = (status: number) => ({ status, code: 'x', message: 'secret internals', requestId: 'r' });

describe('failures', () => {
  it('classifies Graph and storage failures', () => {
    expect(classifyFailure(new GraphUnavailableError(failure(503)))).toBe('graph_unavailable');
    expect(classifyFailure(new GraphAuthError(failure(401)))).toBe('graph_config');
    expect(classifyFailure(new GraphRequestError(failure(400)))).toBe('unexpected');
    expect(classifyFailure(new StoreUnavailableError('down'))).toBe('storage');
    expect(classifyFailure(new StoreConflictError('etag_mismatch', 'k'))).toBe('storage');
    expect(classifyFailure(new TypeError('boom'))).toBe('unexpected');
  });

  it('words are kind, carry the correlation id and nothing internal', () => {
    for (const kind of ['graph_unavailable', 'graph_config', 'storage', 'unexpected'] as const) {
      const text = failureText(kind, 'corr-123');
      expect(text).toContain('reference: corr-123');
      expect(text).not.toMatch(/secret internals|Error|stack/);
    }
  });
});
