/**
 * The Agents Playground has no listen-address option and binds every interface; started by the
 * bot it must listen on loopback only (src/local-tools/loopback-only.ts), or its mock Bot Connector
 * would relay anything from the network to the bot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestToolConfig } from '../../src/local-tools/test-tool-config';
import { startTestTool, type RunningTestTool } from '../../src/local-tools/test-tool';
import { freePort } from '../helpers/processes';
import { CONTOSO_FIXTURE_USERS } from './playground-fixture';

jest.setTimeout(120_000);

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(3000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const external =
  Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? null;

let tool: RunningTestTool | null = null;
let dir: string;
/** A stand-in bot endpoint that accepts every activity, so the Playground starts as it would with the bot. */
let bot: Server;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consent-doctor-playground-'));
  // No chaining on writeHead: restify, loaded by other suites in the same jest worker, patches
  // ServerResponse.prototype.writeHead with a version that does not return the response.
  bot = createHttpServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((r) => bot.listen(0, '127.0.0.1', () => r()));
  const botPort = (bot.address() as { port: number }).port;
  const port = await freePort();
  tool = await startTestTool({
    endpoint: `http://127.0.0.1:${botPort}/api/messages`,
    port,
    dir,
    config: buildTestToolConfig('e6c3fbc6-0a2a-4424-bd0f-0ab1bdd37b0b', CONTOSO_FIXTURE_USERS),
  });
});

afterAll(async () => {
  await tool?.stop();
  await new Promise<void>((r) => (bot ? bot.close(() => r()) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('answers on loopback', async () => {
  expect(await reachable('127.0.0.1', tool!.port)).toBe(true);
  expect(tool!.connectorUrl).toBe(`http://127.0.0.1:${tool!.port}/_connector`);
});

(external ? test : test.skip)("is not reachable on the machine's network address", async () => {
  expect(await reachable(external!, tool!.port)).toBe(false);
});
