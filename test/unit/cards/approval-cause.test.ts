/**
 * "Why it is blocked" on the admins' card speaks about the requester, not to them: for every finding
 * code, the cause has no "you" or "your" and names the person whose request it is wherever the
 * requester's own sentence addresses them.
 */
import { approvalCard } from '../../../src/cards/approval';
import { toApprovalViewModel } from '../../../src/cards/approval-model';
import { signCardData } from '../../../src/cards/mac';
import { diagnoseFacts } from '../../../src/diagnosis/rules';
import { FINDING_CODES, type Facts, type Finding, type FindingCode } from '../../../src/diagnosis/types';
import { ROLE } from '../../../src/requests/authorize';
import { ADMIN, USER } from '../diagnosis/facts-builder';
import { SCENARIOS, approvedOnlyForAdminSituation, healthy } from '../diagnosis/finding-scenarios';
import { KEY, context, diagnosis, request } from './fixtures';
import type { AdaptiveCard } from '../../../src/cards/types';
import { nodes } from './helpers';

const REF = signCardData('req-0001', KEY);
const SECOND_PERSON = /\byou(r|rs|rself|rselves)?\b/i;

function findingOf(facts: Facts, code: FindingCode): Finding {
  const found = diagnoseFacts(facts).findings.find((f) => f.code === code);
  if (!found) throw new Error(`${code} not found`);
  return found;
}

/** The admins' card for a request whose only finding is this one, shown as the cause. */
function causeOn(finding: Finding): string {
  const card: AdaptiveCard = approvalCard(
    toApprovalViewModel(
      request('pending', {
        requester: {
          aadObjectId: USER.id,
          teamsUserId: '29:alice',
          displayName: USER.displayName,
          userPrincipalName: null,
        },
        // Info findings never reach "Why it is blocked"; as a blocker, every code's words are shown there.
        diagnosis: diagnosis({ findings: [{ ...finding, severity: 'blocker' }] }),
      }),
      REF,
      context,
    ),
    'approver',
  );
  const box = nodes(card).find(
    (n) => n.type === 'Container' && JSON.stringify(n.items).includes('"text":"Why it is blocked"'),
  );
  const text = (box?.items as Array<{ text?: string }> | undefined)?.[1]?.text;
  if (typeof text !== 'string') throw new Error('no cause on the card');
  return text;
}

/** The requester's own role lets them approve: the words about that are told to the admins too. */
const withRole = (facts: Facts, role: string): Facts => ({ ...facts, userRoleDefinitionIds: [role] });

const CASES: Array<[string, FindingCode, () => Facts]> = [
  ...FINDING_CODES.map((code): [string, FindingCode, () => Facts] => [code, code, SCENARIOS[code]]),
  [
    'CONSENT_ONLY_FOR_ANOTHER_USER, the requester may approve it',
    'CONSENT_ONLY_FOR_ANOTHER_USER',
    () => withRole(approvedOnlyForAdminSituation(), ROLE.globalAdministrator),
  ],
  [
    'USER_CONSENT_DISABLED, the requester may approve it',
    'USER_CONSENT_DISABLED',
    () => withRole(SCENARIOS.USER_CONSENT_DISABLED(), ROLE.cloudApplicationAdministrator),
  ],
  [
    'APPLICATION_PERMISSIONS_REQUESTED, the requester may grant them',
    'APPLICATION_PERMISSIONS_REQUESTED',
    () => withRole(SCENARIOS.APPLICATION_PERMISSIONS_REQUESTED(), ROLE.globalAdministrator),
  ],
  [
    'APPLICATION_PERMISSIONS_REQUESTED, the role is not enough',
    'APPLICATION_PERMISSIONS_REQUESTED',
    () => withRole(SCENARIOS.APPLICATION_PERMISSIONS_REQUESTED(), ROLE.cloudApplicationAdministrator),
  ],
  [
    'PROMPT_CONSENT_FORCED, prompt=consent',
    'PROMPT_CONSENT_FORCED',
    () => {
      const facts = healthy().requestingGraph('User.Read', 'offline_access').build();
      return { ...facts, requested: { ...facts.requested, prompt: 'consent' } };
    },
  ],
];

describe('the admins card names the requester in "Why it is blocked"', () => {
  test('every finding code is covered', () => {
    expect([...new Set(CASES.map(([, code]) => code))].sort()).toEqual([...FINDING_CODES].sort());
  });

  test.each(CASES)('%s', (_name, code, facts) => {
    const f = findingOf(facts(), code);
    const cause = causeOn(f);
    expect(cause).not.toMatch(SECOND_PERSON);
    // Without a user object the diagnosis knows the person only by what was typed to find them.
    const name = code === 'USER_NOT_IN_TENANT' ? USER.userPrincipalName : USER.displayName;
    if (SECOND_PERSON.test(f.summary)) expect(cause).toContain(name);
    // The requester's own card keeps speaking to them.
    expect(f.summary).not.toContain(name);
  });

  const onlyForAdam = (): Facts => ({
    ...approvedOnlyForAdminSituation(),
    principalNames: { [ADMIN.id]: ADMIN.displayName },
  });

  test('the defect as reported: approved only for the admin, not for the requester', () => {
    const cause = causeOn(findingOf(onlyForAdam(), 'CONSENT_ONLY_FOR_ANOTHER_USER'));
    expect(cause).toBe('The app was approved, but only for Adam Admin, not for Alice Analyst or for everyone.');
  });

  test('a diagnosis stored before the admins words existed shows the precise admin wording instead', () => {
    const { summaryForAdmins: _none, ...stored } = findingOf(onlyForAdam(), 'CONSENT_ONLY_FOR_ANOTHER_USER');
    const cause = causeOn(stored);
    expect(cause).not.toMatch(SECOND_PERSON);
    expect(cause).toContain('was approved only for Adam Admin');
  });
});
