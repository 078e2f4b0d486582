/**
 * The local Microsoft cloud: Entra ID token issuing and Microsoft Graph over HTTPS on localhost,
 * for tenants loaded from fixtures.
 *
 *   const sim = await startSimulator({ fixtures: ['test/fixtures/tenants/sim-basic.json'] });
 *   // authority: `${sim.url}/${tenantId}`, Graph: `${sim.url}/v1.0`
 *   sim.tenant(tenantId)  // live state; sim.log(tenantId) // round trips
 *   await sim.close();
 *
 * Clients must trust the simulator's CA (NODE_EXTRA_CA_CERTS=caPath at process start; the npm
 * scripts run through scripts/with-sim-ca.js, which sets it).
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ensureSimTls } from './certs';
import { SimulatorCore } from './core';
import type { FixtureFaults, TenantFixture } from './fixture';
import { flattenHeaders, serializeBody, type SimRequest } from './http';
import { issueAppToken, issueDelegatedToken } from './identity/tokens';
import { withDatesRelativeTo } from './fixture-dates';
import { fixtureHash, loadSavedTenant, saveTenant, stateFile } from './persist';
import { loadFixture } from './load-fixture';
import { route } from './router';
import type { RequestLogEntry, TenantState } from './state';

export type { TenantFixture, FixtureFaults, FixtureClient, FixtureApp } from './fixture';
export type { RequestLogEntry, TenantState } from './state';
export { loadFixture, loadFixtures } from './load-fixture';

export interface StartSimulatorOptions {
  /** Fixture objects or paths to fixture JSON files. */
  fixtures: Array<TenantFixture | string>;
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * Page size for collections. When set, it is also the largest page returned whatever $top says,
   * so tests exercise `@odata.nextLink` paging. Default: Graph's (100 by default, $top up to 999).
   */
  pageSize?: number;
  /** Access token lifetime (default 3600 s). */
  tokenLifetimeSeconds?: number;
  /** Directory for the CA and certificate (default $CONSENT_DOCTOR_DATA_DIR or <project>/.data). */
  dataDir?: string;
  /** Move every fixture's event dates so its snapshot instant is now (sim/fixture-dates.ts). */
  relativeDates?: boolean;
  /**
   * Keep each tenant's live state in this directory (sim/persist.ts): loaded at start when it began
   * from the same fixture, saved after every write and at close.
   */
  persistDir?: string;
}

