/**
 * Reading ahead in the intake round (src/diagnosis/read-ahead.ts): the named app's own reads, only
 * when the cached list of the tenant's apps and the words alone point to one app, and only within
 * the round's one $batch.
 */
import { parseMessage } from '../../../src/diagnosis/intake';
import { readAhead } from '../../../src/diagnosis/read-ahead';
import type { ReadPart } from '../../../src/graph/batch-reader';
import { findAppCandidatesReads } from '../../../src/graph/facts-plan';
import { GRAPH_SP, QLIK_FAMILY, QLIK_ONEDRIVE_APP_ID } from './facts-builder';

const USER = '9ac15b5c-cbf5-4621-82a7-0ef7ccd3774f';
const TENANT = [GRAPH_SP, ...QLIK_FAMILY];
const onedrive = QLIK_FAMILY.find((sp) => sp.appId === QLIK_ONEDRIVE_APP_ID)!;
const nothingRead = new Set<string>();
const pending = findAppCandidatesReads(USER);

describe('reading ahead in the intake round', () => {
  it("reads the named app's grants, assignments and sign-ins, and the person's roles, with intake", () => {
    const ahead = readAhead(
      parseMessage('the Qlik OneDrive connector needs approval'),
      TENANT,
      USER,
      pending,
      nothingRead,
    );
    expect(ahead?.appId).toBe(QLIK_ONEDRIVE_APP_ID);
    expect(ahead?.parts.map((p) => p.id).sort()).toEqual(
      ['appRoleAssignedTo', 'grants', 'roleAssignments', 'servicePrincipal', 'signIns'].sort(),
    );
    expect(ahead?.parts.find((p) => p.id === 'grants')?.url).toContain(encodeURIComponent(`'${onedrive.id}'`));
    // Intake lists the tenant's Entra consent requests: the app's own list is not read again.
    expect(ahead?.parts.some((p) => p.id === 'consentRequests')).toBe(false);
  });

  it('leaves out what is already read, and the roles when the person is given by UPN', () => {
    const ahead = readAhead(
      parseMessage('the Qlik OneDrive connector needs approval'),
      TENANT,
      'carol@contoso.onmicrosoft.com',
      pending,
      new Set(['servicePrincipal']),
    );
    expect(ahead?.parts.map((p) => p.id).sort()).toEqual(['appRoleAssignedTo', 'grants', 'signIns']);
  });

  it('reads nothing ahead without the cached list of apps, for words that fit several apps or none, or past one $batch', () => {
    const named = parseMessage('the Qlik OneDrive connector needs approval');
    expect(readAhead(named, null, USER, pending, nothingRead)).toBeNull();
    expect(readAhead(parseMessage('the Qlik connector needs approval'), TENANT, USER, pending, nothingRead)).toBeNull();
    expect(readAhead(parseMessage('blorp zzz'), TENANT, USER, pending, nothingRead)).toBeNull();
    const full: ReadPart[] = Array.from({ length: 16 }, (_, i) => ({ id: `part${i}`, url: `/x/${i}` }));
    expect(readAhead(named, TENANT, USER, full, nothingRead)).toBeNull();
  });
});
