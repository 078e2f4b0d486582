import { parseAuditCommand } from '../../../../src/teams/handlers/audit-command';

describe('parseAuditCommand', () => {
  it.each([
    ['audit req-123', 'req-123'],
    ['  Audit   req-123  ', 'req-123'],
    ['<at>Consent Doctor</at> audit req-123', 'req-123'],
    ['audit request req-1.2:3', 'req-1.2:3'],
    ['audit req-123.', 'req-123'],
  ])('reads %j', (text, id) => {
    expect(parseAuditCommand(text)).toEqual({ requestId: id });
  });

  it('accepts a bare "audit" (a reply in a card\'s thread)', () => {
    expect(parseAuditCommand('audit')).toEqual({ requestId: null });
  });

  it.each([
    'auditing is fun',
    'please audit req-1',
    'audit req/../x',
    'audit a b',
    'audit ' + 'x'.repeat(200),
    '',
    'the audit req-1',
  ])('ignores %j', (text) => {
    expect(parseAuditCommand(text)).toBeNull();
  });

  it('ignores non-strings', () => {
    expect(parseAuditCommand(undefined)).toBeNull();
    expect(parseAuditCommand(null)).toBeNull();
  });
});
