/**
 * Bodies bounded after decoding, against the bot as a real production-mode process:
 *  - a gzip bomb (about 600 KB that inflates to 600 MB) with Content-Encoding: gzip is answered 415
 *    before a byte is inflated; the same bytes sent as if plain are answered 413;
 *  - a plain 256 MB body is answered 413 whether it declares its length or streams it chunked, and
 *    reading stops at the limit (the connection is closed, the sender cannot keep pushing);
 * while an approval is in flight. Asserted: the process stays up, its RSS stays bounded (printed),
 * no attack reaches Graph, each refusal is one short log line, and the approval completes.
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import { loadFixture, startSimulator, type RunningSimulator } from '../../sim';
import { mintChannelToken } from '../../sim/identity/bot-framework-client';
import { assertSimCaTrusted } from '../helpers/sim';
import { startTestAzurite, type TestAzurite } from '../helpers/azurite';
import { startFakeConnector, type FakeConnector } from '../helpers/connector';
import { ADMIN_CHANNEL_CONVERSATION_ID, CARD_MAC_KEY, DEMO_FIXTURE, startAppHarness, teamsUserId, type AppHarness } from '../helpers/app-harness';
import { actionExecuteActivity } from '../helpers/teams-activity';
import { createRequest, graphWrites, stored } from '../integration/approvals/helpers';
import { startBotProcess, until, type BotProcess } from './support/bot-process';

const fixture = loadFixture(DEMO_FIXTURE);
const BOT = fixture.clients[0];
const MB = 1024 * 1024;
/** Headroom over the idle process: the limit is 256 KB, so anything near the attack sizes is a failure. */
const RSS_HEADROOM_MB = 120;

let sim: RunningSimulator;
let azurite: TestAzurite;
let connector: FakeConnector;
let h: AppHarness;
let bot: BotProcess;
const dataDir = mkdtempSync(join(tmpdir(), 'consent-doctor-bodies-'));

interface Sent { status: number | null; body: string; bytesSent: number; error: string | null }

/** POSTs `chunks` (generated lazily) and stops writing as soon as the server answers or closes. */
function post(url: string, headers: Record<string, string>, chunks: Iterable<Buffer>): Promise<Sent> {
  return new Promise((resolve) => {
    let bytesSent = 0;
    let answered = false;
    let settled = false;
    const done = (r: Omit<Sent, 'bytesSent'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...r, bytesSent });
    };
    const req = httpRequest(`${url}/api/messages`, { method: 'POST', headers });
    let status: number | null = null;
    req.on('response', (res) => {
      answered = true;
      status = res.statusCode ?? null;
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => done({ status, body, error: null }));
      res.on('error', () => done({ status, body, error: 'response aborted' }));
    });
    // When a write races the server closing the connection, Node reports EPIPE before it parses the
    // answer already received: read the status line off the socket so the answer is still seen.
    let raw = '';
    req.on('socket', (socket) => socket.on('data', (c: Buffer) => { if (raw.length < 512) raw += c.toString('latin1'); }));
    req.on('error', (err) => {
      const line = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
      const rawBody = raw.includes('\r\n\r\n') ? raw.slice(raw.indexOf('\r\n\r\n') + 4) : '';
      done({ status: status ?? (line ? Number(line[1]) : null), body: rawBody.slice(0, 99), error: err.message });
    });
    const iterator = chunks[Symbol.iterator]();
    const pump = () => {
      while (!answered && !req.destroyed) {
        const next = iterator.next();
        if (next.done) { req.end(); return; }
        bytesSent += next.value.length;
        if (!req.write(next.value)) { req.once('drain', pump); return; }
      }
    };
    pump();
  });
}

function* repeat(chunk: Buffer, totalBytes: number): Iterable<Buffer> {
  for (let sent = 0; sent < totalBytes; sent += chunk.length) yield chunk;
}

/** A JSON activity whose text is `inflatedMb` MB of spaces, gzipped in a stream (never held inflated). */
async function gzipBomb(inflatedMb: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const finished = new Promise<void>((resolve) => gzip.on('end', () => resolve()));
  gzip.write('{"type":"message","text":"');
  const spaces = Buffer.alloc(MB, 0x20);
  for (let i = 0; i < inflatedMb; i++) {
    if (!gzip.write(spaces)) await new Promise((r) => gzip.once('drain', r));
  }
  gzip.end('"}');
  await finished;
  return Buffer.concat(out);
}

beforeAll(async () => {
  assertSimCaTrusted();
  sim = await startSimulator({ fixtures: [fixture] });
  azurite = await startTestAzurite();
  connector = await startFakeConnector();
  h = await startAppHarness({ sim, azurite, connector, storePrefix: '' });
  await h.useAdminChannel();
  bot = await startBotProcess({ sim, bot: BOT, tenantId: fixture.tenant.id, storageConnectionString: azurite.connectionString, dataDir });
});

