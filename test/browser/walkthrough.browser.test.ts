/**
 * The README walkthrough in the browser, as people do it: `npm start`, then Chromium drives the
 * Microsoft 365 Agents Playground's web UI as Carol (requester) and as Alice (Global Administrator).
 * Every button is pressed the way a person presses it, so the invokes are exactly what the
 * Playground sends (no `trigger`); each step waits for what the person would see next, so the suite
 * fails when any button stops working. It runs `npm start`'s defaults: Approve writes with Alice's
 * own token, so her first Approve gets the sign-in card, she signs in on the simulator's token-service
 * page in a new tab and types the code it shows into the card. Screenshots land in test-artifacts/walkthrough/
 * (`npm run docs:images` copies the chosen ones into docs/images/walkthrough/).
 *
 * WALKTHROUGH_URLS="http://localhost:56150,http://localhost:56151" runs it against an `npm start`
 * that is already running (a fresh one: the steps assume the demo tenant as it starts).
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { assertSimCaTrusted } from '../helpers/sim';
import { startLocalRun, type LocalRun } from '../helpers/npm-start';
import { until } from '../helpers/processes';
import { launchBrowser, PlaygroundPerson, STEP_MS } from './playground';

jest.setTimeout(240_000);

export const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'walkthrough');
const NOTE = 'Needed for the weekly sales report';
const DENY_REASON = 'Please use the approved CRM export instead';
const NOTHING_DONE = /Nothing was done/;
const ALICE_UPN = 'alice@contoso.onmicrosoft.com';

let run: LocalRun | null = null;
let browser: Browser;
let carol: PlaygroundPerson;
let alice: PlaygroundPerson;

beforeAll(async () => {
  assertSimCaTrusted();
  rmSync(SHOTS, { recursive: true, force: true });
  const given = process.env.WALKTHROUGH_URLS?.split(',').map((s) => s.trim());
  // The default local mode: Approve writes with Alice's own token, so her first Approve asks her to sign in.
  if (!given) run = await startLocalRun({ prefix: 'consent-doctor-walkthrough-' });
  const [requesterUrl, adminUrl] = given ?? [run!.requesterUrl, run!.adminUrl];
  browser = await launchBrowser();
  carol = await PlaygroundPerson.open(browser, 'Carol', requesterUrl, SHOTS);
  alice = await PlaygroundPerson.open(browser, 'Alice', adminUrl, SHOTS);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
});

const SHAREPOINT = 'Qlik Web Connectors (Office 365 SharePoint)';
const ONEDRIVE = 'Qlik Web Connectors (OneDrive)';
const CRM = 'Qlik Web Connectors (Dynamics 365 CRM)';
const OUTLOOK = 'Qlik Web Connectors (Outlook 365)';

describe('the README walkthrough in the Agents Playground', () => {
  test('1. Carol is welcomed, asks; her answer card explains and says the admins were asked', async () => {
    await carol.sees(/tell me which app it is/);
    await carol.say('the SharePoint connector asks for admin approval');
    const card = await carol.card(SHAREPOINT);
    await carol.sees(/Waiting for an admin/);
    await carol.shot('answer-pending', card);
    await carol.shot('01-carol-asks');
  });

  test('2. "Try signing in" shows what Entra shows Carol now: approval required', async () => {
    const card = await carol.card(SHAREPOINT);
    const signIn = await carol.follow(card, 'Try signing in');
    await signIn
      .getByText(/Approval required|Need admin approval/)
      .first()
      .waitFor();
    await signIn.screenshot({ path: join(SHOTS, 'signin-approval-required.png') });
    await signIn.close();
  });

  test('3. Carol sends a note to the admins; Alice sees it on the approval card', async () => {
    const card = await carol.card(SHAREPOINT);
    await card.getByRole('textbox').fill(NOTE);
    await carol.press(card, 'Send to admins');
    await carol.sees(/Your response was sent to the app/);
    await alice.openConversation('Approvals');
    const approval = await alice.card(new RegExp(`${NOTE}[\\s\\S]*`));
    await expect(approval.getByText(SHAREPOINT).first().isVisible()).resolves.toBe(true);
    expect(await carol.page.getByText(NOTHING_DONE).count()).toBe(0);
  });

  test('4. Check again, before anyone approved: still waiting', async () => {
    const card = await carol.card(SHAREPOINT);
    await carol.press(card, 'Check again');
    await carol.card(SHAREPOINT);
    await carol.sees(/Waiting for an admin/);
    expect(await carol.page.getByText(NOTHING_DONE).count()).toBe(0);
  });

  test('5. Alice presses "Approve for everyone", signs in once, types the code; the card shows it approved and verified', async () => {
    const approval = await alice.card(new RegExp(NOTE));
    await alice.shot('approval-approver', approval);
    await alice.shot('05-alice-approval-card');
    await alice.press(approval, 'Approve for everyone');
    // No token yet: the card asks her to sign in (the Playground can't show Teams' own sign-in prompt).
    const prompt = await alice.card(/Sign in to approve/);
    await alice.shot('approval-sign-in', prompt);
    const signIn = await alice.follow(prompt, 'Sign in');
    await signIn.getByLabel(/Email or user name/).fill(ALICE_UPN);
    await signIn.locator('main').screenshot({ path: join(SHOTS, 'approval-sign-in-page.png') });
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    const code = (await signIn.locator('#magic-code').textContent({ timeout: STEP_MS }))?.trim() ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await signIn.locator('main').screenshot({ path: join(SHOTS, 'approval-sign-in-code.png') });
    await signIn.close();
    await prompt.getByRole('textbox').fill(code);
    await alice.shot('approval-sign-in-code-typed', prompt);
    await alice.press(prompt, 'Approve');
    const done = await alice.card(/Approved for everyone by Alice Admin/);
    await done
      .getByText(/Verified/)
      .first()
      .waitFor();
    await alice.shot('approval-approved', done);
  });

  test('6. Carol is told, her first card says so too, and "Try signing in" now signs her in', async () => {
    const notice = await carol.card(/is approved/);
    await carol.shot('notice-approved', notice);
    await carol.shot('06-carol-is-told');
    // Cards that stay true: the answer card was redrawn, without the old blockers or the note box.
    const answer = await carol.card(/Approved and fixed/);
    expect(await answer.getByText('What changed').count()).toBe(1);
    expect(await answer.getByRole('button', { name: 'Send to admins' }).count()).toBe(0);
    await carol.shot('answer-approved', answer);
    const signIn = await carol.follow(notice, 'Try signing in');
    await signIn.getByText("You're signed in").first().waitFor();
    await signIn.screenshot({ path: join(SHOTS, 'signin-signed-in.png') });
    await signIn.close();
  });

  test('7. Check again after the approval: the answer card stays approved', async () => {
    const card = carol.cards().filter({ hasText: SHAREPOINT }).filter({ hasText: 'Check again' }).first();
    await carol.press(card, 'Check again');
    await until(
      'the SharePoint answer card to stop waiting',
      async () =>
        (await carol
          .cards()
          .filter({ hasText: SHAREPOINT })
          .filter({ hasText: /Waiting for an admin/ })
          .count()) === 0
          ? true
          : null,
      STEP_MS,
    );
    expect(await carol.page.getByText(NOTHING_DONE).count()).toBe(0);
  });

  test('8. Carol names the app loosely, chooses OneDrive; Alice approves for Carol only', async () => {
    await carol.say('the Qlik connector asks for approval');
    const chooser = await carol.card('Which app do you mean?');
    await carol.shot('choose-app', chooser);
    await carol.press(chooser, `Choose ${ONEDRIVE}`);
    await carol.card(new RegExp(`${ONEDRIVE.replace(/[()]/g, '\\$&')}[\\s\\S]*Check again`));
    const approval = await alice.card(new RegExp(`${ONEDRIVE.replace(/[()]/g, '\\$&')}[\\s\\S]*Deny`));
    await alice.press(approval, /^Approve for .* only$/);
    // Signed in once: the token service still has her token, so no sign-in card this time.
    await alice.card(/Approved for Carol Finance only by Alice Admin/);
    expect(
      await alice
        .cards()
        .filter({ hasText: /Sign in to approve/ })
        .count(),
    ).toBe(0);
    await carol.card(new RegExp(`${ONEDRIVE.replace(/[()]/g, '\\$&')}[\\s\\S]*is approved`));
  });

  test('9. Alice denies the CRM request with a reason; Carol reads the reason', async () => {
    await carol.say('the Qlik connector asks for approval');
    const chooser = await carol.card('Which app do you mean?');
    await carol.press(chooser, `Choose ${CRM}`);
    const approval = await alice.card(new RegExp(`${CRM.replace(/[()]/g, '\\$&')}[\\s\\S]*Deny`));
    await alice.press(approval, 'Deny');
    await approval.getByRole('textbox').fill(DENY_REASON);
    await alice.shot('approval-approver-deny', approval);
    await alice.press(approval, 'Deny request');
    await alice.card(/Denied by Alice Admin/);
    const notice = await carol.card(/was declined/);
    await notice.getByText(DENY_REASON).first().waitFor();
    await carol.shot('notice-denied', notice);
  });

  test('10. Carol asks about Outlook, then cancels; the admins see it withdrawn', async () => {
    await carol.say('the Qlik connector asks for approval');
    const chooser = await carol.card('Which app do you mean?');
    await carol.press(chooser, `Choose ${OUTLOOK}`);
    await alice.card(new RegExp(`${OUTLOOK.replace(/[()]/g, '\\$&')}[\\s\\S]*Deny`));
    await carol.say('cancel');
    await carol.sees(/I withdrew your request for Qlik Web Connectors \(Outlook 365\)/);
    const withdrawn = await alice.card(new RegExp(`${OUTLOOK.replace(/[()]/g, '\\$&')}[\\s\\S]*[Ww]ithdrawn`));
    await alice.shot('approval-withdrawn', withdrawn);
  });

  test('11. Carol pastes the link of an app the organisation does not have: nothing reaches the admins until she sends it', async () => {
    const appId = '5d2f1c7e-8a43-4b6e-9f10-3c7a2e9b4d61';
    await carol.say(
      `I get "Need admin approval" here: https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=${appId}&response_type=code&scope=Files.Read`,
    );
    const card = await carol.card(/not in your organisation yet/);
    await expect(
      card
        .getByText(/Not sent to the admins yet/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    expect(await card.getByText(/The admins have been asked|Waiting for an admin/).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Send to admins' }).count()).toBe(1);
    await carol.shot('answer-note', card);
    // Nothing in the admins' channel yet.
    expect(await alice.cards().filter({ hasText: appId }).count()).toBe(0);

    const why = 'New reporting tool for the finance team';
    await card.getByRole('textbox').fill(why);
    await carol.press(card, 'Send to admins');
    await carol.sees(/Your response was sent to the app/);
    await alice.shot('approval-new-app', await alice.card(new RegExp(why)));
    expect(await carol.page.getByText(NOTHING_DONE).count()).toBe(0);
  });
});