export interface RunningSimulator {
  /** https://localhost:PORT */
  url: string;
  port: number;
  /** The CA certificate clients must trust. */
  caPath: string;
  tenantIds: string[];
  /** https://localhost:PORT/{tenantId} — the msal authority. */
  authorityUrl(tenantId: string): string;
  /** The live in-memory tenant (mutations are visible to Graph immediately). */
  tenant(id: string): TenantState;
  /** Round trips for one tenant (or all tenants when id is omitted). */
  log(id?: string): RequestLogEntry[];
  clearLog(id?: string): void;
  setFaults(id: string, faults: FixtureFaults): void;
  /** Loads (or replaces) a tenant. */
  addTenant(fixture: TenantFixture | string): string;
  /** A user access token for `audience` (a client app id): the assertion for on-behalf-of. */
  issueUserToken(opts: {
    tenantId: string;
    user: string;
    audience: string;
    scopes?: string[];
    lifetimeSeconds?: number;
  }): string;
  /** An app-only Graph token for a fixture client, without a round trip (negative lifetime = expired). */
  issueAppToken(opts: { tenantId: string; clientId: string; lifetimeSeconds?: number }): string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSimulator(opts: StartSimulatorOptions): Promise<RunningSimulator> {
  const persisted = opts.persistDir;
  const fixtures = opts.fixtures.map((f) => {
    const loaded = loadFixture(f);
    const hash = fixtureHash(loaded);
    const saved = persisted ? loadSavedTenant(stateFile(persisted, loaded.tenant.id), hash) : null;
    const fixture = saved ?? (opts.relativeDates ? withDatesRelativeTo(loaded, new Date()) : loaded);
    return { fixture, hash };
  });
  const hashes = new Map(fixtures.map(({ fixture, hash }) => [fixture.tenant.id.toLowerCase(), hash]));
  const saveAll = () => {
    if (!persisted) return;
    for (const t of core.tenants.values()) {
      const hash = hashes.get(t.id.toLowerCase());
      if (hash) saveTenant(stateFile(persisted, t.id), hash, t.data);
    }
  };
  if (fixtures.length === 0) throw new Error('startSimulator needs at least one tenant fixture');
  const tls = ensureSimTls(opts.dataDir);
  const core = new SimulatorCore({
    pageSize: opts.pageSize ?? 100,
    maxPageSize: opts.pageSize ?? 999,
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 3600,
  });
  fixtures.forEach(({ fixture }) => core.addTenant(fixture));

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const simReq: SimRequest = {
          method: (req.method ?? 'GET').toUpperCase(),
          url: new URL(req.url ?? '/', core.baseUrl),
          headers: flattenHeaders(req.headers),
          body: await readBody(req),
        };
        const out = await route(core, simReq);
        if (out.dropConnection) {
          req.socket.destroy();
          return;
        }
        if (persisted && simReq.method !== 'GET' && simReq.method !== 'HEAD') saveAll();
        const payload = serializeBody(out);
        res.writeHead(out.status, { ...out.headers, 'content-length': String(payload.length) });
        res.end(payload);
      } catch (err) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator error: ${(err as Error).message}`);
      }
    })();
  };

  // Listen on both loopback families: "localhost" may resolve to ::1 or 127.0.0.1.
  const v4 = createServer({ key: tls.key, cert: tls.cert }, handler);
  const port = await listen(v4, opts.port ?? 0, '127.0.0.1');
  const servers: Server[] = [v4];
  const v6 = createServer({ key: tls.key, cert: tls.cert }, handler);
  try {
    await listen(v6, port, '::1');
    servers.push(v6);
  } catch {
    /* no IPv6 loopback here: IPv4 is enough */
  }
  core.baseUrl = `https://localhost:${port}`;

  const requireTenant = (id: string) => {
    const t = core.findTenant(id);
    if (!t) throw new Error(`No tenant '${id}' is loaded in the simulator`);
    return t;
  };

  return {
    url: core.baseUrl,
    port,
    caPath: tls.caPath,
    get tenantIds() {
      return [...core.tenants.values()].map((t) => t.id);
    },
    authorityUrl: (tenantId) => `${core.baseUrl}/${tenantId}`,
    tenant: (id) => requireTenant(id).data,
    log: (id) => (id ? requireTenant(id).log : core.globalLog),
    clearLog: (id) => {
      if (id) requireTenant(id).log.length = 0;
      else {
        core.globalLog.length = 0;
        core.tenants.forEach((t) => (t.log.length = 0));
      }
    },
    setFaults: (id, faults) => {
      const t = requireTenant(id);
      t.faults.set(faults);
      t.data.faults = structuredClone(faults);
    },
    addTenant: (fixture) => core.addTenant(loadFixture(fixture)).id,
    issueUserToken: ({ tenantId, user, audience, scopes, lifetimeSeconds }) => {
      const t = requireTenant(tenantId);
      const u = t.user(user);
      if (!u) throw new Error(`No user '${user}' in tenant ${tenantId}`);
      return issueDelegatedToken(core, t, {
        user: u,
        clientAppId: audience,
        audience,
        scopes: scopes ?? ['access_as_user'],
        lifetimeSeconds,
      }).token;
    },
    issueAppToken: ({ tenantId, clientId, lifetimeSeconds }) => {
      const t = requireTenant(tenantId);
      const client = t.data.clients.find((c) => c.appId.toLowerCase() === clientId.toLowerCase());
      if (!client) throw new Error(`No client '${clientId}' in tenant ${tenantId}`);
      return issueAppToken(core, t, client, lifetimeSeconds).token;
    },
    close: async () => {
      await Promise.all(servers.map(closeServer));
      saveAll();
    },
  };
}