afterAll(async () => {
  await bot?.stop();
  await h?.stop();
  await connector?.close();
  await azurite?.stop();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('refuses a gzip bomb and 256 MB bodies with 413/415, stays up with bounded memory, and finishes the approval in flight', async () => {
  const request = await createRequest(h, 'carol', CONTOSO.apps.sharePoint.appId);
  const bomb = await gzipBomb(600);
  const idleMb = bot.rssMb();
  let peakMb = idleMb;
  const sampler = setInterval(() => { peakMb = Math.max(peakMb, bot.rssMb()); }, 25);

  // An approval in flight: every Graph round trip is slow while the attacks arrive.
  sim.setFaults(fixture.tenant.id, { latencyMs: 800 });
  sim.clearLog(fixture.tenant.id);
  const alice = h.user('alice');
  const click = actionExecuteActivity({
    serviceUrl: connector.serviceUrl, tenantId: fixture.tenant.id, verb: 'approveAll', data: { ...signCardData(request.id, CARD_MAC_KEY) },
    conversationType: 'channel', conversationId: ADMIN_CHANNEL_CONVERSATION_ID, channelId: ADMIN_CHANNEL_CONVERSATION_ID,
    userId: teamsUserId(alice), userAadObjectId: alice.id, userName: alice.displayName,
  });
  const token = await mintChannelToken(sim.url, { audience: BOT.appId, serviceUrl: connector.serviceUrl });
  const clickRes = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(click) });
  expect(clickRes.status).toBe(200);

  const json = { 'content-type': 'application/json' };
  const gzipped = await post(bot.url, { ...json, 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, [bomb]);
  const gzipAsPlain = await post(bot.url, { ...json, 'content-length': String(bomb.length) }, [bomb]);
  const declared = await post(bot.url, { ...json, 'content-length': String(256 * MB) }, repeat(Buffer.alloc(MB, 0x20), 256 * MB));
  const chunked = await post(bot.url, { ...json, 'transfer-encoding': 'chunked' }, repeat(Buffer.alloc(64 * 1024, 0x20), 256 * MB));
  const deflated = await post(bot.url, { ...json, 'content-encoding': 'deflate, gzip' }, [bomb]);
  const peakDuringAttacks = peakMb;

  process.stdout.write([
    `gzip bomb: ${(bomb.length / 1024).toFixed(0)} KB compressed, 600 MB inflated`,
    `  Content-Encoding gzip -> ${gzipped.status ?? gzipped.error} ${gzipped.body}`,
    `  same bytes as plain   -> ${gzipAsPlain.status ?? gzipAsPlain.error} ${gzipAsPlain.body}`,
    `  deflate, gzip         -> ${deflated.status ?? deflated.error} ${deflated.body}`,
    `256 MB declared -> ${declared.status ?? declared.error} ${declared.body} after sending ${(declared.bytesSent / MB).toFixed(1)} MB`,
    `256 MB chunked  -> ${chunked.status ?? chunked.error} ${chunked.body} after sending ${(chunked.bytesSent / MB).toFixed(1)} MB`,
    `RSS of the bot process group: idle ${idleMb} MB, peak during the attacks ${peakDuringAttacks} MB`,
    '',
  ].join('\n'));

  // A sender still streaming learns of the refusal from the 415/413, or, when its writes race the
  // server closing the connection (seen under load), from EPIPE/ECONNRESET before the answer is
  // read: either way it is stopped at the limit.
  const refusedOrCut = (r: Sent, expected: number) => r.status === expected || /EPIPE|ECONNRESET|socket hang up/.test(r.error ?? '');
  expect(refusedOrCut(gzipped, 415)).toBe(true);
  expect(refusedOrCut(deflated, 415)).toBe(true);
  expect(refusedOrCut(gzipAsPlain, 413)).toBe(true);
  expect(refusedOrCut(declared, 413)).toBe(true);
  expect(refusedOrCut(chunked, 413)).toBe(true);
  for (const r of [gzipped, gzipAsPlain, declared, chunked, deflated]) expect(r.body.length).toBeLessThan(100);
  // Reading stopped at the limit: the senders could not push their 256 MB.
  expect(declared.bytesSent).toBeLessThan(64 * MB);
  expect(chunked.bytesSent).toBeLessThan(64 * MB);
  expect(peakDuringAttacks).toBeLessThan(idleMb + RSS_HEADROOM_MB);

  // The approval that was in flight completes; the attacks wrote nothing to Graph.
  const done = await until('the approval to finish', async () => {
    const row = await stored(h, request.id);
    return row.state === 'approving' ? null : row;
  }, 120_000, bot.output);
  sim.setFaults(fixture.tenant.id, {});
  clearInterval(sampler);
  expect(done.state).toBe('approved');
  expect(graphWrites(sim.log(fixture.tenant.id)).map((w) => `${w.method} ${w.path}`)).toEqual(['POST /v1.0/oauth2PermissionGrants']);

  expect(bot.alive()).toBe(true);
  const health = await fetch(`${bot.url}/healthz`);
  expect(health.status).toBe(200);
  const refusals = bot.logs().filter((l) => l.msg === 'refused a request body');
  expect(refusals.map((l) => l.reason).sort()).toEqual(['body_too_large', 'body_too_large', 'body_too_large', 'unsupported_encoding', 'unsupported_encoding']);
  expect(bot.output()).not.toMatch(/ERR_STRING_TOO_LONG|\n\s+at \S+ \(/);
  process.stdout.write(`after the attacks: RSS ${bot.rssMb()} MB, request ${done.state}, healthz ${health.status}\n`);
});
