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
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalRun, type LocalRun } from '../helpers/npm-start';
import { until as waitUntil } from '../helpers/processes';

jest.setTimeout(240_000);

interface ToolAction {
  action: string;
  actionConversationId: string;
  message: {
    messageId: string;
    from?: { id: string };
    text?: string;
    attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
  };
}

interface ExecuteAction {
  type: string;
  verb: string;
  title: string;
  data: Record<string, unknown>;
}

let run: LocalRun | undefined;

/** Waits with the tail of npm start's output appended to time-outs. */
const until = <T>(what: string, probe: () => T | null | Promise<T | null>, timeoutMs = 60_000): Promise<T> =>
  waitUntil(what, probe, timeoutMs, () => run?.output() ?? '');

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
    if (o.type === 'Action.Execute' && typeof o.verb === 'string' && verb.test(o.verb))
      return o as unknown as ExecuteAction;
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
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('npm start: the newcomer run', () => {
  let dataDir: string;
  let stdout = '';
  let toolPort: number;

  beforeAll(async () => {
    run = await startLocalRun({
      env: { LOG_LEVEL: 'info', APPROVAL_WRITES: 'app' },
      prefix: 'consent-doctor-newcomer-',
    });
    ({ dataDir, toolPort } = run);
    stdout = run.output();
  });

  afterAll(async () => {
    await run?.stop();
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

    const cfg = (await (await fetch(`${requester}/_internal/v1/config`)).json()) as {
      config: {
        tenantId: string;
        currentUser: { id: string; name: string };
        personalChat: { id: string };
        teams: Array<{ channels: Array<{ id: string; name: string }> }>;
      };
    };
    expect(cfg.config.currentUser.name).toBe('Carol Finance');
    expect(cfg.config.teams[0].channels.map((c) => c.name)).toEqual(['General', 'Approvals']);
    const chat = cfg.config.personalChat.id;

    const sent = await post(`${requester}/_conversation/v1/conversations/${encodeURIComponent(chat)}/messages`, {
      from: { id: cfg.config.currentUser.id },
      text: 'the SharePoint connector asks for admin approval',
      textFormat: 'plain',
    });
    expect(sent.status).toBe(200);

    // Carol's answer card, with the sign-in link to the simulator's page.
    const answer = await until(
      'the answer card',
      () =>
        toolActions(requesterLog).find(
          (a) => a.action === 'createMessage' && a.actionConversationId === chat && cardOf(a) !== null,
        ) ?? null,
    );
    const answerCard = JSON.stringify(cardOf(answer));
    expect(answerCard).toContain('Qlik Web Connectors (Office 365 SharePoint)');
    // "Try signing in": the simulator's sign-in page (this process trusts the simulator's CA).
    const urls = [...answerCard.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]);
    const signInUrl = urls.find((u) =>
      /^https:\/\/localhost:\d+\/[^/]+\/oauth2\/v2\.0\/authorize\?client_id=34f0b59e-a9fc-4d21-8a85-a3a124438861/.test(
        u,
      ),
    );
    expect({ signInUrl: signInUrl ?? null, urls }).toEqual({ signInUrl: expect.any(String), urls });
    const signInTitle = async (): Promise<string> =>
      /<h1>([^<]*)<\/h1>/.exec(await (await fetch(signInUrl as string)).text())?.[1] ?? '';
    expect(await signInTitle()).toBe('Approval required');

    // The approval card in the admin's Approvals channel (preset at start-up).
    const approval = await until(
      'the approval card in the Approvals channel',
      () =>
        toolActions(adminLog).find(
          (a) =>
            a.action === 'createMessage' &&
            a.actionConversationId === '19:consent-approvals@thread.tacv2' &&
            findExecute(cardOf(a), /^approve/i) !== null,
        ) ?? null,
    );
    const approve =
      findExecute(cardOf(approval), /^approveAll$/) ?? (findExecute(cardOf(approval), /^approve/i) as ExecuteAction);
    const before = toolActions(requesterLog).filter(
      (a) => a.actionConversationId === chat && a.action === 'createMessage',
    ).length;

    const adminCfg = (await (await fetch(`${admin}/_internal/v1/config`)).json()) as {
      config: { currentUser: { id: string; name: string } };
    };
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
    await until(
      'the approval card update',
      () =>
        toolActions(adminLog).find(
          (a) => a.action === 'updateMessage' && a.message.messageId === approval.message.messageId,
        ) ?? null,
    );
    const notice = await until('the requester notification', () => {
      const mine = toolActions(requesterLog).filter(
        (a) => a.actionConversationId === chat && a.action === 'createMessage',
      );
      return mine.length > before ? mine[mine.length - 1] : null;
    });
    expect(JSON.stringify(notice.message)).toMatch(/SharePoint/);
    // The moment after the fix: the same link now signs Carol in.
    expect(await signInTitle()).toBe("You're signed in");
  });
});
