/**
 * The newcomer's run, end to end: `npm start` with no configuration (a temporary data dir, free
 * ports, its own Azurite) starts the simulator, the bot and two Agents Playground instances
 * (requester and admin); the test then drives the Playground over its HTTP API as a person would
 * through its web page: Carol asks, her answer card arrives; the approval card arrives in the
 * admin's Approvals channel; Alice approves there; Carol is told.
 *
 * What the bot posts is read from the Playground's own log (every message the bot creates or updates
 * is recorded there as a createMessage/updateMessage action).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureSimTls } from '../../sim/certs';
import { startTestAzurite, type TestAzurite } from '../helpers/azurite';

jest.setTimeout(240_000);

const ROOT = join(__dirname, '..', '..');

interface ToolAction {
  action: string;
  actionConversationId: string;
  message: { messageId: string; from?: { id: string }; text?: string; attachments?: Array<{ contentType: string; content: Record<string, unknown> }> };
}

interface ExecuteAction { type: string; verb: string; title: string; data: Record<string, unknown> }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, () => s.close(() => resolve(true)));
  });
}

/** Two consecutive free ports (requester tool, admin tool). */
async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await freePort();
    if (p < 65000 && (await portFree(p + 1))) return p;
  }
  throw new Error('no two consecutive free ports');
}

/** Set by the suite: the tail of npm start's output, appended to timeouts. */
let diagnostics: () => string = () => '';

