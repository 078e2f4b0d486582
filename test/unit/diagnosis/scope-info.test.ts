/**
 * scopesNamed (src/diagnosis/scope-info.ts): the scopes of a published list with the wanted values, as a filter over
 * the list would give them (list order, any case, disabled ones and repeated values included), through an index built
 * once per list.
 */
import { scopesNamed } from '../../../src/diagnosis/scope-info';
import type { PermissionScope } from '../../../src/graph/types';

const scope = (value: string, id: string, isEnabled = true): PermissionScope => ({
  id,
  value,
  type: 'User',
  isEnabled,
  adminConsentDisplayName: value,
  adminConsentDescription: value,
  userConsentDisplayName: value,
  userConsentDescription: value,
});

const published = [
  scope('User.Read', '1'),
  scope('Mail.Read', '2'),
  scope('files.read.all', '3'),
  scope('Sites.Read.All', '4', false),
  scope('mail.read', '5'),
  scope('Calendars.Read', '6'),
];

const byFilter = (wanted: Set<string>) => published.filter((s) => wanted.has(s.value.toLowerCase()));

describe('scopesNamed', () => {
  it.each([
    [['mail.read', 'user.read']],
    [['files.read.all', 'sites.read.all']],
    [['calendars.read', 'not.published']],
    [[]],
  ])('gives what a filter over the list gives: %j', (values) => {
    const wanted = new Set(values);
    expect(scopesNamed(published, wanted).map((s) => s.id)).toEqual(byFilter(wanted).map((s) => s.id));
  });

  it('keeps the list order whatever the order of the wanted values', () => {
    expect(scopesNamed(published, new Set(['calendars.read', 'mail.read', 'user.read'])).map((s) => s.id)).toEqual([
      '1',
      '2',
      '5',
      '6',
    ]);
  });

  it('sees a list that grew since its index was built', () => {
    const scopes = [scope('User.Read', '1')];
    expect(scopesNamed(scopes, new Set(['mail.read']))).toEqual([]);
    scopes.push(scope('Mail.Read', '2'));
    expect(scopesNamed(scopes, new Set(['mail.read'])).map((s) => s.id)).toEqual(['2']);
  });
});
