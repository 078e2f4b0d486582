import { parseCommand } from '../../../../src/teams/handlers/commands';

describe('parseCommand', () => {
  it.each([
    ['help', 'help'],
    ['Help!', 'help'],
    ['?', 'help'],
    ['what can you do?', 'help'],
    ['status', 'status'],
    ['  Status ', 'status'],
    ['my requests', 'status'],
    ['status?', 'status'],
    ['cancel', 'cancel'],
    ['Cancel my request', 'cancel'],
    ['withdraw', 'cancel'],
    ['use this channel for approvals', 'use_channel'],
    ['<at>Consent Doctor</at> use this channel for approvals', 'use_channel'],
    ['Use this channel for approval.', 'use_channel'],
  ])('%j -> %s', (text, kind) => {
    expect(parseCommand(text)?.kind).toBe(kind);
  });

  it.each([
    'the SharePoint connector asks for admin approval',
    'why did cancel not work for the SharePoint connector',
    'status of the qlik connector please',
    '',
    'x'.repeat(500),
  ])('%j is a question, not a command', (text) => {
    expect(parseCommand(text)).toBeNull();
  });

  it('tolerates non-strings', () => {
    expect(parseCommand(undefined)).toBeNull();
    expect(parseCommand(null)).toBeNull();
  });
});
