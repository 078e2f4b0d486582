/**
 * `consent-doctor sim --tenant FIXTURE [--port N]`: prints URLs and credentials, serves a fixture
 * the Graph client can query with a token from the same server, stops on request.
 */
import { parseSimArgs, runSimCommand } from '../../../sim/command';
import { createGraphClient } from '../../../src/graph/client';
import { assertSimCaTrusted, SIM_BASIC, SIM_BASIC_FIXTURE } from '../../helpers/sim';

beforeAll(() => assertSimCaTrusted());

describe('consent-doctor sim', () => {
  it('prints authority, Graph URL, tenant, client credentials and CA path, and serves Graph', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    let resolveReady: () => void;
    const ready = new Promise<void>((r) => (resolveReady = r));
    const running = runSimCommand(['sim', '--tenant', SIM_BASIC_FIXTURE, '--port', '0'], {
      out: (l) => lines.push(l),
      signal: stop.signal,
      onReady: () => resolveReady(),
    });
    await ready;
    const text = lines.join('\n');
    const url = /at (https:\/\/localhost:\d+)/.exec(text)![1];
    const authority = new RegExp(`authority:\\s+(\\S+)`).exec(text)![1];
    const clientId = /client id:\s+(\S+)/.exec(text)![1];
    const secret = /client secret:\s+(\S+)/.exec(text)![1];
    expect(authority).toBe(`${url}/${SIM_BASIC.tenantId}`);
    expect(text).toContain(`tenant id:   ${SIM_BASIC.tenantId}`);
    expect(text).toContain(`Graph:       ${url}/v1.0`);
    expect(text).toMatch(/CA certificate: .*ca\.pem/);
    expect(clientId).toBe(SIM_BASIC.botClientId);

    const graph = createGraphClient({
      tenantId: SIM_BASIC.tenantId,
      clientId,
      clientSecret: secret,
      authorityUrl: authority,
      graphBaseUrl: url,
    });
    const org = (await graph.client.api('/organization').get()) as { value: Array<{ displayName: string }> };
    expect(org.value[0].displayName).toBe('Contoso (simulated)');

    stop.abort();
    await running;
    expect(lines[lines.length - 1]).toBe('Simulator stopped.');
    await expect(fetch(`${url}/_sim/health`)).rejects.toThrow();
  });

  it('validates its arguments', () => {
    expect(parseSimArgs(['--tenant', 'a.json', '--port', '8443'])).toEqual({ tenants: ['a.json'], port: 8443 });
    expect(parseSimArgs(['sim', '--tenant=a.json', '--tenant', 'b.json', '--page-size', '5'])).toEqual({
      tenants: ['a.json', 'b.json'],
      port: 0,
      pageSize: 5,
    });
    expect(() => parseSimArgs([])).toThrow(/--tenant is required/);
    expect(() => parseSimArgs(['--tenant', 'a.json', '--port', 'x'])).toThrow(/--port must be an integer/);
    expect(() => parseSimArgs(['--tenant', 'a.json', '--bogus'])).toThrow(/Unknown option --bogus/);
  });
});
