/**
 * Bodies bounded after decoding, against the bot as a real production-mode process:
 *  - a gzip bomb (about 600 KB that inflates to 600 MB) with Content-Encoding: gzip is answered 415
 *    before a byte is inflated; the same bytes sent as if plain are answered 413;
 *  - a plain 256 MB body is answered 413 whether it declares its length or streams it chunked, and
 *    reading stops at the limit (the sender stops when it reads the answer; what it still writes
 *    is dropped, a bounded amount, then the connection is closed);
 *  - a sender that writes on after its answer gets no reset: the server keeps dropping its bytes
 *    and closes in stages, so the answer is never lost to a reset;
 * while an approval is in flight. Asserted: the process stays up, its RSS stays bounded (printed),
 * no attack reaches Graph, each refusal is one short log line, and the approval completes.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { createGzip } from 'node:zlib';
import { CONTOSO } from '../../scripts/fixtures/contoso';
import { signCardData } from '../../src/cards';
import { CARD_MAC_KEY } from '../helpers/app-harness';
import { createRequest, graphWrites, stored } from '../integration/approvals/helpers';
import { until, type BotProcess } from './support/bot-process';
import { usePeers } from './support/peers';

const MB = 1024 * 1024;
/** Headroom over the idle process: the limit is 256 KB, so anything near the attack sizes is a failure. */
const RSS_HEADROOM_MB = 120;

const { fixture, sim, h, startBot, postToBot, adminChannelClick } = usePeers({ sharedTables: {} });
let bot: BotProcess;

interface Sent {
  status: number | null;
  body: string;
  bytesSent: number;
  error: string | null;
}

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
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => done({ status, body, error: null }));
      res.on('error', () => done({ status, body, error: 'response aborted' }));
    });
    req.on('error', (err) => done({ status, body: '', error: err.message }));
    const iterator = chunks[Symbol.iterator]();
    const pump = () => {
      while (!answered && !req.destroyed) {
        const next = iterator.next();
        if (next.done) {
          req.end();
          return;
        }
        bytesSent += next.value.length;
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

/** The complete HTTP responses at the start of `raw` (each by its Content-Length). */
function responses(raw: string): string[] {
  const found: string[] = [];
  let at = 0;
  for (;;) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    if (headEnd < 0) return found;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(raw.slice(at, headEnd));
    const end = headEnd + 4 + Number(length?.[1] ?? 0);
    if (raw.length < end) return found;
    found.push(raw.slice(at, end));
    at = end;
  }
}

/** A raw HTTP/1.1 connection: what was written, what came back, and how it ended. */
function rawConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const state = {
    raw: '',
    writeError: null as string | null,
    socketError: null as string | null,
    serverClosedItsSide: false,
  };
  socket.on('data', (c: Buffer) => {
    state.raw += c.toString('latin1');
  });
  socket.on('end', () => {
    state.serverClosedItsSide = true;
  });
  socket.on('error', (err) => {
    state.socketError ??= err.message;
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    state,
    socket,
    head: (method: string, path: string, headers = '') =>
      `${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${headers}\r\n`,
    write: (chunk: Buffer | string) =>
      new Promise<void>((resolve) =>
        socket.write(chunk, (err) => {
          if (err) state.writeError ??= err.message;
          resolve();
        }),
      ),
    /** Waits for the `n`th complete response (1-based). */
    response: async (n: number) => await until(`response ${n}`, () => responses(state.raw)[n - 1] ?? null, 60_000),
    /** Closes our side and waits until the connection is gone. */
    end: async () => {
      socket.end();
      await closed;
    },
    closed,
  };
}

const JSON_HEAD = (bytes: number) => `Content-Type: application/json\r\nContent-Length: ${bytes}\r\n`;

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
  bot = await startBot();
});

