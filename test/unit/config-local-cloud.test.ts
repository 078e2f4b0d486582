/**
 * Local mode's cloud: fixture selection and the bot's Graph identity taken from the fixture.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pickGraphClient, resolveFixturePath, startLocalCloud } from '../../src/local-cloud';
import { tempDirs } from '../helpers/temp-dirs';

const temp = tempDirs();

const client = (appId: string, roles: string[]) => ({ appId, secret: `${appId}-secret`, roles });

describe('local cloud', () => {
  it('picks the first fixture client that can read applications', () => {
    expect(
      pickGraphClient({
        clients: [
          client('a', ['User.Read.All']),
          client('b', ['Application.Read.All']),
          client('c', ['Application.ReadWrite.All']),
        ],
      }).appId,
    ).toBe('b');
    expect(pickGraphClient({ clients: [client('c', ['application.readwrite.all'])] }).appId).toBe('c');
    expect(() => pickGraphClient({ clients: [client('a', ['User.Read.All'])] })).toThrow(/Application.Read.All/);
  });

  it('falls back to sim-basic.json next to a missing fixture, and names a fixture that is not there', () => {
    const dir = temp.make('cd-fixtures-');
    expect(() => resolveFixturePath(join(dir, 'demo.json'))).toThrow(/SIM_TENANT_FIXTURE/);
    writeFileSync(join(dir, 'sim-basic.json'), '{}');
    expect(resolveFixturePath(join(dir, 'demo.json'))).toBe(join(dir, 'sim-basic.json'));
  });

  it('starts the simulator with the demo tenant and the bot identity from the fixture', async () => {
    const dataDir = temp.make('cd-sim-data-');
    const cloud = await startLocalCloud(join(__dirname, '..', 'fixtures', 'tenants', 'demo-contoso.json'), dataDir);
    try {
      expect(cloud.tenantId).toBe('e6c3fbc6-0a2a-4424-bd0f-0ab1bdd37b0b');
      expect(cloud.graph.clientId).toBe('5c3d9726-656d-4733-adce-d2345cb2fd7f');
      expect(cloud.graph.baseUrl).toMatch(/^https:\/\/localhost:\d+$/);
      expect(cloud.graph.authorityUrl).toBe(cloud.graph.baseUrl);
    } finally {
      await cloud.close();
    }
  });
});
