/**
 * Entra ID side of the simulator, driven by the real @azure/msal-node: per-tenant OpenID metadata
 * and JWKS, client credentials (roles claim), on-behalf-of, Entra's error shapes, offline operation.
 */
import { createPublicKey, verify } from 'node:crypto';
import https from 'node:https';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { SIM_BASIC, SIM_BASIC_FIXTURE, simGraphConnection, withSimulator } from '../../helpers/sim';

const h = withSimulator({ fixtures: [SIM_BASIC_FIXTURE] });
const T = SIM_BASIC.tenantId;

function msalFor(clientId: string, secret: string, tenant = T) {
  const sim = h.sim;
  return new ConfidentialClientApplication({
    auth: {
      clientId,
      clientSecret: secret,
      authority: sim.authorityUrl(tenant),
      knownAuthorities: [new URL(sim.url).host],
    },
  });
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('simulator identity (Entra ID)', () => {
  it('serves per-tenant OpenID configuration whose endpoints live on the simulator', async () => {
    const res = await fetch(`${h.sim.url}/${T}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, string>;
    expect(doc.issuer).toBe(`${h.sim.url}/${T}/v2.0`);
    expect(doc.token_endpoint).toBe(`${h.sim.url}/${T}/oauth2/v2.0/token`);
    expect(doc.jwks_uri).toBe(`${h.sim.url}/${T}/discovery/v2.0/keys`);
    // by default domain too, like login.microsoftonline.com
    const byDomain = await fetch(`${h.sim.url}/contoso.example/v2.0/.well-known/openid-configuration`);
    expect(((await byDomain.json()) as Record<string, string>).issuer).toBe(doc.issuer);
    const unknown = await fetch(
      `${h.sim.url}/00000000-0000-0000-0000-00000000dead/v2.0/.well-known/openid-configuration`,
    );
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
  });

  it('issues RS256 tokens verifiable with the published JWKS', async () => {
    const result = await msalFor(SIM_BASIC.botClientId, SIM_BASIC.botSecret).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const token = result!.accessToken;
    const [h64, p64, s64] = token.split('.');
    const header = JSON.parse(Buffer.from(h64, 'base64url').toString()) as { alg: string; kid: string };
    expect(header.alg).toBe('RS256');
    const jwks = (await (await fetch(`${h.sim.url}/${T}/discovery/v2.0/keys`)).json()) as {
      keys: Array<Record<string, string>>;
    };
    const jwk = jwks.keys.find((k) => k.kid === header.kid)!;
    const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${h64}.${p64}`), key, Buffer.from(s64, 'base64url'))).toBe(true);
  });

  it('client credentials: the granted application permissions become the roles claim', async () => {
    const bot = await msalFor(SIM_BASIC.botClientId, SIM_BASIC.botSecret).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const c = claims(bot!.accessToken);
    expect(c).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: T,
      appid: SIM_BASIC.botClientId,
      idtyp: 'app',
      iss: `${h.sim.url}/${T}/v2.0`,
    });
    expect(c.roles).toEqual(
      expect.arrayContaining(['Application.Read.All', 'Directory.Read.All', 'DelegatedPermissionGrant.ReadWrite.All']),
    );
    const limited = await msalFor(SIM_BASIC.limitedClientId, 'sim-limited-secret').acquireTokenByClientCredential({
      scopes: ['00000003-0000-0000-c000-000000000000/.default'],
    });
    expect(claims(limited!.accessToken).roles).toEqual(['User.Read.All']);
  });

  it('answers bad client credentials and bad scopes with Entra errors (AADSTS codes)', async () => {
    await expect(
      msalFor(SIM_BASIC.botClientId, 'wrong-secret').acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      }),
    ).rejects.toMatchObject({ errorCode: 'invalid_client', errorMessage: expect.stringContaining('AADSTS7000215') });
    await expect(
      msalFor('11111111-1111-4111-8111-111111111111', 'x').acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      }),
    ).rejects.toMatchObject({ errorMessage: expect.stringContaining('AADSTS700016') });
    await expect(
      msalFor(SIM_BASIC.botClientId, SIM_BASIC.botSecret).acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/User.Read'],
      }),
    ).rejects.toMatchObject({ errorCode: 'invalid_scope', errorMessage: expect.stringContaining('AADSTS1002012') });
  });

  it('on-behalf-of: exchanges a user assertion for a delegated Graph token, cached on the second call', async () => {
    const sim = h.sim;
    sim.clearLog(T);
    const assertion = sim.issueUserToken({ tenantId: T, user: 'carol@contoso.example', audience: SIM_BASIC.apps.qlik });
    // Qlik is not a client; give it a secret by registering it as one in the live tenant.
    sim.tenant(T).clients.push({ appId: SIM_BASIC.apps.qlik, secret: 'qlik-secret', roles: [] });
    const msal = msalFor(SIM_BASIC.apps.qlik, 'qlik-secret');
    const first = await msal.acquireTokenOnBehalfOf({
      oboAssertion: assertion,
      scopes: ['https://graph.microsoft.com/User.Read'],
    });
    const c = claims(first!.accessToken);
    expect(c).toMatchObject({
      idtyp: 'user',
      oid: SIM_BASIC.users.carol,
      scp: 'User.Read',
      appid: SIM_BASIC.apps.qlik,
    });
    const second = await msal.acquireTokenOnBehalfOf({
      oboAssertion: assertion,
      scopes: ['https://graph.microsoft.com/User.Read'],
    });
    expect(second!.accessToken).toBe(first!.accessToken);
    expect(sim.log(T).filter((e) => e.path.includes('/oauth2/v2.0/token'))).toHaveLength(1);

    // The delegated token works for /me.
    const me = await fetch(`${sim.url}/v1.0/me?$select=id,userPrincipalName`, {
      headers: { authorization: `Bearer ${first!.accessToken}` },
    });
    expect(await me.json()).toMatchObject({ id: SIM_BASIC.users.carol, userPrincipalName: 'carol@contoso.example' });
  });

  it('on-behalf-of without consent for the scope is AADSTS65001 (consent_required)', async () => {
    const sim = h.sim;
    const assertion = sim.issueUserToken({ tenantId: T, user: 'alice@contoso.example', audience: SIM_BASIC.apps.qlik });
    if (!sim.tenant(T).clients.some((c) => c.appId === SIM_BASIC.apps.qlik)) {
      sim.tenant(T).clients.push({ appId: SIM_BASIC.apps.qlik, secret: 'qlik-secret', roles: [] });
    }
    await expect(
      msalFor(SIM_BASIC.apps.qlik, 'qlik-secret').acquireTokenOnBehalfOf({
        oboAssertion: assertion,
        scopes: ['https://graph.microsoft.com/Files.Read.All'],
      }),
    ).rejects.toMatchObject({ errorCode: 'invalid_grant', errorMessage: expect.stringContaining('AADSTS65001') });
  });

  it('msal never contacts login.microsoftonline.com: every HTTPS request goes to the simulator', async () => {
    const hosts: string[] = [];
    const original = https.request;
    const spy = jest.spyOn(https, 'request').mockImplementation(((...args: Parameters<typeof https.request>) => {
      const [first] = args;
      const host =
        typeof first === 'string'
          ? new URL(first).hostname
          : first instanceof URL
            ? first.hostname
            : String(first.hostname ?? first.host);
      hosts.push(host);
      return original(...args);
    }) as typeof https.request);
    try {
      const graph = simGraphConnection(h.sim, T);
      await graph.client.api('/organization').get();
      const token = await graph.getAccessToken();
      expect(token.split('.')).toHaveLength(3);
    } finally {
      spy.mockRestore();
    }
    expect(hosts.length).toBeGreaterThan(0);
    expect(new Set(hosts)).toEqual(new Set(['localhost']));
  });
});
