import { parseCommand } from '../../../../src/teams/handlers/commands';
import { isSharePointPermissionQuestion } from '../../../../src/teams/handlers/help';

describe('the SharePoint permission question', () => {
  it.each([
    'what minimum SharePoint permission does the connector need?',
    'Which SharePoint permissions does the Qlik connector need',
    'what is the least sharepoint access I need',
  ])('recognises %p', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'sharepoint_permission' });
  });

  it.each([
    'the SharePoint connector asks for admin approval',
    'SharePoint connector',
    'which app is the sharepoint one',
  ])('leaves %p to the diagnosis', (text) => {
    expect(parseCommand(text)).toBeNull();
    expect(isSharePointPermissionQuestion(text.toLowerCase())).toBe(false);
  });
});