it('refuses a gzip bomb and 256 MB bodies with 413/415, stays up with bounded memory, and finishes the approval in flight', async () => {
  const request = await createRequest(h, 'carol', CONTOSO.apps.sharePoint.appId);
  const bomb = await gzipBomb(600);
  const idleMb = bot.rssMb();
  let peakMb = idleMb;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, bot.rssMb());
  }, 25);

  // An approval in flight: every Graph round trip is slow while the attacks arrive.
  sim.setFaults(fixture.tenant.id, { latencyMs: 800 });
  sim.clearLog(fixture.tenant.id);
  const click = adminChannelClick('alice', 'approveAll', { ...signCardData(request.id, CARD_MAC_KEY) });
  const clickRes = await postToBot(bot, click);
  expect(clickRes.status).toBe(200);

  const json = { 'content-type': 'application/json' };
  const gzipped = await post(bot.url, { ...json, 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, [
    bomb,
  ]);
  const gzipAsPlain = await post(bot.url, { ...json, 'content-length': String(bomb.length) }, [bomb]);
  const declared = await post(
    bot.url,
    { ...json, 'content-length': String(256 * MB) },
    repeat(Buffer.alloc(MB, 0x20), 256 * MB),
  );
  const chunked = await post(
    bot.url,
    { ...json, 'transfer-encoding': 'chunked' },
    repeat(Buffer.alloc(64 * 1024, 0x20), 256 * MB),
  );
  const deflated = await post(bot.url, { ...json, 'content-encoding': 'deflate, gzip' }, [bomb]);
  const peakDuringAttacks = peakMb;

  process.stdout.write(
    [
      `gzip bomb: ${(bomb.length / 1024).toFixed(0)} KB compressed, 600 MB inflated`,
      `  Content-Encoding gzip -> ${gzipped.status ?? gzipped.error} ${gzipped.body}`,
      `  same bytes as plain   -> ${gzipAsPlain.status ?? gzipAsPlain.error} ${gzipAsPlain.body}`,
      `  deflate, gzip         -> ${deflated.status ?? deflated.error} ${deflated.body}`,
      `256 MB declared -> ${declared.status ?? declared.error} ${declared.body} after sending ${(declared.bytesSent / MB).toFixed(1)} MB`,
      `256 MB chunked  -> ${chunked.status ?? chunked.error} ${chunked.body} after sending ${(chunked.bytesSent / MB).toFixed(1)} MB`,
      `RSS of the bot process group: idle ${idleMb} MB, peak during the attacks ${peakDuringAttacks} MB`,
      '',
    ].join('\n'),
  );

  // Every sender reads its answer, even one still streaming when it came: the server drops what
  // still arrives instead of resetting the connection (src/limits/discard-rest.ts).
  expect([gzipped, deflated, gzipAsPlain, declared, chunked].map((r) => `${r.status} ${r.error}`)).toEqual([
    '415 null',
    '415 null',
    '413 null',
    '413 null',
    '413 null',
  ]);
  for (const r of [gzipped, gzipAsPlain, declared, chunked, deflated]) expect(r.body.length).toBeLessThan(100);
  // Reading stopped at the limit: the senders could not push their 256 MB.
  expect(declared.bytesSent).toBeLessThan(64 * MB);
  expect(chunked.bytesSent).toBeLessThan(64 * MB);
  expect(peakDuringAttacks).toBeLessThan(idleMb + RSS_HEADROOM_MB);

  // The approval that was in flight completes; the attacks wrote nothing to Graph.
  const done = await until(
    'the approval to finish',
    async () => {
      const row = await stored(h, request.id);
      return row.state === 'approving' ? null : row;
    },
    120_000,
    bot.output,
  );
  sim.setFaults(fixture.tenant.id, {});
  clearInterval(sampler);
  expect(done.state).toBe('approved');
  expect(graphWrites(sim.log(fixture.tenant.id)).map((w) => `${w.method} ${w.path}`)).toEqual([
    'POST /v1.0/oauth2PermissionGrants',
  ]);

  expect(bot.alive()).toBe(true);
  const health = await fetch(`${bot.url}/healthz`);
  expect(health.status).toBe(200);
  const refusals = bot.logs().filter((l) => l.msg === 'refused a request body');
  expect(refusals.map((l) => l.reason).sort()).toEqual([
    'body_too_large',
    'body_too_large',
    'body_too_large',
    'unsupported_encoding',
    'unsupported_encoding',
  ]);
  expect(bot.output()).not.toMatch(/ERR_STRING_TOO_LONG|\n\s+at \S+ \(/);
  process.stdout.write(`after the attacks: RSS ${bot.rssMb()} MB, request ${done.state}, healthz ${health.status}\n`);
});

it('lets a sender that writes on after its 413 read it: no reset, no second answer', async () => {
  const c = rawConnection(bot.url);
  await c.write(c.head('POST', '/api/messages', JSON_HEAD(256 * MB)));
  await c.write(Buffer.alloc(MB, 0x20));
  const answer = await c.response(1);
  for (let i = 0; i < 8 && !c.socket.destroyed; i++) await c.write(Buffer.alloc(MB, 0x20));
  await c.end();
  process.stdout.write(
    `sender writing 8 MB more after its answer: ${answer.split('\r\n', 1)[0]}; write error ${c.state.writeError}, socket error ${c.state.socketError}\n`,
  );
  expect(answer).toMatch(/^HTTP\/1\.1 413 [^]*\{"error":"body_too_large"\}$/);
  // Its late bytes were read and dropped, not answered with a reset...
  expect([c.state.writeError, c.state.socketError]).toEqual([null, null]);
  // ...and the cut-off body got no second answer.
  expect(c.state.raw).toBe(answer);
  expect(bot.alive()).toBe(true);
});

it('keeps the connection usable after a refused body that ends within the bound, and closes on a sender that stalls', async () => {
  // Just over the limit and sent in full: dropped, answered, and the connection serves the next request.
  const reused = rawConnection(bot.url);
  await reused.write(reused.head('POST', '/api/messages', JSON_HEAD(300 * 1024)) + ' '.repeat(300 * 1024));
  const refused = await reused.response(1);
  await reused.write(reused.head('GET', '/healthz'));
  const health = await reused.response(2);
  await reused.end();
  expect(refused).toMatch(/^HTTP\/1\.1 413 /);
  expect(health).toMatch(/^HTTP\/1\.1 200 /);

  // Declares 256 MB, sends 1 MB and then nothing: the server closes its side (a FIN, not a reset).
  const stalled = rawConnection(bot.url);
  await stalled.write(stalled.head('POST', '/api/messages', JSON_HEAD(256 * MB)));
  await stalled.write(Buffer.alloc(MB, 0x20));
  await stalled.response(1);
  await until('the server to close its side', () => (stalled.state.serverClosedItsSide ? true : null), 60_000);
  await stalled.end();
  expect(stalled.state.socketError).toBeNull();
  expect(bot.alive()).toBe(true);
});
