/**
 * The newcomer's run (local mode): two Agents Playground windows on the demo tenant — one signed
 * in as the requester (Carol), one as the admin (Alice, Global Administrator) — because the Playground
 * has exactly one signed-in user per instance. The admin's Playground owns the team with the
 * Approvals channel, which is preset as the bot's admin channel so approvals work out of the box
 * (the "use this channel for approvals" command still works). Prints one URL and a short guide.
 *
 * Off when TEAMS_APP_TEST_TOOL=off or CI=true (tests, pipelines).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TenantFixture } from '../../sim/fixture';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { ADMIN_CHANNEL_KEY } from '../approvals/approval-card-posting';
import { APPROVALS_CHANNEL, TEST_TOOL_BOT, buildTestToolConfig, type TestToolConfig } from './test-tool-config';
import { startTestTool, type RunningTestTool } from './test-tool';
import { LOOPBACK_HOST } from './loopback-only';

export const DEFAULT_TEST_TOOL_PORT = 56150;

type Env = Record<string, string | undefined>;

export function testToolEnabled(env: Env): boolean {
  const flag = env.TEAMS_APP_TEST_TOOL?.trim().toLowerCase();
  if (flag === 'off' || flag === 'false' || flag === '0') return false;
  return env.CI?.trim().toLowerCase() !== 'true';
}

export function testToolPorts(env: Env): { requester: number; admin: number } {
  const raw = env.TEAMS_APP_TEST_TOOL_PORT?.trim();
  const requester =
    raw && /^\d+$/.test(raw) && Number(raw) > 0 && Number(raw) < 65535 ? Number(raw) : DEFAULT_TEST_TOOL_PORT;
  return { requester, admin: requester + 1 };
}

/** The admin's view: same people and team, Alice (or the tenant's first admin) in front. */
export function adminViewConfig(requesterView: TestToolConfig): TestToolConfig {
  const everyone = [requesterView.currentUser, ...requesterView.users];
  const admin =
    everyone.find((u) => u.userPrincipleName.toLowerCase().startsWith('alice@')) ?? everyone[everyone.length - 2];
  return {
    ...requesterView,
    currentUser: admin,
    users: everyone.filter((u) => u !== admin),
    personalChat: { id: `a:personal-chat-${admin.aadObjectId}` },
  };
}

/** The admin channel's conversation reference for the admin's Playground (key `admin-channel`). */
export function approvalsChannelReference(tenantId: string, connectorUrl: string) {
  return {
    activityId: undefined,
    bot: { ...TEST_TOOL_BOT },
    channelId: 'msteams',
    conversation: {
      id: APPROVALS_CHANNEL.id,
      conversationType: 'channel',
      isGroup: true,
      tenantId,
      name: APPROVALS_CHANNEL.name,
    },
    serviceUrl: connectorUrl,
  };
}

/**
 * Presets the approvals channel before the bot starts serving, so /healthz and `doctor` are right
 * from the first request (the admin's Playground answers on its port + /_connector once started).
 */
export async function presetApprovalsChannel(store: Store, tenantId: string, env: Env): Promise<void> {
  if (!testToolEnabled(env)) return;
  const { admin } = testToolPorts(env);
  await store.conversations.save(
    ADMIN_CHANNEL_KEY,
    approvalsChannelReference(tenantId, `http://${LOOPBACK_HOST}:${admin}/_connector`),
  );
}

export function newcomerGuide(
  requester: RunningTestTool,
  admin: RunningTestTool,
  views: { requester: TestToolConfig; admin: TestToolConfig },
  caPath: string,
): string {
  const r = views.requester.currentUser.name;
  const a = views.admin.currentUser.name;
  return [
    '',
    `  Open ${requester.url}`,
    '',
    `  Try this (you are ${r}, a Contoso employee):`,
    '   1. In the personal chat with Consent Doctor, type: the SharePoint connector asks for admin approval',
    '   2. Press "Try signing in" on the answer to see what Entra shows you now (the simulator uses a local CA: trust',
    `      ${caPath} in your browser or accept its warning); then press "Send to admins".`,
    `   3. Be ${a} (Global Administrator): open ${admin.url}, go to IT Admins > ${APPROVALS_CHANNEL.name}, press Approve.`,
    `   4. Back at ${requester.url}: ${r} is told it is fixed; the sign-in link now signs in.`,
    '   5. Type "status" to follow the request. The other two field cases (Dave, Erin): README, "Try it".',
    '',
  ].join('\n');
}

export interface NewcomerRun {
  guide: string;
  requester: RunningTestTool;
  admin: RunningTestTool;
  stop(): Promise<void>;
}

export interface NewcomerRunInput {
  env: Env;
  fixturePath: string;
  tenantId: string;
  /** The bot's base URL, e.g. http://127.0.0.1:3978 */
  botUrl: string;
  dataDir: string;
  store: Store;
  logger: Logger;
}

export async function startNewcomerRun(input: NewcomerRunInput): Promise<NewcomerRun> {
  const fixture = JSON.parse(readFileSync(input.fixturePath, 'utf8')) as Pick<TenantFixture, 'users'>;
  const requesterView = buildTestToolConfig(input.tenantId, fixture.users);
  const adminView = adminViewConfig(requesterView);
  const ports = testToolPorts(input.env);
  const endpoint = `${input.botUrl.replace(/\/+$/, '')}/api/messages`;
  const log = (who: string) => (line: string) => input.logger.debug({ component: `test-tool-${who}` }, line);
  const started: RunningTestTool[] = [];
  try {
    const [requester, admin] = await Promise.all([
      startTestTool({
        endpoint,
        port: ports.requester,
        config: requesterView,
        dir: join(input.dataDir, 'test-tool', 'requester'),
        onOutput: log('requester'),
      }).then((t) => {
        started.push(t);
        return t;
      }),
      startTestTool({
        endpoint,
        port: ports.admin,
        config: adminView,
        dir: join(input.dataDir, 'test-tool', 'admin'),
        onOutput: log('admin'),
      }).then((t) => {
        started.push(t);
        return t;
      }),
    ]);
    await input.store.conversations.save(
      ADMIN_CHANNEL_KEY,
      approvalsChannelReference(input.tenantId, admin.connectorUrl),
    );
    return {
      guide: newcomerGuide(
        requester,
        admin,
        { requester: requesterView, admin: adminView },
        join(input.dataDir, 'sim', 'ca.pem'),
      ),
      requester,
      admin,
      stop: async () => {
        await Promise.all([requester.stop(), admin.stop()]);
      },
    };
  } catch (err) {
    await Promise.all(started.map((t) => t.stop()));
    throw err;
  }
}
