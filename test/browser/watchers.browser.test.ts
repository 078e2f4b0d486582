/**
 * The watchers in the browser, as people meet them: `npm start` (watchers on, as in the local demo,
 * looking every 5 seconds instead of every minute), then Chromium drives the Microsoft 365 Agents
 * Playground as Alice (admin) and Carol (requester), and the simulator's Entra sign-in page as the
 * people who open an app. Grace opens the Outlook connector, picks her account, meets "Approval
 * required" and presses Entra's own "Request approval"; Alice sees the baseline summary and then
 * Grace's request arriving as an approval card, denies it and reads that Entra's request stays
 * open, with the link. Carol opens the CRM connector, gets "Approval required", closes the tab, and
 * the bot writes to her; its button shows her the diagnosis. Screenshots land in test-artifacts/watchers/.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertSimCaTrusted } from '../helpers/sim';
import { startLocalRun, type LocalRun } from '../helpers/npm-start';
import { launchBrowser, PlaygroundPerson, STEP_MS } from './playground';

jest.setTimeout(240_000);

export const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'watchers');
const OUTLOOK = { id: '46d8463e-640b-4298-825f-a19bbf762b16', name: 'Qlik Web Connectors (Outlook 365)' };
const CRM = { id: 'f61a6a12-70d6-41b4-b6e6-e5b11da7d08e', name: 'Qlik Web Connectors (Dynamics 365 CRM)' };
const GRACE_REASON = 'Weekly customer mail export for the sales team';
const DENY_REASON = 'Please use the approved mail connector instead';
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let run: LocalRun;
let browser: Browser;
let alice: PlaygroundPerson;
let carol: PlaygroundPerson;
/** Where an app sends a person to sign in: the simulator's Entra authorize page for the demo tenant. */
let authorizeUrl: (appId: string) => string;

/** The simulator's address and tenant, from what `npm start` printed ("simulated tenant ready"). */
function entraOf(output: string): { simUrl: string; tenantId: string } {
  const line = output.split('\n').find((l) => l.includes('simulated tenant ready')) ?? '';
  const simUrl = /graph=(https:\/\/\S+)/.exec(line)?.[1];
  const fixture = /fixture=(\S+\.json)/.exec(line)?.[1];
  if (!simUrl || !fixture) throw new Error(`npm start did not say where the simulated tenant is:\n${output}`);
  const tenantId = (JSON.parse(readFileSync(fixture, 'utf8')) as { tenant: { id: string } }).tenant.id;
  return { simUrl, tenantId };
}

/** A person opening an app in their browser: Entra's sign-in page, where they pick their account. */
async function openAppAs(context: BrowserContext, appId: string, person: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(authorizeUrl(appId));
  await page.getByText(person, { exact: false }).first().click();
  await page.getByRole('heading', { name: 'Approval required' }).waitFor({ timeout: STEP_MS });
  return page;
}

/** The Playground's log panel repeats each message's first words: closed, only the conversation is read. */
async function hideLogPanel(person: PlaygroundPerson): Promise<void> {
  await person.page.getByTitle('Toggle Log Panel').click();
  await person.page.getByText('Log Panel', { exact: true }).waitFor({ state: 'hidden', timeout: STEP_MS });
}

beforeAll(async () => {
  assertSimCaTrusted();
  rmSync(SHOTS, { recursive: true, force: true });
  run = await startLocalRun({ prefix: 'consent-doctor-watchers-', env: { WATCH_INTERVAL_SECONDS: '5' } });
  const { simUrl, tenantId } = entraOf(run.output());
  authorizeUrl = (appId) =>
    `${simUrl}/${tenantId}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: appId, scope: 'openid profile' })}`;
  browser = await launchBrowser();
  alice = await PlaygroundPerson.open(browser, 'Alice', run.adminUrl, SHOTS);
  carol = await PlaygroundPerson.open(browser, 'Carol', run.requesterUrl, SHOTS);
  for (const person of [alice, carol]) await hideLogPanel(person);
}, 240_000);

afterAll(async () => {
  // What the bot and both Playgrounds logged, next to the screenshots (the data dir goes with stop()).
  if (run) writeFileSync(join(SHOTS, 'npm-start.log'), run.output());
  if (run) cpSync(join(run.dataDir, 'test-tool'), join(SHOTS, 'test-tool'), { recursive: true });
  await browser?.close();
  await run?.stop();
});

