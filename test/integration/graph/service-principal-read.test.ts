/** The choice card's check that a service principal id is this tenant's: one read against the simulator. */
import { join } from 'node:path';
import { readServicePrincipalAppId } from '../../../src/graph/service-principal-read';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { useSimSession } from '../../helpers/sim-conn';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'tenants', 'findings', 'CONSENT_ONLY_FOR_ANOTHER_USER.json');
const GRAPH_SP_ID = 'a4677874-a045-4fa5-a415-0e7ee9fcabd3';

describe('readServicePrincipalAppId', () => {
  const s = useSimSession(FIXTURE);

  it('gives the app id of a service principal the tenant has', async () => {
    expect(await readServicePrincipalAppId(s.conn, GRAPH_SP_ID.toUpperCase())).toBe(MICROSOFT_GRAPH_APP_ID);
  });

  it('gives null for an id the tenant does not have', async () => {
    expect(await readServicePrincipalAppId(s.conn, '0b0d4c1e-1111-4222-8333-944455556666')).toBeNull();
  });
});