async function until<T>(what: string, probe: () => T | null | Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${diagnostics()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function toolActions(logFile: string): ToolAction[] {
  if (!existsSync(logFile)) return [];
  const out: ToolAction[] = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    const i = line.indexOf('{"action":"');
    if (i < 0) continue;
    try {
      out.push(JSON.parse(line.slice(i)) as ToolAction);
    } catch {
      /* a line still being written */
    }
  }
  return out;
}

function findExecute(node: unknown, verb: RegExp): ExecuteAction | null {
  if (Array.isArray(node)) {
    for (const x of node) {
      const hit = findExecute(x, verb);
      if (hit) return hit;
    }
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute' && typeof o.verb === 'string' && verb.test(o.verb)) return o as unknown as ExecuteAction;
    for (const v of Object.values(o)) {
      const hit = findExecute(v, verb);
      if (hit) return hit;
    }
  }
  return null;
}

const cardOf = (a: ToolAction): Record<string, unknown> | null =>
  a.message.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content ?? null;

async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

describe('npm start: the newcomer run', () => {
  let dataDir: string;
  let azurite: TestAzurite;
  let child: ChildProcess | undefined;
  let stdout = '';
  let toolPort: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'consent-doctor-newcomer-'));
    // Reuse this process's simulator CA: the bundle it trusts would otherwise hold two CAs with the
    // same name, which TLS verification cannot tell apart.
    const caDir = dirname(ensureSimTls().caPath);
    mkdirSync(join(dataDir, 'sim'), { recursive: true });
    for (const f of ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem']) {
      if (existsSync(join(caDir, f))) copyFileSync(join(caDir, f), join(dataDir, 'sim', f));
    }
    azurite = await startTestAzurite();
    toolPort = await freePortPair();
    diagnostics = () => `\n--- npm start output (tail) ---\n${stdout.slice(-4000)}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CONSENT_DOCTOR_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      TEAMS_APP_TEST_TOOL_PORT: String(toolPort),
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      LOG_LEVEL: 'info',
      APPROVAL_WRITES: 'app',
    };
    for (const k of ['CI', 'TEAMS_APP_TEST_TOOL', 'BOT_ID', 'BOT_PASSWORD', 'NODE_ENV', 'CONSENT_DOCTOR_MODE', 'SIM_TENANT_FIXTURE']) delete env[k];
    // Its own process group, so cleanup reaches npm, tsx, the bot and the Playgrounds.
    child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr?.on('data', (c: Buffer) => { stdout += c.toString(); });
    await until('the "Open ..." line', () => (stdout.includes(`Open http://localhost:${toolPort}`) ? true : null), 150_000);
  });

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise<void>((r) => child?.once('exit', () => r()));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { process.kill(-(child?.pid as number), 'SIGKILL'); } catch { /* gone */ } }, 15_000);
      await exited;
      clearTimeout(timer);
    }
    await azurite?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('prints one URL and a short guide', () => {
    expect(stdout).toContain(`Open http://localhost:${toolPort}`);
    expect(stdout).toMatch(/Try this \(you are Carol Finance/);
    expect(stdout).toContain('the SharePoint connector asks for admin approval');
  });

  test('Carol asks in the Playground, gets her card; Alice approves in the Approvals channel; Carol is told', async () => {
    const requester = `http://127.0.0.1:${toolPort}`;
    const admin = `http://127.0.0.1:${toolPort + 1}`;
    const requesterLog = join(dataDir, 'test-tool', 'requester', 'test-tool.log');
    const adminLog = join(dataDir, 'test-tool', 'admin', 'test-tool.log');

    const cfg = await (await fetch(`${requester}/_internal/v1/config`)).json() as { config: { tenantId: string; currentUser: { id: string; name: string }; personalChat: { id: string }; teams: Array<{ channels: Array<{ id: string; name: string }> }> } };
    expect(cfg.config.currentUser.name).toBe('Carol Finance');
    expect(cfg.config.teams[0].channels.map((c) => c.name)).toEqual(['General', 'Approvals']);
    const chat = cfg.config.personalChat.id;

    const sent = await post(`${requester}/_conversation/v1/conversations/${encodeURIComponent(chat)}/messages`, {
      from: { id: cfg.config.currentUser.id }, text: 'the SharePoint connector asks for admin approval', textFormat: 'plain',
    });
    expect(sent.status).toBe(200);

    // Carol's answer card, with the sign-in link to the simulator's page.
    const answer = await until('the answer card', () =>
      toolActions(requesterLog).find((a) => a.action === 'createMessage' && a.actionConversationId === chat && cardOf(a) !== null) ?? null);
    const answerCard = JSON.stringify(cardOf(answer));
    expect(answerCard).toContain('Qlik Web Connectors (Office 365 SharePoint)');
    // "Try signing in": the simulator's sign-in page (this process trusts the simulator's CA).
    const urls = [...answerCard.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]);
    const signInUrl = urls.find((u) => /^https:\/\/localhost:\d+\/[^/]+\/oauth2\/v2\.0\/authorize\?client_id=34f0b59e-a9fc-4d21-8a85-a3a124438861/.test(u));
    expect({ signInUrl: signInUrl ?? null, urls }).toEqual({ signInUrl: expect.any(String), urls });
    const signInTitle = async (): Promise<string> => /<h1>([^<]*)<\/h1>/.exec(await (await fetch(signInUrl as string)).text())?.[1] ?? '';
    expect(await signInTitle()).toBe('Approval required');

    // The approval card in the admin's Approvals channel (preset at start-up).
    const approval = await until('the approval card in the Approvals channel', () =>
      toolActions(adminLog).find((a) => a.action === 'createMessage' && a.actionConversationId === '19:consent-approvals@thread.tacv2' && findExecute(cardOf(a), /^approve/i) !== null) ?? null);
    const approve = findExecute(cardOf(approval), /^approveAll$/) ?? findExecute(cardOf(approval), /^approve/i) as ExecuteAction;
    const before = toolActions(requesterLog).filter((a) => a.actionConversationId === chat && a.action === 'createMessage').length;

    const adminCfg = await (await fetch(`${admin}/_internal/v1/config`)).json() as { config: { currentUser: { id: string; name: string } } };
    expect(adminCfg.config.currentUser.name).toBe('Alice Admin');
    const clicked = await post(`${admin}/_conversation/v1/invoke`, {
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: approve.verb, data: approve.data }, trigger: 'manual' },
      from: { id: adminCfg.config.currentUser.id },
      conversation: { id: `${approval.actionConversationId};messageid=${approval.message.messageId}` },
      replyToId: approval.message.messageId,
    });
    expect(clicked.status).toBe(200);

    // The card is updated for the channel, and Carol gets a new message in her chat.
    await until('the approval card update', () =>
      toolActions(adminLog).find((a) => a.action === 'updateMessage' && a.message.messageId === approval.message.messageId) ?? null);
    const notice = await until('the requester notification', () => {
      const mine = toolActions(requesterLog).filter((a) => a.actionConversationId === chat && a.action === 'createMessage');
      return mine.length > before ? mine[mine.length - 1] : null;
    });
    expect(JSON.stringify(notice.message)).toMatch(/SharePoint/);
    // The moment after the fix: the same link now signs Carol in.
    expect(await signInTitle()).toBe("You're signed in");
  });
});
