/**
 * Every Graph call validates its token (signature, expiry, audience, issuer/tenant): anything else
 * is 401 InvalidAuthenticationToken in Graph's error shape. Raw HTTPS on purpose: the Graph client
 * cannot send broken tokens.
 */
import { startSimulator, type RunningSimulator } from '../../../sim';
import { SIM_BASIC, SIM_BASIC_FIXTURE, simGraphConnection, withSimulator } from '../../helpers/sim';

const h = withSimulator({ fixtures: [SIM_BASIC_FIXTURE] });
const T = SIM_BASIC.tenantId;

async function graphGet(token: string | null, path = '/v1.0/organization', headers: Record<string, string> = {}) {
  const res = await fetch(`${h.sim.url}${path}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { error: { code: string; message: string; innerError: Record<string, string> } },
  };
}

function expect401(r: Awaited<ReturnType<typeof graphGet>>, message: RegExp) {
  expect(r.status).toBe(401);
  expect(r.body.error.code).toBe('InvalidAuthenticationToken');
  expect(r.body.error.message).toMatch(message);
  expect(r.body.error.innerError['request-id']).toBe(r.headers.get('request-id'));
  expect(r.body.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
}

describe('Graph token validation', () => {
  it('accepts a valid token from the token endpoint', async () => {
    const token = await simGraphConnection(h.sim, T).getAccessToken();
    expect((await graphGet(token)).status).toBe(200);
  });

  it('rejects a request without a token', async () => {
    expect401(await graphGet(null), /Access token is empty/);
  });

  it('rejects a token whose signature does not match', async () => {
    const token = h.sim.issueAppToken({ tenantId: T, clientId: SIM_BASIC.botClientId });
    const [head, payload] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    forged.roles = ['Directory.ReadWrite.All'];
    const tampered = `${head}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${token.split('.')[2]}`;
    expect401(await graphGet(tampered), /signature/i);
    expect401(await graphGet('not-a-jwt'), /not well formed/);
  });

  it('rejects an expired token', async () => {
    const expired = h.sim.issueAppToken({ tenantId: T, clientId: SIM_BASIC.botClientId, lifetimeSeconds: -60 });
    expect401(await graphGet(expired), /Lifetime validation failed, the token is expired/);
  });

  it('rejects a token for another audience', async () => {
    const userToken = h.sim.issueUserToken({
      tenantId: T,
      user: 'alice@contoso.example',
      audience: SIM_BASIC.botClientId,
    });
    expect401(await graphGet(userToken), /Invalid audience/);
  });

  it('rejects a token signed by another simulator instance', async () => {
    let other: RunningSimulator | undefined;
    try {
      other = await startSimulator({ fixtures: [SIM_BASIC_FIXTURE] });
      const foreign = other.issueAppToken({ tenantId: T, clientId: SIM_BASIC.botClientId });
      expect401(await graphGet(foreign), /signing key|signature/i);
    } finally {
      await other?.close();
    }
  });

  it('echoes client-request-id in headers and innerError', async () => {
    const r = await graphGet(null, '/v1.0/users', { 'client-request-id': 'abc-123' });
    expect(r.headers.get('client-request-id')).toBe('abc-123');
    expect(r.body.error.innerError['client-request-id']).toBe('abc-123');
  });
});