describe('the watchers in the Agents Playground', () => {
  test('b. the first run takes a baseline: one summary in the Approvals channel, no card per old request', async () => {
    await alice.openConversation('Approvals');
    const summary = await alice.sees(/I am now watching Entra's admin consent requests/);
    await expect(summary.textContent()).resolves.toMatch(/3 requests were already waiting/);
    await alice.shot('b-baseline-summary');
    // The three requests already waiting (Carol, Dave, Heidi) are in the summary, not cards.
    expect(await alice.page.getByText(/I am now watching Entra's admin consent requests/).count()).toBe(1);
    expect(
      await alice
        .cards()
        .filter({ hasText: /Also waiting in Entra's admin consent workflow/ })
        .count(),
    ).toBe(0);
  });

  test('a. Grace presses "Request approval" on Entra\'s page; her request arrives as an approval card with its Entra section', async () => {
    const grace = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1000, height: 1100 } });
    try {
      const page = await openAppAs(grace, OUTLOOK.id, 'Grace Analyst');
      await page.getByLabel('Justification').fill(GRACE_REASON);
      await page.screenshot({ path: join(SHOTS, 'a-entra-request-approval.png') });
      await page.getByRole('button', { name: 'Request approval' }).click();
      await page.getByRole('heading', { name: 'Request sent' }).waitFor({ timeout: STEP_MS });
      await page.screenshot({ path: join(SHOTS, 'a-entra-request-sent.png') });
    } finally {
      await grace.close();
    }
    const card = await alice.card(new RegExp(`${escape(GRACE_REASON)}[\\s\\S]*Deny`));
    await card
      .getByText(/Also waiting in Entra's admin consent workflow/)
      .first()
      .waitFor();
    await expect(card.textContent()).resolves.toMatch(
      new RegExp(`Grace Analyst[\\s\\S]*${escape(OUTLOOK.name)}|${escape(OUTLOOK.name)}[\\s\\S]*Grace Analyst`),
    );
    await expect(card.textContent()).resolves.toMatch(/Scopes Entra recorded: Mail\.Read/);
    await alice.shot('a-entra-approval-card', card);
    await alice.shot('a-approvals-channel');
  });

  test("a. Alice denies it; the card says Graph cannot close Entra's request and links to it", async () => {
    const card = await alice.card(new RegExp(`${escape(GRACE_REASON)}[\\s\\S]*Deny`));
    await alice.press(card, 'Deny');
    await card.getByRole('textbox').fill(DENY_REASON);
    await alice.press(card, 'Deny request');
    const denied = await alice.card(
      new RegExp(
        `Denied by Alice Admin[\\s\\S]*${escape(GRACE_REASON)}|${escape(GRACE_REASON)}[\\s\\S]*Denied by Alice Admin`,
      ),
    );
    await denied
      .getByText(/Entra's own request is still open/)
      .first()
      .waitFor();
    await expect(denied.textContent()).resolves.toMatch(/Microsoft Graph cannot approve or deny/);
    await alice.shot('a-entra-card-denied', denied);
    // The link goes to the Entra admin center, which this machine cannot reach: the page it asks for is enough.
    await alice.context.route('https://entra.microsoft.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<h1>Entra admin center</h1>' }),
    );
    const entra = await alice.follow(denied, /Open Entra's consent requests/);
    expect(entra.url()).toContain('StartboardApplicationsMenuBlade/~/AccessRequests');
    await entra.close();
  });

  test('c. Carol meets "Approval required" for the CRM connector; the bot writes to her, and its button shows her the diagnosis', async () => {
    await carol.sees(/tell me which app it is/);
    const page = await openAppAs(carol.context, CRM.id, 'Carol Finance');
    await page.screenshot({ path: join(SHOTS, 'c-entra-approval-required.png') });
    await page.close();
    const offer = await carol.card(/I saw you hit "Need admin approval"/);
    await expect(offer.textContent()).resolves.toContain(CRM.name);
    await carol.shot('c-help-card', offer);
    await carol.shot('c-carol-chat-offer');
    await carol.press(offer, 'Check it and ask my admins');
    const answer = await carol.card(new RegExp(`${escape(CRM.name)}[\\s\\S]*(Waiting for an admin|Check again)`));
    await carol.shot('c-diagnosis', answer);
    await carol.shot('c-carol-chat-diagnosis');
    // She asked through the card: the admins have her request now.
    await alice.card(
      new RegExp(
        `Carol Finance[\\s\\S]*${escape(CRM.name)}[\\s\\S]*Deny|${escape(CRM.name)}[\\s\\S]*Carol Finance[\\s\\S]*Deny`,
      ),
    );
    await alice.shot('c-approvals-channel');
  });
});
